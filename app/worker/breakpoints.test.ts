import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario, testScenario } from '../engine/testing';
import type { TraceEvent } from '../engine/trace';
import { NOTIFICATION_TYPES, RPC_METHODS } from '../protocol/views';

import {
  BreakpointError,
  compileBreakpoints,
  firstMatch,
  globTest,
  validateBreakpoints,
} from './breakpoints';
import { controllerHarness as harness } from './controllerHarness';
import { TraceIndex } from './traceIndex';

const hostDown = runScenario(loadScenarioFile('host-down.json')).events;
const noValidHost = runScenario(loadScenarioFile('no-valid-host.json')).events;

const indexOf = (events: TraceEvent[]) => {
  const index = new TraceIndex(events);
  index.update();
  return index;
};
const indexes = new Map([hostDown, noValidHost].map((events) => [events, indexOf(events)]));

const first = (events: TraceEvent[], bp: Parameters<typeof compileBreakpoints>[0]) =>
  firstMatch(events, 0, events.length, compileBreakpoints(bp), indexes.get(events)!.rpcEvents);

/** Every stop a play from the start to the end would make. */
const stops = (events: TraceEvent[], bps: Parameters<typeof compileBreakpoints>[0]) => {
  const match = compileBreakpoints(bps);
  const earlier = indexOf(events).rpcEvents;
  const seqs: number[] = [];
  for (let m = firstMatch(events, 0, events.length, match, earlier); m;) {
    seqs.push(m.seq);
    m = firstMatch(events, m.seq + 1, events.length, match, earlier);
  }
  return seqs.map((seq) => events[seq]!);
};

