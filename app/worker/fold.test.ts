import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/engine';
import { parseScenario } from '../engine/scenario';
import { bootRequest, loadScenarioFile, runScenario, testScenario } from '../engine/testing';
import type { TraceEvent } from '../engine/trace';
import { cloneFold, emptyFold, foldEvents, FoldCursor, applyEvent, type FoldState } from './fold';

function trace(requests: number, hosts: number): TraceEvent[] {
  const scenario = parseScenario({
    format: 'nova-boot-visualizer/scenario@1',
    name: 'fold test',
    seed: 7,
    cloud: {
      hosts: [{ name: 'host', count: hosts, vcpus: 8, memory_mb: 16384, disk_gb: 100 }],
      quotas: { instances: 100, cores: 100, ram: 512000 },
    },
    requests: [
      {
        at: 0,
        name: 'vm',
        flavorRef: '1',
        imageRef: '155d900f-4e14-4e4c-a73d-069cbf4541e6',
        repeat: requests,
        every: 700,
      },
    ],
  });
  const events: TraceEvent[] = [];
  const engine = createEngine(scenario, { sink: (ev) => void events.push(ev) });
  engine.run();
  return events;
}

const plain = (s: Readonly<FoldState>) => ({
  seq: s.seq,
  t: s.t,
  counts: s.counts,
  instances: [...s.instances.values()].sort((a, b) => a.uuid.localeCompare(b.uuid)),
});

