import { describe, expect, it } from 'vitest';
import type { MqEvent, RpcEvent, TraceEvent } from './trace';
import { checkInvariants } from './invariants';
import { envelopeOf } from './traceRecord';
import { runScenario, testScenario } from './testing';

/**
 * When oslo.messaging's wait for a reply begins and ends (amqpdriver's _send and
 * ReplyWaiter.wait, the dispatcher's call-monitor watchdog), seen through broker outages
 * and a slow scheduler.
 */

const rpc = (events: TraceEvent[]) => events.filter((e): e is RpcEvent => e.type === 'rpc');
const timeouts = (events: TraceEvent[]) =>
  events.filter((e): e is MqEvent => e.type === 'mq' && e.op === 'timeout');
const outcome = (events: TraceEvent[]) => {
  const done = events.find((e) => e.type === 'client' && e.op === 'done');
  return done && done.type === 'client' ? done.status : undefined;
};
const inner = (ev: RpcEvent) =>
  JSON.parse(envelopeOf(ev)['oslo.message']) as Record<string, unknown>;

/** the events of a scenario's run with no fault: when things happen, to aim an outage */
const { events: calm } = runScenario(testScenario({}));
const find = (phase: RpcEvent['phase'], method: string) =>
  rpc(calm).find((e) => e.phase === phase && e.method === method)!;

