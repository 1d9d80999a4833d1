import type { SceneToken, Speed } from './messages';

/**
 * When a message token is on screen. Real hops take a few virtual milliseconds, which at any
 * useful speed is a frame or two of wall time: too short to see. While playing, each token is
 * drawn for at least MIN_TOKEN_WALL_MS of wall time (`stretch`, in virtual ms), and the
 * broker's second hop (deliver) waits for the first (send) to be drawn, so a message visibly
 * goes into its queue and out again. Still a pure function of virtual time: seeking and
 * pausing show the same picture for the same clock.
 */
export const MIN_TOKEN_WALL_MS = 700;

/** The stretch for a speed while playing: virtual ms a token stays on screen at least. */
export function playingStretch(speed: Speed): number {
  return speed === 'max' ? 0 : MIN_TOKEN_WALL_MS * speed;
}

export interface TokenWindow {
  /** virtual ms the token leaves its sender */
  start: number;
  /** virtual ms it reaches its receiver (and leaves the screen) */
  end: number;
}

type Timed = Pick<SceneToken, 't' | 'arrive_t' | 'after'>;

/** When the token leaves its sender. (Start and end apart: the animation loop calls them for
 * thousands of tokens a frame, and allocates nothing.) */
export function tokenStart(tok: Timed, stretch: number): number {
  if (stretch <= 0 || tok.after === null) return tok.t;
  return Math.max(tok.t, tok.after + stretch);
}

/** When the token reaches its receiver and leaves the screen. */
export function tokenEnd(tok: Timed, stretch: number): number {
  if (stretch <= 0) return tok.arrive_t;
  return tokenStart(tok, stretch) + Math.max(tok.arrive_t - tok.t, stretch);
}

/** With `stretch` 0, a token moves exactly from its send to its arrival. */
export function tokenWindow(tok: Timed, stretch: number): TokenWindow {
  return { start: tokenStart(tok, stretch), end: tokenEnd(tok, stretch) };
}
