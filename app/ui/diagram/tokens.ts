import type { SceneToken, TokenKind } from '../../protocol/messages';
import { along, type Point, type Rect, segment } from './layout';

/**
 * Where a message token is at virtual time `now`: a pure function of its send time, its
 * arrival time and the boxes it moves between. Null when it is not moving at `now` or one
 * of its ends is not drawn.
 */
export function tokenPoint(
  tok: SceneToken,
  now: number,
  rectOf: (id: string) => Rect | undefined,
): Point | null {
  if (now < tok.t || now >= tok.arrive_t) return null;
  const path = tokenPath(tok, rectOf);
  if (!path) return null;
  return along(path, tokenProgress(tok, now));
}

/** How far along its route a moving token is at `now`: 0 at its send, 1 at its arrival. */
export function tokenProgress(tok: SceneToken, now: number): number {
  const span = tok.arrive_t - tok.t;
  return span > 0 ? (now - tok.t) / span : 1;
}

/** How far left of its box's right edge a lost message's mark sits (flow units). */
export const LOST_CORNER_INSET = 2;

/** The token's route: along the edge from sender to receiver, or through the broker (replies). */
export function tokenPath(
  tok: SceneToken,
  rectOf: (id: string) => Rect | undefined,
): Point[] | null {
  const a = rectOf(tok.from);
  if (!a) return null;
  // A mark that does not move (a lost message) sits at its box's right edge, off the box's
  // name (which starts at the left): on the row of the queue it was dropped from when that
  // row is drawn, else at the top right corner.
  if (tok.kind === 'lost') {
    const row = tok.to === tok.from ? undefined : rectOf(tok.to);
    const at = { x: a.x + a.w - LOST_CORNER_INSET, y: row ? row.y + row.h / 2 : a.y };
    return [at, at];
  }
  const b = rectOf(tok.to);
  if (!b) return null;
  const v = tok.via ? rectOf(tok.via) : undefined;
  if (v) {
    const [p0, p1] = segment(a, v);
    const [p2, p3] = segment(v, b);
    return [p0, p1, p2, p3];
  }
  return segment(a, b);
}

/** The short label every token shows, whatever its detail. */
export function kindLabel(kind: TokenKind, label: string): string {
  switch (kind) {
    case 'cast':
      return 'cast';
    case 'call':
      return 'call';
    case 'reply':
      return 'reply';
    case 'rest-request':
      return label.split(' ')[0] ?? 'REST';
    case 'rest-response':
      return label.split(' ')[0] ?? 'REST';
    case 'db-write':
      return 'DB';
    case 'notify':
      return 'notify';
    case 'lost':
      return label.split(' ')[0] ?? 'lost';
  }
}

/** The detail after the kind: the RPC method, the REST path, the table written. */
export function detailLabel(tok: SceneToken): string {
  switch (tok.kind) {
    case 'rest-request':
      return tok.label.split(' ').slice(1).join(' ');
    case 'rest-response':
    case 'lost':
      return tok.label.split(' ').slice(1).join(' ');
    default:
      return tok.label;
  }
}

/**
 * Each kind's mark as a path drawn from its top-left corner, relative to a starting point:
 * a cast is a pill, a call a square box, a reply a dashed pill, REST a slanted box (filled
 * for a request, outlined for a response), a DB write a drum, a notification a speech bubble. The shape says the kind, not
 * only the colour.
 */
const SHAPES: Record<TokenKind, { dx: number; dy: number; path: string }> = {
  cast: { dx: -5, dy: -7, path: 'h10a7,7 0 0 1 0,14h-10a7,7 0 0 1 0,-14z' },
  reply: { dx: -5, dy: -7, path: 'h10a7,7 0 0 1 0,14h-10a7,7 0 0 1 0,-14z' },
  call: { dx: -7, dy: -7, path: 'h14v14h-14z' },
  'rest-request': { dx: -7, dy: -7, path: 'h17l-4,14h-17z' },
  'rest-response': { dx: -7, dy: -7, path: 'h17l-4,14h-17z' },
  'db-write': { dx: -8, dy: -4, path: 'a8,3 0 0 1 16,0v8a8,3 0 0 1 -16,0z' },
  notify: { dx: -7, dy: -7, path: 'h14v10h-7l-4,4v-4h-3z' },
  lost: { dx: -7, dy: -7, path: 'h4l3,3l3,-3h4l-5,7l5,7h-4l-3,-3l-3,3h-4l5,-7z' },
};

/**
 * The mark of a token centred at (x, y), in screen px. Tokens move by their path's start
 * point, not by a transform: a transform per token is a paint property of its own, and the
 * browser then re-layerizes the whole page every frame. Marks joined in one path draw a
 * crowd (crowdMarks.ts).
 */
export function tokenShapeAt(kind: TokenKind, x: number, y: number): string {
  const s = SHAPES[kind];
  return `M${(x + s.dx).toFixed(1)},${(y + s.dy).toFixed(1)}${s.path}`;
}

/** Half a mark's size in screen px: a point this near a token's place is on its mark. */
export const MARK_HALF_PX = 8;

/**
 * The mark whose centre is nearest (x, y) and at most `reach` px from it. Clicks are matched
 * to marks by place: a crowd's marks are pixels on a canvas, and a label may lie over another
 * token's mark.
 */
export function nearestMark<T extends Point>(
  marks: Iterable<T>,
  x: number,
  y: number,
  reach: number,
): T | undefined {
  let best: T | undefined;
  let bestDist = reach * reach;
  for (const m of marks) {
    const dist = (m.x - x) ** 2 + (m.y - y) ** 2;
    if (dist <= bestDist) [best, bestDist] = [m, dist];
  }
  return best;
}

/** The mark centred on (0, 0), for the legend. */
export function tokenShape(kind: TokenKind): string {
  return tokenShapeAt(kind, 0, 0);
}
