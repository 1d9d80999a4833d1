/** A token label's line height on screen, px (diagram.css: 15px bold, 14px detail). */
export const LABEL_LINE = 18;

/** Width of a label on screen, px, from its text: estimated, so no layout is read per frame. */
export function labelWidth(kind: string, detail: string, detailed: boolean): number {
  return kind.length * 9.5 + (detailed && detail !== '' ? (detail.length + 1) * 8.6 : 0);
}

/** A rectangle on screen, px. */
export interface Span {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * The baseline of each token label, in order: a label that would cover one placed before it,
 * or one of the `blocked` areas (the boxes' titles), moves below it (a few times at most), so
 * two messages passing each other, or leaving one box together, stay readable and a box
 * keeps its name. Earlier labels keep their place.
 */
export function stackLabels(
  labels: readonly { x: number; y: number; w: number }[],
  line = LABEL_LINE,
  blocked: readonly Span[] = [],
): number[] {
  const placed: Span[] = [];
  return labels.map(({ x, y, w }) => {
    let base = y;
    for (let tries = 0; tries < 6; tries++) {
      const top = base - line + 4;
      const bottom = base + 4;
      const covers = (b: Span) => x < b.x1 && x + w > b.x0 && top < b.y1 && bottom > b.y0;
      // the blocked areas are read, never copied: this runs at every frame
      const hit = placed.find(covers) ?? blocked.find(covers);
      if (!hit) break;
      base = hit.y1 + line - 4;
    }
    placed.push({ x0: x, x1: x + w, y0: base - line + 4, y1: base + 4 });
    return base;
  });
}
