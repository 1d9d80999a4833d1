import type { World } from '../world';

export type Row = Record<string, unknown>;

export interface WriteContext {
  by: string;
  request_id?: string | null;
  instance?: string | null;
}

/**
 * One table of an in-memory database. Every write is a `db` trace event, so the database
 * view at any step is a fold of the trace.
 */
export class Table<R extends Row> {
  private rows = new Map<string, R>();
  private autoId = 0;
  /** Called after every write with the row's key: lets a cache know its copy is stale. */
  onWrite: ((key: string) => void) | null = null;

  /**
   * @param copyOf the copy of a row its insert event keeps. A table whose rows have one shape
   * gives a spread of its own: one spread shared by every table sees a dozen shapes, and V8's
   * clone of an object at such a site is a runtime call (nine inserts a boot).
   */
  constructor(
    private readonly world: World,
    readonly database: string,
    readonly name: string,
    private readonly keyOf: (row: R) => string,
    private readonly copyOf: (row: R) => R = copyRow,
  ) {}

  nextId(): number {
    return ++this.autoId;
  }

  get size(): number {
    return this.rows.size;
  }

  get(key: string): R | undefined {
    return this.rows.get(key);
  }

  values(): IterableIterator<R> {
    return this.rows.values();
  }

  insert(ctx: WriteContext, row: R): R {
    const key = this.keyOf(row);
    this.rows.set(key, row);
    this.emit(ctx, 'insert', key, this.copyOf(row));
    this.onWrite?.(key);
    return row;
  }

  update(ctx: WriteContext, key: string, fields: Partial<R>): R | undefined {
    const row = this.rows.get(key);
    if (!row) return undefined;
    Object.assign(row, fields);
    // callers pass a fresh object, so it can be the event's own record of the change
    this.emit(ctx, 'update', key, fields as Row);
    this.onWrite?.(key);
    return row;
  }

  delete(ctx: WriteContext, key: string): boolean {
    if (!this.rows.delete(key)) return false;
    this.emit(ctx, 'delete', key, {});
    this.onWrite?.(key);
    return true;
  }

  private emit(
    ctx: WriteContext,
    op: 'insert' | 'update' | 'delete',
    key: string,
    fields: Row,
  ): void {
    emitWrite(this.world, this.database, this.name, ctx, op, key, fields);
  }
}

/** A write's `db` trace event: the database view is a fold of them. */
export function emitWrite(
  world: World,
  database: string,
  table: string,
  ctx: WriteContext,
  op: 'insert' | 'update' | 'delete',
  key: string,
  fields: Row,
): void {
  world.emit({
    type: 'db',
    request_id: ctx.request_id ?? null,
    instance: ctx.instance ?? null,
    by: ctx.by,
    database,
    table,
    op,
    key,
    fields,
    seq: 0,
    t: 0,
  });
}

const copyRow = <R extends Row>(row: R): R => ({ ...row });
