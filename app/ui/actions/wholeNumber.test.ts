import { describe, expect, it } from 'vitest';
import { wholeInRange } from './wholeNumber';

describe('wholeInRange', () => {
  it('takes a whole number in range, spaces around it allowed', () => {
    expect(wholeInRange(' 7 ', 1, 10)).toBe(7);
    expect(wholeInRange('1', 1, 10)).toBe(1);
    expect(wholeInRange('10', 1, 10)).toBe(10);
  });
  it('refuses what is out of range, not whole, or empty, instead of changing it', () => {
    for (const bad of ['0', '11', '500', '-3', '2.5', '', 'ten', '1e1'])
      expect(wholeInRange(bad, 1, 10)).toBeNull();
  });
});