describe('breakpoint matcher', () => {
  it('stops on the select_destinations call as the conductor sends it', () => {
    const m = first(hostDown, [{ method: 'select_destinations' }]);
    const ev = hostDown[m!.seq]!;
    expect(ev).toMatchObject({ type: 'rpc', phase: 'send', kind: 'call', from: 'nova-conductor' });
  });

  it('ANDs the fields of one breakpoint and ORs the breakpoints', () => {
    const deliver = first(hostDown, [{ method: 'select_destinations', process: 'nova-scheduler' }]);
    expect(hostDown[deliver!.seq]).toMatchObject({ phase: 'deliver', to: 'nova-scheduler' });
    const reply = first(hostDown, [{ method: 'select_destinations', kind: 'reply' }]);
    expect(hostDown[reply!.seq]).toMatchObject({ phase: 'reply', from: 'nova-scheduler' });
    const either = first(hostDown, [{ method: 'no_such_method' }, { kind: 'schedule' }]);
    expect(either).toMatchObject({ index: 1 });
    expect(hostDown[either!.seq]!.type).toBe('schedule');
  });

  it('matches casts, calls and event types by kind', () => {
    const cast = first(hostDown, [{ kind: 'cast' }]);
    expect(hostDown[cast!.seq]).toMatchObject({
      type: 'rpc',
      kind: 'cast',
      method: 'schedule_and_build_instances',
    });
    const call = first(hostDown, [
      { kind: 'call', process: 'nova-conductor', request_id: 'req-*' },
    ]);
    expect(hostDown[call!.seq]).toMatchObject({ kind: 'call', method: 'select_destinations' });
    const db = first(hostDown, [{ kind: 'db', process: 'nova-cell1-db' }]);
    expect(hostDown[db!.seq]).toMatchObject({ type: 'db', database: 'nova-cell1-db' });
  });

  it("stops on the broker's drop, timeout or outage alone, or on any of its events", () => {
    const timedOut = runScenario(loadScenarioFile('rpc-timeout.json')).events;
    const outage = runScenario(loadScenarioFile('broker-outage.json')).events;
    indexes.set(timedOut, indexOf(timedOut));
    indexes.set(outage, indexOf(outage));
    const ops = (events: TraceEvent[], kind: string) =>
      stops(events, [{ kind }]).map((e) => (e.type === 'mq' ? e.op : e.type));
    expect(ops(timedOut, 'drop')).toEqual(['drop']);
    expect(ops(timedOut, 'timeout')).toEqual(['timeout']);
    expect(ops(outage, 'outage')).toContain('broker-down');
    expect(new Set(ops(outage, 'outage'))).toEqual(
      new Set(['broker-down', 'held', 'released', 'broker-up']),
    );
    // any broker event: the queues taken up first
    expect(ops(timedOut, 'mq')[0]).toBe('consumer-up');
  });

  it('stops on every failure of a failed boot, first where it first went wrong, and never on a happy one', () => {
    const what = (e: TraceEvent) =>
      e.type === 'rpc'
        ? `reply ${e.method} ${e.outcome}`
        : e.type === 'mq'
          ? e.op
          : e.type === 'hypervisor'
            ? `${e.op} ${e.phase}`
            : e.type === 'notification'
              ? e.event_type
              : e.type === 'db'
                ? `${e.table} ${e.op}`
                : e.type === 'state'
                  ? `state ${e.vm_state}`
                  : e.type === 'client'
                    ? `client ${e.status}`
                    : e.type === 'rest'
                      ? `rest ${e.status}`
                      : e.type;
    // NoValidHost: the scheduler's reply carries it, then the burial in cell0
    const nvh = stops(noValidHost, [{ kind: 'failure' }]).map(what);
    expect(nvh[0]).toBe('schedule');
    expect(nvh).toContain('reply select_destinations failure');
    expect(nvh).toContain('compute_task.build_instances.error');
    expect(nvh).toContain('instance_faults insert');
    expect(nvh).toContain('state error');
    expect(nvh.at(-1)).toBe('client ERROR');
    // a reschedule: the spawn error and its notification; the boot itself ends well
    const resched = runScenario(loadScenarioFile('reschedule.json')).events;
    indexes.set(resched, indexOf(resched));
    expect(stops(resched, [{ kind: 'failure' }]).map(what)).toEqual([
      'spawn error',
      'instance.create.error',
    ]);
    const quota = runScenario(loadScenarioFile('quota-exceeded.json')).events;
    indexes.set(quota, indexOf(quota));
    expect(stops(quota, [{ kind: 'failure' }]).map(what)).toEqual([
      'rest 403',
      'client rejected 403',
    ]);
    // a boot that went well has none
    expect(stops(hostDown, [{ kind: 'failure' }])).toEqual([]);
  });

  it('first-failure stops once a boot request, where it first went wrong', () => {
    // NoValidHost: the decision, not its reply, burial, notification and the client's end
    const nvh = stops(noValidHost, [{ kind: 'first-failure' }]);
    expect(nvh).toHaveLength(1);
    expect(nvh[0]).toBe(stops(noValidHost, [{ kind: 'failure' }])[0]);
    expect(nvh[0]!.type).toBe('schedule');
    // retries exhausted: the first spawn error, not the second, nor the end of the retries
    const retries = runScenario(loadScenarioFile('retries-exhausted.json')).events;
    const all = stops(retries, [{ kind: 'failure' }]);
    expect(all.length).toBeGreaterThan(3);
    expect(stops(retries, [{ kind: 'first-failure' }])).toEqual([all[0]]);
    expect(all[0]).toMatchObject({ type: 'hypervisor', phase: 'error' });
    // one stop for each request: two requests refused by their quota
    const quota = runScenario(
      testScenario({
        cloud: {
          ...(testScenario({}).cloud as object),
          quotas: { instances: 1, cores: -1, ram: -1 },
        },
        requests: ['vm1', 'vm2', 'vm3'].map((name, i) => ({
          at: i * 100,
          name,
          flavorRef: '1',
          imageRef: '155d900f-4e14-4e4c-a73d-069cbf4541e6',
          networks: 'none',
        })),
      }),
    ).events;
    const firsts = stops(quota, [{ kind: 'first-failure' }]);
    expect(firsts.map((e) => e.request_id)).toEqual([
      ...new Set(stops(quota, [{ kind: 'failure' }]).map((e) => e.request_id)),
    ]);
    expect(firsts).toHaveLength(2);
    // '*failure' is either: every failure
    expect(stops(noValidHost, [{ kind: '*failure' }])).toHaveLength(
      stops(noValidHost, [{ kind: 'failure' }]).length,
    );
    expect(stops(hostDown, [{ kind: 'first-failure' }])).toEqual([]);
  });

  it('matches processes with a wildcard and REST by method or path', () => {
    const compute = first(hostDown, [{ process: 'hypervisor@*' }]);
    expect(hostDown[compute!.seq]).toMatchObject({ type: 'hypervisor', host: 'host3' });
    const post = first(hostDown, [{ method: 'POST /v2.1/servers' }]);
    expect(hostDown[post!.seq]).toMatchObject({ type: 'rest', from: 'client', method: 'POST' });
    const claims = first(hostDown, [{ method: 'PUT /allocations/*', kind: 'request' }]);
    expect(hostDown[claims!.seq]).toMatchObject({
      type: 'rest',
      method: 'PUT',
      to: 'placement-api',
    });
  });

  it('stops once per RPC: at the first of its send, delivery and reply the breakpoint matches', () => {
    const calls = hostDown.filter(
      (e) => e.type === 'rpc' && e.method === 'select_destinations' && e.phase === 'send',
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(stops(hostDown, [{ method: 'select_destinations' }])).toEqual(calls);
    // a process picks the event of the RPC it fits: the scheduler takes the call, not its reply
    const taken = stops(hostDown, [{ method: 'select_destinations', process: 'nova-scheduler' }]);
    expect(taken.map((e) => e.type === 'rpc' && e.phase)).toEqual(calls.map(() => 'deliver'));
    const replies = stops(hostDown, [{ method: 'select_destinations', kind: 'reply' }]);
    expect(replies.map((e) => e.type === 'rpc' && e.phase)).toEqual(calls.map(() => 'reply'));
  });

  it('stops once on a fanout cast, or on its delivery to the host a process names', () => {
    const sends = hostDown.filter(
      (e) => e.type === 'rpc' && e.method === 'update_instance_info' && e.phase === 'send',
    );
    expect(sends.length).toBeGreaterThan(0);
    expect(stops(hostDown, [{ method: 'update_instance_info' }])).toEqual(sends);
    const delivered = hostDown.filter(
      (e) =>
        e.type === 'rpc' &&
        e.method === 'update_instance_info' &&
        e.phase === 'deliver' &&
        e.to === 'nova-scheduler',
    );
    expect(
      stops(hostDown, [{ method: 'update_instance_info', process: 'nova-scheduler' }]),
    ).toEqual(delivered);
  });

  it("a call monitor's heartbeats are no stop for the reply that ends the call", () => {
    const slow = runScenario(
      testScenario({ faults: [{ kind: 'slow', process: 'nova-scheduler', factor: 10000 }] }),
    ).events;
    const replies = slow.filter(
      (e) => e.type === 'rpc' && e.method === 'select_destinations' && e.phase === 'reply',
    );
    expect(replies.some((e) => e.type === 'rpc' && e.outcome === 'heartbeat')).toBe(true);
    const said = stops(slow, [{ method: 'select_destinations', kind: 'reply' }]).map(
      (e) => e.type === 'rpc' && e.outcome,
    );
    // the first heartbeat (the call is still being worked on), then the result
    expect(said).toEqual(['heartbeat', 'result']);
  });

  it('without the trace index, every event of an RPC is matched on its own', () => {
    const match = compileBreakpoints([{ method: 'select_destinations' }]);
    const all = hostDown.filter((e) => match(e) === 0);
    expect(all.map((e) => e.type === 'rpc' && e.phase)).toEqual(['send', 'deliver', 'reply']);
  });

  it('stops where the instance goes to vm_state error', () => {
    const m = first(noValidHost, [{ vm_state: 'error' }]);
    expect(noValidHost[m!.seq]).toMatchObject({ type: 'state', vm_state: 'error' });
    expect(first(hostDown, [{ vm_state: 'error' }])).toBeNull();
  });

  it('takes a vm_state as the page shows it (ERROR, BUILD) and refuses a word that is no state', () => {
    expect(validateBreakpoints([{ vm_state: 'ERROR' }, { vm_state: ' Build ' }])).toEqual([
      { vm_state: 'error' },
      { vm_state: 'building' },
    ]);
    const m = first(noValidHost, validateBreakpoints([{ vm_state: 'ERROR' }]));
    expect(noValidHost[m!.seq]).toMatchObject({ type: 'state', vm_state: 'error' });
    expect(() => validateBreakpoints([{ vm_state: 'failed' }])).toThrow(
      /vm_state: "failed" is not a vm_state/,
    );
  });

  it('matches a request id only on that request', () => {
    const post = hostDown.find((e) => e.type === 'rest' && e.method === 'POST')!;
    const m = first(hostDown, [{ request_id: post.request_id! }]);
    expect(m!.seq).toBe(post.seq);
  });

  it('rejects unknown fields and empty breakpoints, naming them', () => {
    expect(() => validateBreakpoints([{ methd: 'x' }])).toThrow(/unknown field "methd"/);
    expect(() => validateBreakpoints([{}])).toThrow(BreakpointError);
    expect(() => validateBreakpoints([{ method: 3 }])).toThrow(/breakpoints\[0\]\.method/);
    expect(() => validateBreakpoints('x')).toThrow(/array/);
    expect(validateBreakpoints([{ method: ' select_destinations ', kind: '' }])).toEqual([
      { method: 'select_destinations' },
    ]);
  });

  it('refuses a kind, an RPC method or a request id nothing in a run could match', () => {
    expect(() => validateBreakpoints([{ kind: 'bogus' }])).toThrow(
      /breakpoints\[0\]\.kind: "bogus" is no kind \(failure, first-failure, cast, call, reply/,
    );
    expect(() => validateBreakpoints([{ method: 'no_such_method' }])).toThrow(
      /breakpoints\[0\]\.method: the services send no RPC method "no_such_method"/,
    );
    expect(() => validateBreakpoints([{ request_id: 'req-doesnotexist' }])).toThrow(
      /"req-doesnotexist" is neither a request id \(req-…\) nor the name of a server this run has asked for/,
    );
    // what can match is kept: REST methods and paths, patterns, real request ids
    const post = hostDown.find((e) => e.type === 'rest' && e.method === 'POST')!;
    const kept = [
      { kind: 'cast' },
      { kind: 'res*' },
      { method: 'GET' },
      { method: 'PUT /allocations/*' },
      { method: '/v2.1/servers' },
      { method: 'build_*' },
      { request_id: post.request_id! },
      { request_id: 'req-*' },
    ];
    expect(validateBreakpoints(kept)).toEqual(kept);
  });

  it("takes a server's name for its request id", () => {
    const post = hostDown.find((e) => e.type === 'rest' && e.method === 'POST')!;
    const lookup = {
      isProcess: () => true,
      requestOfServer: (name: string) => (name === 'vm1' ? post.request_id! : null),
    };
    expect(validateBreakpoints([{ request_id: 'vm1' }], lookup)).toEqual([
      { request_id: post.request_id },
    ]);
    expect(() => validateBreakpoints([{ request_id: 'vm9' }], lookup)).toThrow(/"vm9"/);
  });

  it('knows every RPC method the example scenarios send', () => {
    for (const file of ['reschedule.json', 'ten-boots-three-hosts.json', 'rpc-timeout.json'])
      for (const e of runScenario(loadScenarioFile(file)).events)
        if (e.type === 'rpc') expect(RPC_METHODS, file).toContain(e.method);
  });

  it('stops on a notification by its event type, and knows every type the examples publish', () => {
    const start = first(hostDown, [{ method: 'instance.create.start' }]);
    expect(hostDown[start!.seq]).toMatchObject({
      type: 'notification',
      event_type: 'instance.create.start',
    });
    expect(() => validateBreakpoints([{ method: 'instance.create.start' }])).not.toThrow();
    expect(() => validateBreakpoints([{ method: 'instance.create.begin' }])).toThrow(
      /notification's event type/,
    );
    for (const file of ['reschedule.json', 'retries-exhausted.json', 'no-valid-host.json'])
      for (const e of [...runScenario(loadScenarioFile(file)).events, ...hostDown])
        if (e.type === 'notification') expect(NOTIFICATION_TYPES, file).toContain(e.event_type);
  });

  it('globs match whole strings, literally apart from *', () => {
    expect(globTest('nova-compute@*')('nova-compute@host1')).toBe(true);
    expect(globTest('nova-compute@*')('nova-conductor')).toBe(false);
    expect(globTest('a.b')('axb')).toBe(false);
    expect(globTest('select')('select_destinations')).toBe(false);
  });
});

describe('breakpoints in the worker', () => {
  const text = readFileSync(
    new URL('../../public/scenarios/host-down.json', import.meta.url),
    'utf8',
  );
  const target = hostDown.find((e) => e.type === 'rpc' && e.method === 'select_destinations')!.seq;

  for (const speed of [1000, 'max'] as const) {
    it(`play at ${speed} stops just after the matching event and says why`, () => {
      const h = harness();
      h.send({ type: 'load', scenarioText: text });
      h.send({ type: 'setBreakpoints', breakpoints: [{ method: 'select_destinations' }] });
      h.send({ type: 'setSpeed', x: speed });
      h.send({ type: 'play' });
      h.advance(60_000);
      expect(h.status()).toMatchObject({
        playing: false,
        seq: target + 1,
        breakpointHit: { seq: target, index: 0, breakpoint: { method: 'select_destinations' } },
      });
      // playing on stops no more on this call: not where the scheduler takes it, nor its reply
      h.send({ type: 'play' });
      expect(h.status().breakpointHit).toBeNull();
      h.advance(600_000);
      expect(h.status()).toMatchObject({ playing: false, breakpointHit: null });
      expect(h.status().seq).toBe(h.status().eventCount);
    });
  }

  it('a multi-event step stops at a breakpoint; a single step does not', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    h.send({ type: 'setBreakpoints', breakpoints: [{ method: 'select_destinations' }] });
    h.send({ type: 'step', n: 500 });
    expect(h.status().seq).toBe(target + 1);
    h.send({ type: 'step', n: 1 });
    expect(h.status()).toMatchObject({ seq: target + 2, breakpointHit: null });
  });

  it("a server's name typed as the request id stops on its request", () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    h.send({ type: 'step', n: 150 });
    const answer = h.send({ type: 'setBreakpoints', breakpoints: [{ request_id: 'vm1' }] });
    expect(answer[0]).not.toMatchObject({ type: 'error' });
    h.send({ type: 'reset' });
    h.send({ type: 'setSpeed', x: 'max' });
    h.send({ type: 'play' });
    h.advance(60_000);
    const post = hostDown.find((e) => e.type === 'rest' && e.method === 'POST')!;
    expect(h.status().breakpointHit).toMatchObject({
      seq: post.seq,
      breakpoint: { request_id: post.request_id },
    });
  });

  it("a multi-create's server name (name-N) stops on the request that made it", () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    h.send({ type: 'seek', seq: 150 });
    const at = h.status();
    h.send({
      type: 'inject',
      action: {
        kind: 'launch',
        name: 'trio',
        flavorRef: '1',
        imageRef: '155d900f-4e14-4e4c-a73d-069cbf4541e6',
        count: 3,
        networks: 'none',
      },
    });
    h.send({ type: 'step', n: 40 });
    expect(h.status().seq).toBeGreaterThan(at.seq);
    for (const name of ['trio', 'trio-2', 'trio-3'])
      expect(
        h.send({ type: 'setBreakpoints', breakpoints: [{ request_id: name }] })[0],
      ).not.toMatchObject({
        type: 'error',
      });
    expect(
      h.send({ type: 'setBreakpoints', breakpoints: [{ request_id: 'trio-4' }] })[0],
    ).toMatchObject({
      type: 'error',
    });
  });

  it('a refused value comes with the field and the value, for the page to say in its language', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    const answer = h.send({ type: 'setBreakpoints', breakpoints: [{ request_id: 'nobody' }] });
    expect(answer[0]).toMatchObject({
      type: 'error',
      refusal: { field: 'request_id', value: 'nobody' },
    });
    const method = h.send({ type: 'setBreakpoints', breakpoints: [{ method: 'nope' }] });
    expect(method[0]).toMatchObject({ refusal: { field: 'method', value: 'nope' } });
  });

  it('an unknown breakpoint field is an error for that command', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    const answer = h.send({ type: 'setBreakpoints', breakpoints: [{ colour: 'red' } as never] });
    expect(answer[0]).toMatchObject({ type: 'error' });
    expect((answer[0] as { message: string }).message).toContain('"colour"');
  });
});
