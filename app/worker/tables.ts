import type { DbEvent, TraceEvent } from '../engine/trace';
import type { TableQuery, TableRowView, TableView } from '../protocol/views';
import { lastBelow } from './traceIndex';

/** A row as the database view folds it: never mutated, so the undo log can keep it. */
export interface TableRow {
  key: string;
  values: Record<string, unknown>;
  /** seq of the insert that created it: rows are listed in this order */
  insertSeq: number;
  /** seq of the last write */
  lastSeq: number;
}

interface Table {
  rows: Map<string, TableRow>;
  /** rows sorted by insertSeq, rebuilt lazily after an insert or a delete */
  sorted: TableRow[] | null;
  /** the first write to the table: before it, the table is not listed */
  firstSeq: number;
}

/** What to undo for one write: the row as it was before (null: there was none). */
interface Undo {
  seq: number;
  database: string;
  table: string;
  key: string;
  before: TableRow | null;
}

/** The databases in the order an operator thinks of them. */
export const DATABASE_ORDER = ['nova-api-db', 'nova-cell0-db', 'nova-cell1-db', 'placement'];

export const PAGE_SIZE = 50;

const byInsert = (a: TableRow, b: TableRow) =>
  a.insertSeq - b.insertSeq || (a.key < b.key ? -1 : 1);

/**
 * The database tables at a cursor, folded from the trace's `db` events. Moving forward
 * applies writes; moving back undoes them from a log of the rows they replaced, so a step
 * back costs the writes stepped over, never a replay from the start.
 */
export class DbTables {
  private readonly dbs = new Map<string, Map<string, Table>>();
  private readonly undo: Undo[] = [];
  /** events 0 … seq-1 are applied */
  private seq = 0;

  constructor(private readonly events: readonly TraceEvent[]) {}

  get cursor(): number {
    return this.seq;
  }

  private table(database: string, table: string, seq: number): Table {
    let db = this.dbs.get(database);
    if (!db) this.dbs.set(database, (db = new Map()));
    let t = db.get(table);
    if (!t) db.set(table, (t = { rows: new Map(), sorted: null, firstSeq: seq }));
    return t;
  }

  private setRow(t: Table, key: string, row: TableRow | null, reorder: boolean): void {
    if (row) t.rows.set(key, row);
    else t.rows.delete(key);
    if (reorder) t.sorted = null;
  }

  private apply(ev: DbEvent): void {
    const t = this.table(ev.database, ev.table, ev.seq);
    const before = t.rows.get(ev.key) ?? null;
    this.undo.push({ seq: ev.seq, database: ev.database, table: ev.table, key: ev.key, before });
    if (ev.op === 'delete') {
      this.setRow(t, ev.key, null, true);
    } else if (ev.op === 'insert' || !before) {
      const row = { key: ev.key, values: { ...ev.fields }, insertSeq: ev.seq, lastSeq: ev.seq };
      this.setRow(t, ev.key, row, true);
    } else {
      const row = { ...before, values: { ...before.values, ...ev.fields }, lastSeq: ev.seq };
      // an update keeps the row where it is in the sorted list
      this.setRow(t, ev.key, row, false);
      if (t.sorted) {
        const i = t.sorted.indexOf(before);
        if (i >= 0) t.sorted[i] = row;
        else t.sorted = null;
      }
    }
  }

  private revert(u: Undo): void {
    const t = this.table(u.database, u.table, u.seq);
    const now = t.rows.get(u.key) ?? null;
    const reorder = now === null || u.before === null;
    this.setRow(t, u.key, u.before, reorder);
    if (!reorder && t.sorted && now) {
      const i = t.sorted.indexOf(now);
      if (i >= 0) t.sorted[i] = u.before!;
      else t.sorted = null;
    }
  }

  /** Moves to `seq` (events 0 … seq-1 applied). */
  moveTo(seq: number): void {
    const target = Math.max(0, Math.min(seq, this.events.length));
    while (this.seq < target) {
      const ev = this.events[this.seq]!;
      if (ev.type === 'db') this.apply(ev);
      this.seq++;
    }
    if (target < this.seq) {
      for (
        let u = this.undo[this.undo.length - 1];
        u && u.seq >= target;
        u = this.undo[this.undo.length - 1]
      ) {
        this.revert(u);
        this.undo.pop();
      }
      this.seq = target;
    }
  }

