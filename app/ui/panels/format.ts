import type { Breakpoint } from '../../protocol/views';
import { shortUuid } from '../format';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A row's key as the table shows it: each uuid of a composite key (an allocation's consumer,
 * provider and class) short, a resource provider by its host's name, so that three rows of
 * one consumer do not read the same once clipped.
 */
export function keyText(key: string, providerNames: Record<string, string>): string {
  if (!key.includes('/')) return key;
  return key
    .split('/')
    .map((part) => providerNames[part] ?? (UUID.test(part) ? `${shortUuid(part)}…` : part))
    .join('/');
}
