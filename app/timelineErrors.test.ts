import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
import type { TraceEvent } from './engine/trace';
import { isErrorRow } from './ui/panels/timelineErrors';
import { timelineMessage } from './worker/timeline';

// The timeline panel tells error rows from their labels (ui/panels/timelineErrors.ts); the
// labels are written by the worker (worker/timeline.ts). Read together on real traces, so a
// change of label on one side cannot silently turn the red rows off.

/** What the trace itself says went wrong, for the events the timeline draws. */
function failed(ev: TraceEvent): boolean {
  switch (ev.type) {
    case 'hypervisor':
      return ev.phase === 'error';
    case 'rest':
      return ev.phase === 'response' && (ev.status ?? 0) >= 400;
    case 'rpc':
      return ev.phase === 'reply' && ev.outcome === 'failure';
    case 'mq':
      return ev.op === 'timeout';
    case 'schedule':
      return ev.chosen === null;
    case 'state':
      return ev.vm_state === 'error';
    case 'client':
      return ev.status !== 'ACTIVE';
    default:
      return false;
  }
}

describe.each([
  'reschedule.json',
  'retries-exhausted.json',
  'rpc-timeout.json',
  'no-valid-host.json',
  'quota-exceeded.json',
  'one-boot.json',
])('the timeline rows of %s', (file) => {
  const { events } = runScenario(loadScenarioFile(file));

  it('are drawn as errors exactly where the trace says something failed', () => {
    for (const ev of events) {
      const m = timelineMessage(ev);
      if (m) expect(isErrorRow(m), `#${ev.seq} ${m.label}`).toBe(failed(ev));
    }
  });
});

describe('the error rows', () => {
  it('include each kind of failure the scenarios show', () => {
    const rows = (file: string) =>
      runScenario(loadScenarioFile(file))
        .events.map((e) => timelineMessage(e))
        .filter((m) => m !== null && isErrorRow(m))
        .map((m) => `${m!.type} ${m!.label}`);
    expect(rows('reschedule.json')).toEqual(['hypervisor spawn error']);
    expect(rows('retries-exhausted.json')).toEqual(
      expect.arrayContaining(['hypervisor spawn error', 'state error / None', 'client ERROR']),
    );
    expect(rows('no-valid-host.json')).toEqual(
      expect.arrayContaining(['schedule NoValidHost', 'rpc select_destinations ✗']),
    );
    expect(rows('rpc-timeout.json')).toEqual(
      expect.arrayContaining(['mq timeout select_destinations']),
    );
    expect(rows('quota-exceeded.json')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^rest 403 POST /)]),
    );
  });
});