  /** The row a write at `seq` (before the cursor) replaced: the undo log is in seq order. */
  private undoneBy(seq: number): TableRow | null {
    let lo = 0;
    let hi = this.undo.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.undo[mid]!;
      if (u.seq === seq) return u.before;
      if (u.seq < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  /**
   * The columns whose value update `ev` changed. Nova's saves write back fields set again to
   * the same value (vm_state building, again): those are written, not changed, as the
   * inspector's before and after say too.
   */
  private changedValues(ev: DbEvent): string[] {
    const before = this.undoneBy(ev.seq)?.values ?? {};
    return Object.keys(ev.fields).filter(
      (c) => !(c in before) || JSON.stringify(before[c]) !== JSON.stringify(ev.fields[c]),
    );
  }

  row(database: string, table: string, key: string): TableRow | null {
    return this.dbs.get(database)?.get(table)?.rows.get(key) ?? null;
  }

  /** The rows of a table at the cursor, in insert order. */
  rows(database: string, table: string): readonly TableRow[] {
    const t = this.dbs.get(database)?.get(table);
    if (!t) return [];
    if (!t.sorted) t.sorted = [...t.rows.values()].sort(byInsert);
    return t.sorted;
  }

  /** Every database and table written before the cursor (emptied tables included). */
  catalog(): { name: string; tables: { name: string; rows: number }[] }[] {
    const names = [...this.dbs.keys()]
      .filter((n) => this.listed(n).length > 0)
      .sort((a, b) => {
        const ia = DATABASE_ORDER.indexOf(a);
        const ib = DATABASE_ORDER.indexOf(b);
        return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
      });
    return names.map((name) => ({
      name,
      tables: this.listed(name)
        .map(([t, v]) => ({ name: t, rows: v.rows.size }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }));
  }

  private listed(database: string): [string, Table][] {
    return [...(this.dbs.get(database)?.entries() ?? [])].filter(([, t]) => t.firstSeq < this.seq);
  }

  /**
   * The page of one table the UI shows, at the cursor. With no database or table named, the
   * view follows the latest write: its table, and the page holding its row.
   */
  view(query: TableQuery, dbWrites: readonly number[]): TableView {
    const seq = this.seq;
    const lastWrite = lastBelow(dbWrites, seq);
    const latest = lastWrite >= 0 ? (this.events[lastWrite] as DbEvent) : null;
    const following = query.database === null || query.table === null;
    const database = following ? (latest?.database ?? null) : query.database;
    const table = following ? (latest?.table ?? null) : query.table;
    const current = seq > 0 ? this.events[seq - 1]! : null;
    const changed =
      current?.type === 'db' && current.database === database && current.table === table
        ? current
        : null;

    const all = database && table ? this.rows(database, table) : [];
    let list: readonly TableRow[] = all;
    // A deleted row is still shown, struck through, where it was: for the step that deleted
    // it, and while following, as long as its delete is the latest write (an emptied table
    // would say nothing of what the write did).
    const deletion =
      changed?.op === 'delete' ? changed : following && latest?.op === 'delete' ? latest : null;
    const deleted = deletion ? this.undoneBy(deletion.seq) : null;
    if (deleted) list = [...all, deleted].sort(byInsert);
    const total = list.length;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    let page = Math.min(Math.max(0, Math.floor(query.page)), pages - 1);
    const shown = changed ?? deletion;
    if (following && shown) {
      const i = list.findIndex((r) => r.key === shown.key);
      if (i >= 0) page = Math.floor(i / PAGE_SIZE);
    }
    const slice = list.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    const columns: string[] = [];
    const seen = new Set<string>();
    for (const r of slice)
      for (const c of Object.keys(r.values))
        if (!seen.has(c)) {
          seen.add(c);
          columns.push(c);
        }
    const rows: TableRowView[] = slice.map((r) => ({
      key: r.key,
      values: r.values,
      lastSeq: r === deleted ? deletion!.seq : r.lastSeq,
      changed: changed && changed.key === r.key ? changed.op : null,
      gone: r === deleted,
      changedColumns:
        changed && changed.key === r.key && changed.op === 'update'
          ? this.changedValues(changed)
          : [],
    }));
    return {
      view: 'table',
      seq,
      databases: this.catalog(),
      database,
      table,
      following,
      page,
      pageSize: PAGE_SIZE,
      total,
      deletedShown: deleted !== null,
      columns,
      rows,
      providerNames: database === 'placement' ? this.providerNames(slice) : {},
    };
  }

  /** The names of the resource providers `rows` name (in a value, or in their key), at the cursor. */
  private providerNames(rows: readonly TableRow[]): Record<string, string> {
    const named = new Set<string>();
    for (const r of rows) {
      for (const part of r.key.split('/')) named.add(part);
      for (const v of Object.values(r.values)) if (typeof v === 'string') named.add(v);
    }
    const names: Record<string, string> = {};
    for (const r of this.rows('placement', 'resource_providers'))
      if (named.has(r.key) && typeof r.values.name === 'string') names[r.key] = r.values.name;
    return names;
  }
}