describe('the wait for a reply', () => {
  it('begins when the broker takes the message: a call published during an outage waits it out', () => {
    // down while the hypervisor spawns (no call in flight), for 90 s (over rpc_response_timeout)
    const spawn = calm.find((e) => e.type === 'hypervisor' && e.phase === 'start')!;
    const at = spawn.t + 100;
    const { events } = runScenario(
      testScenario({ faults: [{ kind: 'broker-down', at, for: 90_000 }] }),
    );
    const up = events.find((e) => e.type === 'mq' && e.op === 'broker-up')!;
    const saves = rpc(events).filter(
      (e) => e.phase === 'send' && e.method === 'object_action' && e.t > at && e.t < up.t,
    );
    expect(saves.length).toBeGreaterThan(0);
    // the save sent in the outage is answered after it, more than 60 s after it was sent
    const reply = rpc(events).find((e) => e.phase === 'reply' && e.msg_id === saves[0]!.msg_id)!;
    expect(reply.t).toBeGreaterThan(saves[0]!.t + 60_000);
    expect(timeouts(events)).toEqual([]);
    expect(outcome(events)).toBe('ACTIVE');
  });

  it('a fanout cast held in an outage (down while it is on its way) names its fanout queue', () => {
    const cast = find('send', 'update_instance_info');
    const { events } = runScenario(
      testScenario({ faults: [{ kind: 'broker-down', at: cast.t + 1, for: 1_000 }] }),
    );
    const held = events.find(
      (e): e is MqEvent =>
        e.type === 'mq' && e.op === 'held' && e.method === 'update_instance_info',
    );
    expect(held).toMatchObject({ queue: 'scheduler_fanout', by: cast.from });
  });

  it('select_destinations: the scheduler heartbeats every 30 s while it works, and the call lives on', () => {
    const { events } = runScenario(
      testScenario({ faults: [{ kind: 'slow', process: 'nova-scheduler', factor: 10_000 }] }),
    );
    const delivered = rpc(events).find(
      (e) => e.phase === 'deliver' && e.method === 'select_destinations',
    )!;
    const replies = rpc(events).filter(
      (e) => e.phase === 'reply' && e.method === 'select_destinations',
    );
    const beats = replies.filter((e) => e.outcome === 'heartbeat');
    const last = replies[replies.length - 1]!;
    expect(last.outcome).toBe('result');
    // dispatched when the delivery arrives; a beat every call_monitor_timeout / 2 until the reply
    const expected: number[] = [];
    for (let t = delivered.arrive_t + 30_000; t < last.t; t += 30_000) expected.push(t);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(beats.map((e) => e.t)).toEqual(expected);
    expect(beats.every((e) => e.from === 'nova-scheduler' && e.to === 'nova-conductor')).toBe(true);
    // amqpdriver's heartbeat: _send_reply(conn, None, None, ending=False)
    expect(inner(beats[0]!)).toMatchObject({ result: null, failure: null, ending: false });
    expect(timeouts(events)).toEqual([]);
    expect(outcome(events)).toBe('ACTIVE');
  });

  it('select_destinations: a reply the broker holds past rpc_response_timeout, with no heartbeat, times out', () => {
    // down once the scheduler has the request, until long after its reply
    const send = find('send', 'select_destinations');
    const at = find('deliver', 'select_destinations').arrive_t + 1;
    const { events, engine } = runScenario(
      testScenario({ faults: [{ kind: 'broker-down', at, for: 90_000 }] }),
    );
    const [timeout] = timeouts(events);
    expect(timeout).toMatchObject({ by: 'nova-conductor', method: 'select_destinations' });
    expect(timeout!.t).toBe(send.t + 60_000);
    expect(outcome(events)).toBe('ERROR');
    // buried in cell0, as any failure of the scheduling is (conductor's schedule_and_build_instances)
    const fault = events.find(
      (e) => e.type === 'db' && e.table === 'instance_faults' && e.op === 'insert',
    );
    expect(fault).toMatchObject({
      database: 'nova-cell0-db',
      fields: { message: 'MessagingTimeout' },
    });
    // the scheduler had claimed: Nova's burial leaves that allocation, and so does this
    expect(checkInvariants(events, engine.internals)).toEqual([]);
  });

  it('a reply carries both result and failure, one of them null, in oslo order', () => {
    const reply = rpc(calm).find((e) => e.phase === 'reply' && e.method === 'select_destinations')!;
    const body = inner(reply);
    expect(Object.keys(body)).toEqual(['result', 'failure', 'ending', '_msg_id', '_unique_id']);
    expect(body.failure).toBeNull();
    expect(body.ending).toBe(true);
    expect(body.result).not.toBeNull();
  });

  it('while RabbitMQ is down, each publisher holds its message (held, by the publisher), and hands it over once it is back (released)', () => {
    // down while the scheduler's reply is on its way to the broker
    const at = find('reply', 'select_destinations').t + 1;
    const { events } = runScenario(
      testScenario({ faults: [{ kind: 'broker-down', at, for: 10_000 }] }),
    );
    const mq = events.filter((e): e is MqEvent => e.type === 'mq');
    const up = mq.find((e) => e.op === 'broker-up')!;
    const held = mq.filter((e) => e.op === 'held');
    const released = mq.filter((e) => e.op === 'released');
    expect(held.map((e) => [e.by, e.method])).toContainEqual([
      'nova-scheduler',
      'select_destinations',
    ]);
    expect(held.every((e) => e.t >= at && e.t < up.t)).toBe(true);
    // released right after the broker is back, in the order they were held
    expect(released.map((e) => e.msg_id)).toEqual(held.map((e) => e.msg_id));
    expect(released.every((e) => e.t === up.t && e.seq > up.seq)).toBe(true);
  });

  it('a heartbeat stuck in an outage is the only one: the watchdog retries it and sends no other', () => {
    const at = find('deliver', 'select_destinations').arrive_t + 1000;
    const { events } = runScenario(
      testScenario({
        faults: [
          { kind: 'slow', process: 'nova-scheduler', factor: 10_000 },
          { kind: 'broker-down', at, for: 100_000 },
        ],
      }),
    );
    const beatsInOutage = rpc(events).filter(
      (e) => e.outcome === 'heartbeat' && e.t > at && e.t < at + 100_000,
    );
    expect(beatsInOutage).toHaveLength(1);
    // held messages name the queue they were going to, a fanout's too
    const held = events.filter((e): e is MqEvent => e.type === 'mq' && e.op === 'held');
    expect(held.length).toBeGreaterThan(1);
    expect(held.every((e) => e.queue !== null && e.queue !== '')).toBe(true);
  });
});
