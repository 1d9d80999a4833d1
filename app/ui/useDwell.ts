import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but while `holding` each value shown stays at least `ms` before the next replaces
 * it; the newest is shown then. A sentence that changes a dozen times a second (a hundred
 * hosts booting at once) cannot be read; one every second and a half can. Not holding (paused,
 * stepping) the newest is shown at once.
 */
export function useDwell<T>(value: T, holding: boolean, ms: number): T {
  const [shown, setShown] = useState({ value, at: 0 });
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (Object.is(shown.value, value)) return;
    const now = performance.now();
    const left = holding ? shown.at + ms - now : 0;
    if (left <= 0) {
      setShown({ value, at: now });
      return;
    }
    const timer = setTimeout(
      () => setShown({ value: latest.current, at: performance.now() }),
      left,
    );
    return () => clearTimeout(timer);
  }, [value, holding, ms, shown]);
  return holding ? shown.value : value;
}
