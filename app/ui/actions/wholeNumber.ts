/**
 * A whole number typed into a field, if it lies in [min, max]; null otherwise. A value out of
 * range is refused with a word, never quietly changed into another one.
 */
export function wholeInRange(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}
