import { describe, expect, it } from 'vitest';
import { labelX } from './TimelinePanel';

describe("an arrow's label in the timeline", () => {
  it('starts at the left end of its arrow while that end is in view', () => {
    expect(labelX(300, 160)).toBe(308);
    expect(labelX(300, 0)).toBe(308);
  });

  it('starts whole right of the times column where the lanes scrolled the arrow under it', () => {
    expect(labelX(100, 260)).toBe(260);
    // an arrow almost all under the column: its label is not cut, it starts past the column
    expect(labelX(100, 900)).toBe(900);
  });
});
