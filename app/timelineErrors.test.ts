import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
import type { TraceEvent } from './engine/trace';
import { isErrorRow } from './ui/panels/timelineErrors';
import { isFailure } from './worker/failures';
import { timelineMessage } from './worker/timeline';

// The timeline panel tells error rows from their labels (ui/panels/timelineErrors.ts); the
// labels are written by the worker (worker/timeline.ts). Read together on real traces, so a
// change of label on one side cannot silently turn the red rows off.

/**
 * What the trace itself says went wrong (where a failure breakpoint stops), less what the
 * timeline draws otherwise: an error notification and a fault row as the record of a failure
 * told on its own row.
 */
function failed(ev: TraceEvent): boolean {
  if (ev.type === 'notification' || ev.type === 'db') return false;
  return isFailure(ev);
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
