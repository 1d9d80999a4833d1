import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
import type { TraceEvent } from './engine/trace';
import { dbFailureOf, failureOf, replyFailureOf, restFailureOf } from './ui/panels/eventFailure';

// The inspector's red callout (ui/panels/eventFailure.ts) read on real traces: what failed is
// said over the raw record for each event that carries a failure, and for no other.

const record = (e: TraceEvent) => e as unknown as Record<string, unknown>;

describe('the failure said over a failed boot’s events (retries-exhausted.json)', () => {
  const { events } = runScenario(loadScenarioFile('retries-exhausted.json'));

  it('instance.create.error: the exception, where the driver raised it, and its message', () => {
    const errors = events.filter(
      (e) => e.type === 'notification' && e.event_type === 'instance.create.error',
    );
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors)
      expect(failureOf(record(e))).toEqual({
        key: 'debugger.inspector.notificationFault',
        params: {
          event: 'instance.create.error',
          exception: 'Exception',
          where: 'nova.virt.fake.spawn',
        },
        message: expect.stringContaining('failed to start') as string,
      });
  });

  it("compute_task.build_instances.error: the conductor's MaxRetriesExceeded, from its reason", () => {
    const e = events.find(
      (e) => e.type === 'notification' && e.event_type === 'compute_task.build_instances.error',
    )!;
    const f = failureOf(record(e))!;
    expect(f.params.exception).toBe('MaxRetriesExceeded');
    expect(f.message).toMatch(/^Exceeded maximum number of retries/);
  });

  it('the instance_faults row: its code, who wrote it, and the message the API shows', () => {
    const row = events.find((e) => e.type === 'db' && e.table === 'instance_faults')!;
    if (row.type !== 'db') throw new Error('not a db event');
    expect(dbFailureOf(row.table, row.op, row.fields)).toEqual({
      key: 'debugger.inspector.instanceFault',
      params: { code: '500', host: 'conductor' },
      message: expect.stringMatching(/^Exceeded maximum number of retries/) as string,
    });
  });

  it('says nothing over the events that went well', () => {
    const quiet = events.filter(
      (e) =>
        !(e.type === 'notification' && e.event_type.endsWith('.error')) &&
        !(e.type === 'hypervisor' && e.phase === 'error') &&
        !(e.type === 'client' && e.op === 'done') &&
        e.type !== 'fault',
    );
    expect(quiet.filter((e) => failureOf(record(e)) !== null)).toEqual([]);
    const rows = events.flatMap((e) =>
      e.type === 'db' && e.table !== 'instance_faults' ? [e] : [],
    );
    expect(rows.filter((e) => dbFailureOf(e.table, e.op, e.fields) !== null)).toEqual([]);
  });
});

describe("a call's failure reply (no-valid-host.json)", () => {
  const { events } = runScenario(loadScenarioFile('no-valid-host.json'));

  it("select_destinations' reply: NoValidHost, with the scheduler's message", () => {
    const reply = events.find(
      (e) => e.type === 'rpc' && e.phase === 'reply' && e.outcome === 'failure',
    )!;
    if (reply.type !== 'rpc' || !('failure' in reply.payload)) throw new Error('no failure');
    expect(replyFailureOf(reply.payload.failure)).toEqual({
      key: 'debugger.inspector.remoteFailure',
      params: { exception: 'nova.exception.NoValidHost' },
      message: expect.stringMatching(/^No valid host was found/) as string,
    });
    expect(replyFailureOf(undefined)).toBeNull();
  });
});

describe('a lost call, an injected fault and a refused request', () => {
  it('rpc-timeout: the drop and the timeout say which message, the fault what the scenario did', () => {
    const { events } = runScenario(loadScenarioFile('rpc-timeout.json'));
    const op = (o: string) => events.find((e) => e.type === 'mq' && e.op === o)!;
    expect(failureOf(record(op('drop')))).toMatchObject({
      key: 'debugger.inspector.dropped',
      params: { method: 'select_destinations', queue: 'scheduler' },
    });
    expect(failureOf(record(op('timeout')))).toMatchObject({
      key: 'debugger.inspector.callTimedOut',
      params: { method: 'select_destinations' },
      message: expect.stringMatching(/^MessagingTimeout: Timed out waiting for a reply/) as string,
    });
    const fault = events.find((e) => e.type === 'fault')!;
    expect(failureOf(record(fault))).toMatchObject({
      key: 'debugger.inspector.injectedFault',
      params: { kind: 'message-drop', target: 'rabbitmq' },
      message: null,
    });
    // a consumer coming up is no failure
    expect(failureOf(record(op('consumer-up')))).toBeNull();
  });

  it("quota-exceeded: nova-api's 403 says Nova's message; a 200 or 202 says nothing", () => {
    const { events } = runScenario(loadScenarioFile('quota-exceeded.json'));
    const answers = events.filter((e) => e.type === 'rest' && e.phase === 'response');
    const refused = answers.filter((e) => e.type === 'rest' && (e.status ?? 0) >= 400);
    expect(refused).toHaveLength(1);
    const r = refused[0]!;
    if (r.type !== 'rest') throw new Error('not rest');
    expect(restFailureOf(r.status ?? null, r.from, r.body)).toEqual({
      key: 'debugger.inspector.restFailed',
      params: { from: 'nova-api', status: '403' },
      message: expect.stringMatching(/^Quota exceeded for ram/) as string,
    });
    const fine = answers.filter((e) => e.type === 'rest' && (e.status ?? 0) < 400);
    expect(fine.length).toBeGreaterThan(10);
    for (const e of fine)
      if (e.type === 'rest') expect(restFailureOf(e.status ?? null, e.from, e.body)).toBeNull();
  });
});

describe('the failure said over a refused request (quota-exceeded.json)', () => {
  const { events } = runScenario(loadScenarioFile('quota-exceeded.json'));

  it("is a refusal, with the API's code and message, not a status of the engine's words", () => {
    const done = events.find((e) => e.type === 'client' && e.status.startsWith('rejected'))!;
    expect(failureOf(record(done))).toEqual({
      key: 'debugger.inspector.requestRefused',
      params: { name: 'vm2', code: '403' },
      message: expect.stringMatching(/^Quota exceeded for/) as string,
    });
  });
});
