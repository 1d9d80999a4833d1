/** How the client box fits its VM chips (nodes.tsx Unplaced). */

/** The client box's chip cells, in flow units: a named chip, a chip with its mark only. */
export const NAMED_CELL = { w: 78, h: 26 };
export const COMPACT_CELL = { w: 21, h: 21 };
export const CELL_GAP = 3;
/** cells the "+N" chip takes among compact chips */
export const MORE_CELLS = 2;

export interface ChipFit {
  compact: boolean;
  shown: number;
  /** the chips not shown, counted on a "+N" chip */
  more: number;
}

const cellsIn = (area: { w: number; h: number }, cell: { w: number; h: number }) =>
  Math.max(0, Math.floor((area.w + CELL_GAP) / (cell.w + CELL_GAP))) *
  Math.max(0, Math.floor((area.h + CELL_GAP) / (cell.h + CELL_GAP)));

/**
 * How `count` chips go in an area (flow units): named while they all fit, else their marks
 * only; when those do not all fit either, as many as leave room for "+N", so none is lost.
 */
export function fitChips(count: number, area: { w: number; h: number }): ChipFit {
  if (count <= cellsIn(area, NAMED_CELL)) return { compact: false, shown: count, more: 0 };
  const cells = cellsIn(area, COMPACT_CELL);
  if (count <= cells) return { compact: true, shown: count, more: 0 };
  const shown = Math.max(0, cells - MORE_CELLS);
  return { compact: true, shown, more: count - shown };
}
