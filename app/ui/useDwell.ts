import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but while `holding` each value shown stays at least `ms` before the next replaces
 * it. A sentence that changes a dozen times a second (a hundred hosts booting at once) cannot
 * be read; one every second and a half can. When a hold ends, `next` says what comes after the
 * value shown (by default the newest value: the ones between are passed over). Not holding
 * (paused, stepping), or when `now` says the value shown is gone (the cursor went back), the
 * newest is shown at once.
 */
export function useDwell<T>(
  value: T,
  holding: boolean,
  ms: number,
  now: (next: T, shown: T) => boolean = () => false,
  next?: (shown: T) => T,
): T {
  const [shown, setShown] = useState({ value, at: 0 });
  const latest = useRef(value);
  latest.current = value;
  const after = useRef(next);
  after.current = next;
  const hold = holding && !now(value, shown.value);
  useEffect(() => {
    if (Object.is(shown.value, value)) return;
    const t = performance.now();
    const left = hold ? shown.at + ms - t : 0;
    const following = () => (hold && after.current ? after.current(shown.value) : latest.current);
    if (left <= 0) {
      setShown({ value: following(), at: t });
      return;
    }
    const timer = setTimeout(() => setShown({ value: following(), at: performance.now() }), left);
    return () => clearTimeout(timer);
  }, [value, hold, ms, shown]);
  return hold ? shown.value : value;
}
