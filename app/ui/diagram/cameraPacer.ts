/** The clock a pacer reads and the timers it sets: the page's, or a test's fake ones. */
export interface PacerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

const PAGE_CLOCK: PacerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (id) => window.clearTimeout(id),
};

/**
 * When the close-up's camera may move: at once when stopped (a step, a seek: the engineer
 * asked for it), but while playing not sooner than `restMs` after its last move, and then to
 * whatever is told by then. `request` returns the cancel of a move it put off: a later request
 * replaces it, so only the newest event is framed when the rest is over.
 */
export function createCameraPacer(restMs: number, clock: PacerClock = PAGE_CLOCK) {
  let lastMove = -Infinity;
  const run = (move: () => boolean) => {
    if (move()) lastMove = clock.now();
  };
  return {
    /** `move` frames the event told; it returns whether the camera moved. */
    request(move: () => boolean, playing: boolean): (() => void) | undefined {
      const wait = playing ? lastMove + restMs - clock.now() : 0;
      if (wait <= 0) {
        run(move);
        return undefined;
      }
      const timer = clock.setTimeout(() => run(move), wait);
      return () => clock.clearTimeout(timer);
    },
  };
}
