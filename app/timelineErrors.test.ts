import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
import { isErrorRow } from './ui/panels/timelineErrors';
import { isFailure } from './worker/failures';
import { timelineMessage } from './worker/timeline';

// The timeline panel tells error rows from their labels (ui/panels/timelineErrors.ts); the
// labels are written by the worker (worker/timeline.ts). Read together on real traces, so a
// change of label on one side cannot silently turn the red rows off, and the red rows are
// where a breakpoint on any failure stops (worker/failures.ts).

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
      if (m) expect(isErrorRow(m), `#${ev.seq} ${m.label}`).toBe(isFailure(ev));
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
    expect(rows('reschedule.json')).toEqual([
      'hypervisor spawn error',
      'notification instance.create.error',
    ]);
    expect(rows('retries-exhausted.json')).toEqual(
      expect.arrayContaining(['hypervisor spawn error', 'state error / None', 'client ERROR']),
    );
    expect(rows('no-valid-host.json')).toEqual(
      expect.arrayContaining(['schedule NoValidHost', 'rpc select_destinations ✗']),
    );
    expect(rows('rpc-timeout.json')).toEqual(
      expect.arrayContaining([
        'mq drop select_destinations',
        'mq timeout select_destinations',
        'notification compute_task.build_instances.error',
        'db insert instance_faults',
      ]),
    );
    expect(rows('quota-exceeded.json')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^rest 403 POST /)]),
    );
  });
});
