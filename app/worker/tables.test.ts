import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../engine/testing';
import type { TraceEvent } from '../engine/trace';
import { DbTables } from './tables';
import { TraceIndex } from './traceIndex';

const { events } = runScenario(loadScenarioFile('reschedule.json'));
const index = new TraceIndex(events);
index.update();

/** The tables at `seq` folded from scratch, as plain data. */
function fresh(seq: number) {
  const t = new DbTables(events);
  t.moveTo(seq);
  return dump(t);
}
const dump = (t: DbTables) =>
  t.catalog().map((db) => ({
    db: db.name,
    tables: db.tables.map((tb) => ({
      ...tb,
      rows: t.rows(db.name, tb.name).map((r) => ({ ...r })),
    })),
  }));

describe('database tables folded from the trace', () => {
  it('moving back anywhere gives the same tables as folding from the start', () => {
    const t = new DbTables(events);
    t.moveTo(events.length);
    for (const seq of [events.length - 1, 150, 149, 90, 3, 0, 120, events.length]) {
      t.moveTo(seq);
      expect(dump(t), `at ${seq}`).toEqual(fresh(seq));
    }
  });

  it('a delete is undone in place, and the build request is gone after the conductor deletes it', () => {
    const del = events.find(
      (e) => e.type === 'db' && e.op === 'delete' && e.table === 'build_requests',
    )!;
    const t = new DbTables(events);
    t.moveTo(del.seq);
    expect(t.row('nova-api-db', 'build_requests', (del as { key: string }).key)).not.toBeNull();
    t.moveTo(del.seq + 1);
    expect(t.row('nova-api-db', 'build_requests', (del as { key: string }).key)).toBeNull();
    const view = t.view(
      { database: 'nova-api-db', table: 'build_requests', page: 0 },
      index.dbWrites,
    );
    // shown struck through where it was, for the step that deleted it
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]).toMatchObject({ changed: 'delete', gone: true });
    expect(view.deletedShown).toBe(true);
    expect(view.databases.find((d) => d.name === 'nova-api-db')?.tables).toContainEqual({
      name: 'build_requests',
      rows: 0,
    });
  });

  it('following, a delete that is still the latest write keeps its row on show, struck through', () => {
    const nvh = runScenario(loadScenarioFile('no-valid-host.json')).events;
    const nvhIndex = new TraceIndex(nvh);
    nvhIndex.update();
    const del = nvh.find(
      (e) => e.type === 'db' && e.op === 'delete' && e.table === 'build_requests',
    )!;
    const next = nvh.findIndex((e, i) => i > del.seq && e.type === 'db');
    expect(next, 'events between the delete and the next write').toBeGreaterThan(del.seq + 1);
    const t = new DbTables(nvh);
    t.moveTo(del.seq + 2);
    const v = t.view({ database: null, table: null, page: 0 }, nvhIndex.dbWrites);
    expect(v).toMatchObject({ database: 'nova-api-db', table: 'build_requests', total: 1 });
    expect(v.deletedShown).toBe(true);
    expect(v.rows).toEqual([
      expect.objectContaining({ key: (del as { key: string }).key, gone: true, changed: null }),
    ]);
    expect(v.rows[0]!.lastSeq).toBe(del.seq);
    // chosen by hand, the table is as it is: empty
    const chosen = t.view(
      { database: 'nova-api-db', table: 'build_requests', page: 0 },
      nvhIndex.dbWrites,
    );
    expect(chosen).toMatchObject({ total: 0, deletedShown: false, rows: [] });
    // once another write is the latest, the view follows it and the deleted row is not shown
    t.moveTo(next + 1);
    const after = t.view({ database: null, table: null, page: 0 }, nvhIndex.dbWrites);
    expect(after.rows.some((r) => r.gone)).toBe(false);
    expect(after.deletedShown).toBe(false);
  });

  it('following: the view shows the table of the latest write, its row marked', () => {
    const write = events.find(
      (e) => e.type === 'db' && e.table === 'instances' && e.op === 'update',
    )!;
    const t = new DbTables(events);
    const { key, fields } = write as { key: string; fields: Record<string, unknown> };
    t.moveTo(write.seq);
    const before = t
      .view({ database: 'nova-cell1-db', table: 'instances', page: 0 }, index.dbWrites)
      .rows.find((r) => r.key === key)!.values;
    t.moveTo(write.seq + 1);
    const v = t.view({ database: null, table: null, page: 0 }, index.dbWrites);
    expect(v).toMatchObject({ following: true, database: 'nova-cell1-db', table: 'instances' });
    expect(v.rows.find((r) => r.changed === 'update')?.key).toBe(key);
    expect(v.columns).toContain('vm_state');
    // the cells whose value the update changed, and only on its row
    const changed = Object.keys(fields).filter((c) => before[c] !== fields[c]);
    expect(changed.length).toBeGreaterThan(0);
    expect(v.rows.find((r) => r.changed === 'update')?.changedColumns).toEqual(changed);
    expect(
      v.rows.filter((r) => r.changed !== 'update').every((r) => r.changedColumns.length === 0),
    ).toBe(true);
  });

  it('marks the cells whose value an update changed, not those it wrote again unchanged', () => {
    const t = new DbTables(events);
    const updates = events.filter(
      (e): e is Extract<TraceEvent, { type: 'db' }> =>
        e.type === 'db' && e.table === 'instances' && e.op === 'update',
    );
    // the save of task_state networking writes vm_state building back as it was
    const networking = updates.find((e) => e.fields.task_state === 'networking')!;
    expect(networking.fields.vm_state).toBe('building');
    t.moveTo(networking.seq + 1);
    const row = t
      .view({ database: null, table: null, page: 0 }, index.dbWrites)
      .rows.find((r) => r.changed === 'update')!;
    expect(row.changedColumns).toContain('task_state');
    expect(row.changedColumns).not.toContain('vm_state');
  });

  it('pages at 50 rows', () => {
    const t = new DbTables(events);
    t.moveTo(events.length);
    const v = t.view({ database: 'placement', table: 'inventories', page: 5 }, index.dbWrites);
    expect(v.pageSize).toBe(50);
    expect(v.page).toBe(0);
    expect(v.rows.length).toBe(v.total);
  });
});

describe("placement's tables", () => {
  it('name the providers their rows point at by their host, and no other table does', () => {
    const t = new DbTables(events);
    t.moveTo(events.length);
    const allocations = t.view(
      { database: 'placement', table: 'allocations', page: 0 },
      index.dbWrites,
    );
    expect(allocations.rows.length).toBe(3);
    const rp = allocations.rows[0]!.values.resource_provider as string;
    // the server ended on the alternate: host2's provider, and only it
    expect(allocations.providerNames).toEqual({ [rp]: 'host2' });
    const instances = t.view(
      { database: 'nova-cell1-db', table: 'instances', page: 0 },
      index.dbWrites,
    );
    expect(instances.providerNames).toEqual({});
  });
});
