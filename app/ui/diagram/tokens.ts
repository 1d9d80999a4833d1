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

/** The token's route: along the edge from sender to receiver, or through the broker (replies). */
export function tokenPath(
  tok: SceneToken,
  rectOf: (id: string) => Rect | undefined,
): Point[] | null {
  const a = rectOf(tok.from);
  const b = rectOf(tok.to);
  if (!a || !b) return null;
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
  }
}

/** The detail after the kind: the RPC method, the REST path, the table written. */
export function detailLabel(tok: SceneToken): string {
  switch (tok.kind) {
    case 'rest-request':
      return tok.label.split(' ').slice(1).join(' ');
    case 'rest-response':
      return tok.label.split(' ').slice(1).join(' ');
    default:
      return tok.label;
  }
}

/**
 * Each kind's mark as a path drawn from its top-left corner, relative to a starting point:
 * a cast is a pill, a call a square box, a reply a dashed pill, REST a slanted box (filled
 * for a request, outlined for a response), a DB write a drum. The shape says the kind, not
 * only the colour.
 */
const SHAPES: Record<TokenKind, { dx: number; dy: number; path: string }> = {
  cast: { dx: -5, dy: -7, path: 'h10a7,7 0 0 1 0,14h-10a7,7 0 0 1 0,-14z' },
  reply: { dx: -5, dy: -7, path: 'h10a7,7 0 0 1 0,14h-10a7,7 0 0 1 0,-14z' },
  call: { dx: -7, dy: -7, path: 'h14v14h-14z' },
  'rest-request': { dx: -7, dy: -7, path: 'h17l-4,14h-17z' },
  'rest-response': { dx: -7, dy: -7, path: 'h17l-4,14h-17z' },
  'db-write': { dx: -8, dy: -4, path: 'a8,3 0 0 1 16,0v8a8,3 0 0 1 -16,0z' },
};

/**
 * The mark of a token centred at (x, y), in screen px. Tokens move by their path's start
 * point, not by a transform: a transform per token is a paint property of its own, and the
 * browser then re-layerizes the whole page every frame.
 */
export function tokenShapeAt(kind: TokenKind, x: number, y: number): string {
  const s = SHAPES[kind];
  return `M${(x + s.dx).toFixed(1)},${(y + s.dy).toFixed(1)}${s.path}`;
}

/** The mark centred on (0, 0), for the legend. */
export function tokenShape(kind: TokenKind): string {
  return tokenShapeAt(kind, 0, 0);
}

/**
 * Each kind's colours as the token layer's stylesheet gives them (diagram.css, `.kind-*`),
 * for marks painted on a canvas.
 */
export const TOKEN_PAINT: Record<TokenKind, { fill: string; stroke: string; dash: boolean }> = {
  cast: { fill: '#b45309', stroke: '#78350f', dash: false },
  call: { fill: '#7c2d12', stroke: '#fed7aa', dash: false },
  reply: { fill: '#fff7ed', stroke: '#b45309', dash: true },
  'rest-request': { fill: '#6d28d9', stroke: '#4c1d95', dash: false },
  'rest-response': { fill: '#f5f3ff', stroke: '#6d28d9', dash: false },
  'db-write': { fill: '#0f766e', stroke: '#134e4a', dash: false },
};

/** The stroke of a selected token's mark (the page's focus colour). */
export const SELECTED_STROKE = '#f59e0b';

/** A token's mark to paint on a canvas: its kind, its centre, and how it is marked. */
export interface MarkToPaint {
  kind: TokenKind;
  x: number;
  y: number;
  /** '', 'selected' or 'dimmed' */
  mark: string;
}

let shapePaths: Map<TokenKind, Path2D> | null = null;

/** Each kind's mark centred on (0, 0), as a Path2D (made once). */
function shapePath(kind: TokenKind): Path2D {
  shapePaths ??= new Map();
  let p = shapePaths.get(kind);
  if (!p) {
    const s = SHAPES[kind];
    p = new Path2D(`M${s.dx},${s.dy}${s.path}`);
    shapePaths.set(kind, p);
  }
  return p;
}

/**
 * Paints token marks on a 2D canvas (scaled by `dpr`), as the stylesheet draws them in SVG:
 * the same shapes, fills and strokes; a dimmed mark faint, a selected one outlined in the
 * focus colour. One canvas for hundreds of marks costs a frame far less than as many SVG
 * shapes the browser must paint and rasterize again every frame.
 */
export function paintMarks(
  ctx: CanvasRenderingContext2D,
  marks: readonly MarkToPaint[],
  dpr: number,
  dimSelection: boolean,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.lineJoin = 'miter';
  for (const m of marks) {
    const paint = TOKEN_PAINT[m.kind];
    const selected = m.mark === 'selected';
    ctx.globalAlpha = dimSelection && m.mark === 'dimmed' ? 0.18 : 1;
    ctx.setTransform(dpr, 0, 0, dpr, m.x * dpr, m.y * dpr);
    const path = shapePath(m.kind);
    ctx.fillStyle = paint.fill;
    ctx.fill(path);
    ctx.lineWidth = selected ? 3 : 2;
    ctx.strokeStyle = selected ? SELECTED_STROKE : paint.stroke;
    ctx.setLineDash(paint.dash ? [4, 2] : []);
    ctx.stroke(path);
  }
  ctx.globalAlpha = 1;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
