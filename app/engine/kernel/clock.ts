/**
 * Virtual time as Nova prints it. The engine may not read the wall clock, so dates are
 * computed from a fixed epoch plus virtual milliseconds (civil-from-days, Howard Hinnant).
 */
export const EPOCH_MS = 1795462654000; // 2026-11-23T19:37:34Z, the day the reference was recorded

function civil(ms: number): [number, number, number, number, number, number, number] {
  const days = Math.floor(ms / 86400000);
  let rem = ms - days * 86400000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h = Math.floor(rem / 3600000);
  rem -= h * 3600000;
  const mi = Math.floor(rem / 60000);
  rem -= mi * 60000;
  const s = Math.floor(rem / 1000);
  return [y, m, d, h, mi, s, rem - s * 1000];
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * The texts of the last seconds asked for, by second modulo SECONDS_KEPT: a boot's records
 * are stamped with now and with the second it was created in (a few seconds back), which
 * would take turns in a single-entry cache.
 */
const SECONDS_KEPT = 32;
const keptSecond = new Float64Array(SECONDS_KEPT).fill(NaN);
const keptText: string[] = new Array<string>(SECONDS_KEPT).fill('');

/** `2026-11-23T19:37:34Z`, the API's format (every save stamps one, so recent ones are kept) */
export function isoSeconds(virtualMs: number): string {
  const second = Math.floor(virtualMs / 1000);
  const slot = second & (SECONDS_KEPT - 1);
  if (keptSecond[slot] === second) return keptText[slot]!;
  const [y, m, d, h, mi, s] = civil(EPOCH_MS + second * 1000);
  // joined: a flat string, as these are kept in rows (a template makes a rope)
  const text = [y, '-', p2(m), '-', p2(d), 'T', p2(h), ':', p2(mi), ':', p2(s), 'Z'].join('');
  keptSecond[slot] = second;
  keptText[slot] = text;
  return text;
}

/** `2026-11-23T19:37:34.022000`, oslo's context timestamp and launched_at format */
export function isoMicros(virtualMs: number): string {
  // a whole ms (every time the kernel keeps): the second's text, as isoSeconds keeps it, and
  // the ms, rather than the calendar worked out again and fourteen pieces joined
  if (Number.isInteger(virtualMs) && virtualMs >= 0) {
    const seconds = isoSeconds(virtualMs);
    const ms = virtualMs % 1000;
    return [seconds.slice(0, seconds.length - 1), '.', String(ms).padStart(3, '0'), '000'].join('');
  }
  const [y, m, d, h, mi, s, ms] = civil(EPOCH_MS + virtualMs);
  return [
    y,
    '-',
    p2(m),
    '-',
    p2(d),
    'T',
    p2(h),
    ':',
    p2(mi),
    ':',
    p2(s),
    '.',
    String(ms).padStart(3, '0'),
    '000',
  ].join('');
}
