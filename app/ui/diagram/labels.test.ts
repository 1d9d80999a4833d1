import { describe, expect, it } from 'vitest';
import { LABEL_LINE, labelWidth, stackLabels } from './labels';

describe('stackLabels', () => {
  it('leaves labels that do not touch where they are', () => {
    expect(
      stackLabels([
        { x: 0, y: 100, w: 80 },
        { x: 200, y: 100, w: 80 },
        { x: 0, y: 300, w: 80 },
      ]),
    ).toEqual([100, 100, 300]);
  });

  it('moves a label that would cover an earlier one below it, and a third below both', () => {
    const [a, b, c] = stackLabels([
      { x: 0, y: 100, w: 80 },
      { x: 30, y: 104, w: 80 },
      { x: 10, y: 100, w: 80 },
    ]);
    expect(a).toBe(100);
    expect(b).toBe(100 + LABEL_LINE);
    expect(c).toBe(100 + 2 * LABEL_LINE);
  });

  it('keeps the earlier label in place, whatever comes after', () => {
    const [first] = stackLabels([
      { x: 50, y: 50, w: 40 },
      { x: 0, y: 50, w: 200 },
    ]);
    expect(first).toBe(50);
  });
});

describe('stackLabels with blocked areas', () => {
  it("moves a label off a box's title, and leaves one clear of it", () => {
    const title = { x0: 0, x1: 100, y0: 90, y1: 110 };
    const [on, off] = stackLabels(
      [
        { x: 20, y: 100, w: 60 },
        { x: 300, y: 100, w: 60 },
      ],
      LABEL_LINE,
      [title],
    );
    expect(on! - LABEL_LINE + 4).toBeGreaterThanOrEqual(title.y1);
    expect(off).toBe(100);
  });
});

describe('labelWidth', () => {
  it('counts the detail only when details are shown', () => {
    expect(labelWidth('cast', 'build_and_run_instance', true)).toBeGreaterThan(
      labelWidth('cast', 'build_and_run_instance', false),
    );
    expect(labelWidth('cast', '', true)).toBe(labelWidth('cast', '', false));
  });
});
