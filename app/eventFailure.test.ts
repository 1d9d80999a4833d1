import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
import type { TraceEvent } from './engine/trace';
import { dbFailureOf, failureOf, replyFailureOf } from './ui/panels/eventFailure';

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
        !(e.type === 'client' && e.op === 'done'),
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
