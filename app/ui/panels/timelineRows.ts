/**
 * Where each row of the timeline goes down the page. Rows are evenly spaced, as in any
 * sequence diagram, except where the request waits: a pause of `gapMs` or more between two
 * rows (a spawn, a call that is never answered for a minute) gets a band of its own saying
 * how long, so sixty seconds do not look like thirty milliseconds.
 */
export interface RowLayout {
  /** each row's top, in order */
  tops: number[];
  /** the bands between rows: where, how long the request waited (ms), the row after it */
  gaps: { y: number; ms: number; row: number }[];
  height: number;
}

export function rowLayout(
  times: readonly number[],
  rowH: number,
  gapH: number,
  gapMs: number,
): RowLayout {
  const tops: number[] = [];
  const gaps: RowLayout['gaps'] = [];
  let y = 0;
  times.forEach((t, i) => {
    const waited = i > 0 ? t - times[i - 1]! : 0;
    if (waited >= gapMs) {
      gaps.push({ y, ms: waited, row: i });
      y += gapH;
    }
    tops.push(y);
    y += rowH;
  });
  return { tops, gaps, height: y };
}