describe('fold', () => {
  const events = trace(20, 3);

  it('has enough events to cross several snapshots', () => {
    expect(events.length).toBeGreaterThan(1500);
  });

  it('ends with every instance active on a host', () => {
    const s = foldEvents(events, events.length);
    expect(s.instances.size).toBe(20);
    for (const row of s.instances.values()) {
      expect(row.vm_state).toBe('active');
      expect(row.task_state).toBeNull();
      expect(row.host).toMatch(/^host\d$/);
      expect(row.name).toMatch(/^vm-\d+$/);
    }
    expect(Object.values(s.counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(events.length);
  });

  it('keeps the fault of a failed build on its row (cell0 burial, retries exhausted)', () => {
    for (const [file, message] of [
      ['no-valid-host.json', /^No valid host was found/],
      ['retries-exhausted.json', /^Exceeded maximum number of retries/],
    ] as const) {
      const { events: failed } = runScenario(loadScenarioFile(file));
      const rows = [...foldEvents(failed, failed.length).instances.values()];
      expect(rows).toHaveLength(1);
      expect(rows[0]!.vm_state).toBe('error');
      expect(rows[0]!.fault).toMatch(message);
    }
    const s = foldEvents(events, events.length);
    for (const row of s.instances.values()) expect(row.fault).toBeNull();
  });

  it('keeps the requests nova-api refused, which are no instance, and forgets them stepping back', () => {
    const { events: ev } = runScenario(loadScenarioFile('quota-exceeded.json'));
    const done = ev.find((e) => e.type === 'client' && e.status.startsWith('rejected'))!;
    expect(foldEvents(ev, done.seq).refused).toEqual([]);
    const after = foldEvents(ev, done.seq + 1);
    expect(after.refused).toEqual([
      {
        seq: done.seq,
        name: 'vm2',
        code: '403',
        message: expect.stringMatching(/^Quota exceeded/),
      },
    ]);
    expect([...after.instances.values()].map((r) => r.name)).toEqual(['vm1']);
  });

  it('counts a spawn failure as handed back only once nova-compute casts build_instances', () => {
    const { events: ev } = runScenario(loadScenarioFile('retries-exhausted.json'));
    const spawnErrors = ev.filter((e) => e.type === 'hypervisor' && e.phase === 'error');
    const handBacks = ev.filter(
      (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'build_instances',
    );
    expect(spawnErrors.length).toBeGreaterThanOrEqual(2);
    expect(handBacks).toHaveLength(spawnErrors.length);
    const row = (n: number) => [...foldEvents(ev, n).instances.values()][0]!;
    // after the first spawn error, before its hand-back: failed, not rescheduled
    const first = spawnErrors[0]!.seq + 1;
    expect(row(first)).toMatchObject({ failedOn: ['host1'], handedBack: 0 });
    expect(row(handBacks[0]!.seq + 1)).toMatchObject({ failedOn: ['host1'], handedBack: 1 });
    expect(row(ev.length).handedBack).toBe(handBacks.length);
  });

  it('lists a server not in a cell yet from its build request, as openstack server list does', () => {
    const { events: lost } = runScenario(loadScenarioFile('rpc-timeout.json'));
    const insert = lost.find((e) => e.type === 'db' && e.table === 'build_requests')!;
    const timeout = lost.find((e) => e.type === 'mq' && e.op === 'timeout')!;
    // the conductor waits on select_destinations: no cell has the instance
    expect(
      lost.some((e) => e.seq < timeout.seq && e.type === 'db' && e.table === 'instances'),
    ).toBe(false);
    expect(foldEvents(lost, insert.seq).instances.size).toBe(0);
    const waiting = [...foldEvents(lost, timeout.seq).instances.values()];
    expect(waiting).toEqual([
      expect.objectContaining({
        uuid: insert.instance,
        name: 'vm1',
        vm_state: 'building',
        task_state: 'scheduling',
        host: null,
      }),
    ]);
    // buried in cell0 after the timeout: the same row, in ERROR
    const end = [...foldEvents(lost, lost.length).instances.values()];
    expect(end).toEqual([expect.objectContaining({ uuid: insert.instance, vm_state: 'error' })]);
  });

  it("names a multi-create's build requests as the API named them, before a cell has them", () => {
    const { events: two } = runScenario(
      testScenario({ requests: [bootRequest('vm', 0, { min_count: 2, max_count: 2 })] }),
    );
    const inserts = two.filter(
      (e) => e.type === 'db' && e.table === 'build_requests' && e.op === 'insert',
    );
    expect(inserts).toHaveLength(2);
    const firstCellRow = two.find((e) => e.type === 'db' && e.table === 'instances')!;
    expect(firstCellRow.seq).toBeGreaterThan(inserts[1]!.seq);
    const rows = [...foldEvents(two, firstCellRow.seq).instances.values()];
    expect(rows.map((r) => [r.name, r.task_state])).toEqual([
      ['vm-1', 'scheduling'],
      ['vm-2', 'scheduling'],
    ]);
  });

  it('folding 0..n equals snapshot + replay, for any sequence of moves', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: events.length }), { minLength: 1, maxLength: 12 }),
        (targets) => {
          const cursor = new FoldCursor(events, 500);
          for (const n of targets) {
            cursor.moveTo(n);
            expect(plain(cursor.state)).toEqual(plain(foldEvents(events, n)));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps a snapshot every 500 events it passes', () => {
    const cursor = new FoldCursor(events, 500);
    cursor.moveTo(events.length);
    expect(cursor.snapshotCount).toBe(Math.floor(events.length / 500) + 1);
  });

  it('a snapshot is not changed by folding on from it', () => {
    const s = foldEvents(events, 600);
    const copy = cloneFold(s);
    for (let i = 600; i < 900; i++) applyEvent(s, events[i]!);
    expect(plain(copy)).toEqual(plain(foldEvents(events, 600)));
  });

  it('refuses events out of order', () => {
    expect(() => applyEvent(emptyFold(), events[3]!)).toThrow(/out of order/);
  });

  it('changes the instances stamp when it jumps back to a snapshot', () => {
    const cursor = new FoldCursor(events, 500);
    cursor.moveTo(1200);
    const stamp = cursor.instancesStamp;
    cursor.moveTo(1100);
    expect(cursor.instancesStamp).not.toBe(stamp);
  });
});
