import { describe, expect, it } from 'vitest';
import { traceFileName } from './download';

describe('traceFileName', () => {
  it('is the scenario name as a slug, with its seed', () => {
    expect(traceFileName('Reschedule once (spawn fails)', 42)).toBe(
      'reschedule-once-spawn-fails-seed-42.jsonl',
    );
  });

  it('falls back to "trace" when the name has no letters or digits it can keep', () => {
    expect(traceFileName('起動', 7)).toBe('trace-seed-7.jsonl');
    expect(traceFileName(null, null)).toBe('trace.jsonl');
  });
});
