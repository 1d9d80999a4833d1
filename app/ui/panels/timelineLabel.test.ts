import { describe, expect, it } from 'vitest';
import { labelX } from './TimelinePanel';

describe("an arrow's label in the timeline", () => {
  it('starts at the left end of its arrow while that end is in view', () => {
    expect(labelX(300, 600, 160)).toBe(308);
  });

  it('starts right of the times column where the lanes scrolled the arrow under it', () => {
    expect(labelX(100, 600, 260)).toBe(260);
  });

  it('keeps to its arrow: never past its last stretch, never before its start', () => {
    expect(labelX(100, 280, 260)).toBe(232);
    expect(labelX(100, 120, 260)).toBe(108);
  });
});
