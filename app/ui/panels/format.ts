import type { Breakpoint } from '../../protocol/views';

/** `method = select_destinations, process = nova-scheduler`: a breakpoint as the operator wrote it. */
export const describeBreakpoint = (bp: Breakpoint): string =>
  Object.entries(bp)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');

/** A table cell's value: short, one line; the full text goes in a tooltip. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** A field of a Nova object, as Python shows it (an instance's host before it has one). */
export function fieldText(v: unknown): string {
  return v === null || v === undefined ? 'None' : cellText(v);
}

export const clip = (s: string, n = 48): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Keys that panels handle themselves must not reach the page's playback shortcuts. */
export function keepKeys(e: React.KeyboardEvent, keys: readonly string[]): void {
  if (keys.includes(e.key)) e.stopPropagation();
}
