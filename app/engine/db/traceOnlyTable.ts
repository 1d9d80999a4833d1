import type { World } from '../world';
import { emitWrite, type Row, type WriteContext } from './table';

/**
 * A table whose rows another structure already holds: it writes their inserts and deletes to
 * the trace (the database view is a fold of the trace) and keeps nothing. Placement keeps a
 * consumer's allocations itself (Placement.allocations); as a Table, each boot's three rows
 * and their 80-character keys stayed alive for the cloud's life, a seventh of what a finished
 * boot leaves behind, for collections to copy (and each insert copied its row for its event).
 */
export class TraceOnlyTable<R extends Row> {
  private autoId = 0;

  constructor(
    private readonly world: World,
    readonly database: string,
    readonly name: string,
    private readonly keyOf: (row: R) => string,
  ) {}

  nextId(): number {
    return ++this.autoId;
  }

  /** `row` is the insert event's own record: the caller makes it for this and keeps nothing of it. */
  insert(ctx: WriteContext, row: R): void {
    this.emit(ctx, 'insert', this.keyOf(row), row);
  }

  /** The caller knows the row is there (it holds it). */
  delete(ctx: WriteContext, key: string): void {
    this.emit(ctx, 'delete', key, {});
  }

  private emit(ctx: WriteContext, op: 'insert' | 'delete', key: string, fields: Row): void {
    emitWrite(this.world, this.database, this.name, ctx, op, key, fields);
  }
}
