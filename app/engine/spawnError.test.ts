import { describe, expect, it } from 'vitest';
import type { HypervisorEvent, NotificationEvent, TraceEvent } from './trace';
import { toJsonLine } from './traceRecord';
import { loadScenarioFile, runScenario } from './testing';

const hypervisorEvents = (events: TraceEvent[]) =>
  events.filter((e): e is HypervisorEvent => e.type === 'hypervisor');

describe('a failed spawn says why at the moment it fails (reschedule.json)', () => {
  const { events } = runScenario(loadScenarioFile('reschedule.json'));
  const failed = hypervisorEvents(events).filter((e) => e.phase === 'error');

  it('carries the error the driver raised on the hypervisor error event', () => {
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toBe(
      'Virtual machine vm1 failed to start: internal error: process exited while connecting to monitor',
    );
    expect(toJsonLine(failed[0]!)).toMatch(/"phase":"error",.*"message":"Virtual machine vm1 /);
  });

  it('is the same text instance.create.error reports for that instance later', () => {
    const error = events.find(
      (e): e is NotificationEvent =>
        e.type === 'notification' &&
        e.event_type === 'instance.create.error' &&
        e.instance === failed[0]!.instance &&
        e.seq > failed[0]!.seq,
    );
    const data = error!.payload['nova_object.data'] as {
      fault: { 'nova_object.data': { exception_message: string } };
    };
    expect(data.fault['nova_object.data'].exception_message).toBe(failed[0]!.message);
  });

  it('leaves the message off every event that is not an error', () => {
    const others = hypervisorEvents(events).filter((e) => e.phase !== 'error');
    expect(others.length).toBeGreaterThan(0);
    for (const e of others) {
      expect(e).not.toHaveProperty('message');
      expect(toJsonLine(e)).not.toContain('"message"');
    }
  });
});
