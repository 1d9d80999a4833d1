import { describe, expect, it } from 'vitest';
import { rowLayout } from './timelineRows';

describe("the timeline's rows", () => {
  it('are evenly spaced while messages follow each other', () => {
    expect(rowLayout([0, 12, 40, 900], 30, 24, 1000)).toEqual({
      tops: [0, 30, 60, 90],
      gaps: [],
      height: 120,
    });
  });

  it('leave a band saying how long the request waited, before the row that ends the wait', () => {
    // a call dropped at 155 ms times out a minute later
    const l = rowLayout([127, 155, 60_143, 60_143, 61_211], 30, 24, 1000);
    expect(l.gaps).toEqual([
      { y: 60, ms: 59_988, row: 2 },
      { y: 144, ms: 1068, row: 4 },
    ]);
    expect(l.tops).toEqual([0, 30, 84, 114, 168]);
    expect(l.height).toBe(198);
  });

  it('have no band before the first row, however late it comes', () => {
    expect(rowLayout([5000], 30, 24, 1000)).toEqual({ tops: [0], gaps: [], height: 30 });
    expect(rowLayout([], 30, 24, 1000)).toEqual({ tops: [], gaps: [], height: 0 });
  });
});
