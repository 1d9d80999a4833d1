import { describe, expect, it } from 'vitest';
import { breakSegments } from './Breakable';
import { IDENTIFIER_BREAK } from './Narration';

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
