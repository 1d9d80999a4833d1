import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../engine/testing';
import type { TraceEvent } from '../engine/trace';
import { causeOf } from './cause';
import { foldEvents } from './fold';
import { inspectEvent } from './inspect';
import { DbTables } from './tables';
import { TraceIndex } from './traceIndex';

function traced(file: string) {
  const events = runScenario(loadScenarioFile(file)).events;
  const index = new TraceIndex(events);
  index.update();
  const find = (test: (e: TraceEvent) => boolean, nth = 0) => events.filter(test)[nth]!;
  /** the chain of causes from an event, as the inspector's links follow it */
  const chain = (ev: TraceEvent) => {
    const out: TraceEvent[] = [];
    for (let c = causeOf(ev, events, index); c; c = causeOf(c, events, index)) out.push(c);
    return out;
  };
  return { events, index, find, chain };
}

const done = (e: TraceEvent) => e.type === 'client';

describe('what a failure goes back to', () => {
  it('retries exhausted: the ERROR goes back to the last host’s failed spawn, and that to its fault', () => {
    const { find, chain } = traced('retries-exhausted.json');
    const [spawn, fault] = chain(find(done));
    expect(spawn).toMatchObject({ type: 'hypervisor', phase: 'error', host: 'host2' });
    expect(fault).toMatchObject({ type: 'fault', kind: 'spawn-fails', target: 'hypervisor@host2' });
    expect(chain(find(done))).toHaveLength(2);
    // a reschedule writes no fault: the one row, from the conductor, goes back to the last spawn
    const faultRow = find((e) => e.type === 'db' && e.table === 'instance_faults');
    expect(chain(faultRow)[0]).toBe(spawn);
    const error = find((e) => e.type === 'state' && e.vm_state === 'error');
    expect(chain(error)[0]).toBe(spawn);
  });

  it('an RPC timeout: the ERROR goes back to the timeout, the timeout to the drop, the drop to the fault', () => {
    const { find, chain } = traced('rpc-timeout.json');
    expect(chain(find(done)).map((e) => (e.type === 'mq' ? `mq ${e.op}` : e.type))).toEqual([
      'mq timeout',
      'mq drop',
      'fault',
    ]);
  });

  it('no valid host: the ERROR and the error notification go back to the scheduling that found none', () => {
    const { find, chain } = traced('no-valid-host.json');
    const schedule = find((e) => e.type === 'schedule');
    expect(chain(find(done))).toEqual([schedule]);
    const notification = find((e) => e.type === 'notification' && /\.error$/.test(e.event_type));
    expect(chain(notification)).toEqual([schedule]);
  });

  it("a refused request goes back to the API's 403", () => {
    const { find, chain } = traced('quota-exceeded.json');
    const refused = find((e) => e.type === 'client' && e.status !== 'ACTIVE');
    expect(chain(refused)).toEqual([
      expect.objectContaining({ type: 'rest', phase: 'response', status: 403 }),
    ]);
  });

  it('a boot that ends ACTIVE after a reschedule has no cause; its failed spawn has its fault', () => {
    const { find, chain } = traced('reschedule.json');
    expect(chain(find(done))).toEqual([]);
    const spawn = find((e) => e.type === 'hypervisor' && e.phase === 'error');
    expect(chain(spawn)).toEqual([expect.objectContaining({ type: 'fault' })]);
  });

  it('the inspector links the cause, told in the words of the timeline', () => {
    const { events, index, find } = traced('retries-exhausted.json');
    const ev = find(done);
    const tables = new DbTables(events);
    tables.moveTo(events.length);
    const r = inspectEvent(ev.seq, {
      events,
      index,
      tables,
      instances: foldEvents(events, events.length).instances,
      seq: events.length,
    })!;
    const spawn = find((e) => e.type === 'hypervisor' && e.phase === 'error', 1);
    expect(r.cause?.seq).toBe(spawn.seq);
    expect(r.cause?.words.length).toBeGreaterThan(0);
    const plain = inspectEvent(find((e) => e.type === 'rpc').seq, {
      events,
      index,
      tables,
      instances: new Map(),
      seq: events.length,
    })!;
    expect(plain.cause).toBeNull();
  });
});

describe('what a failure goes back to, in a multi-create', () => {
  it("goes back to its own instance's failed spawn, not to a later one of its sibling", () => {
    const ids = { request_id: 'req-1' };
    const spawnError = (seq: number, instance: string, host: string) =>
      ({
        seq,
        t: seq,
        type: 'hypervisor',
        op: 'spawn',
        phase: 'error',
        host,
        instance,
        ...ids,
      }) as TraceEvent;
    const events: TraceEvent[] = [
      spawnError(0, 'b', 'h2'),
      spawnError(1, 'a', 'h1'),
      {
        seq: 2,
        t: 2,
        type: 'state',
        instance: 'b',
        vm_state: 'error',
        task_state: null,
        power_state: 0,
        host: null,
        node: null,
        ...ids,
      } as TraceEvent,
    ];
    const index = new TraceIndex(events);
    index.update();
    expect(causeOf(events[2]!, events, index)).toBe(events[0]);
  });

  it('a scheduling that found no host, or a lost call, is every instance’s cause', () => {
    for (const [file, origin] of [
      ['no-valid-host.json', 'schedule'],
      ['rpc-timeout.json', 'mq'],
    ] as const) {
      const one = loadScenarioFile(file) as { requests: Record<string, unknown>[] };
      const two = {
        ...one,
        requests: one.requests.map((r) => ({ ...r, min_count: 2, max_count: 2 })),
      };
      const events = runScenario(two).events;
      const index = new TraceIndex(events);
      index.update();
      const errors = events.filter((e) => e.type === 'state' && e.vm_state === 'error');
      expect(new Set(errors.map((e) => e.instance)).size).toBe(2);
      for (const e of errors) expect(causeOf(e, events, index)?.type).toBe(origin);
    }
  });
});
