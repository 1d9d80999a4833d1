import { describe, expect, it } from 'vitest';
import { breakSegments } from './Breakable';
import { HYPHENATED_NAME, IDENTIFIER_BREAK } from './Narration';

describe('where a name may break', () => {
  it('after each separator of an identifier, keeping every character', () => {
    const name = 'versioned_notifications.info';
    expect(breakSegments(name, /([._:@/-])/)).toEqual(['versioned_', 'notifications.', 'info']);
    expect(breakSegments('nova-compute@host1', /([._:@/-])/)).toEqual([
      'nova-',
      'compute@',
      'host1',
    ]);
    expect(breakSegments('conductor', /([._:@/-])/)).toEqual(['conductor']);
  });

  it("in the narration's sentence, in names but not in numbers or at a sentence's end", () => {
    const text = 'nova-scheduler publishes scheduler.select_destinations.start at 0.314 s. Done';
    const parts = breakSegments(text, IDENTIFIER_BREAK);
    expect(parts.join('')).toBe(text);
    expect(parts).toEqual([
      'nova-scheduler publishes scheduler.',
      'select_',
      'destinations.',
      'start at 0.314 s. Done',
    ]);
  });
});

describe('the names kept whole in a sentence', () => {
  const kept = (text: string) => text.split(HYPHENATED_NAME).filter((_, i) => i % 2 === 1);

  it('are the hyphenated names of processes, not the groups of a uuid', () => {
    // a name with a digit in a word (nova-cell1-db) may still break: it is rarely told
    expect(kept('nova-compute@host1 asks placement-api; nova-cell1-db keeps the row')).toEqual([
      'nova-compute',
      'placement-api',
    ]);
    expect(kept('instance 63133f3f-76a6-427d-a6f3-f8216d9775ac and e9bba02d-b5aa-4bd6')).toEqual(
      [],
    );
    expect(kept('the request is req-23cec164-ae04')).toEqual([]);
  });
});
