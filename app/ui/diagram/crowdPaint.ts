/**
 * Painting a crowd of token marks: shared by the page (when it has to draw them itself) and
 * the crowd's own worker (crowdPainter.worker.ts). No DOM here: the worker has none.
 */

/** How a mark is shown, as read from diagram.css (crowdMarks.ts). */
export interface Look {
  fill: string;
  stroke: string;
  width: number;
  dash: number[];
  alpha: number;
}

/** One frame of a crowd: its canvas's size in device pixels, and each look's path data. */
export interface CrowdFrame {
  w: number;
  h: number;
  dpr: number;
  /** `mark/kind` → SVG path data of every mark of that look */
  paths: [string, string][];
}

/** The crowd's worker is told its canvas and looks once, then gets a frame at a time. */
export type CrowdPainterMessage =
  | { type: 'init'; canvas: OffscreenCanvas; looks: [string, Look][] }
  | ({ type: 'frame' } & CrowdFrame);

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draws `frame` on `ctx`, whose canvas is resized to it first: one path per look. */
export function paintCrowd(ctx: Context2D, looks: Map<string, Look>, frame: CrowdFrame): void {
  const c = ctx.canvas;
  if (c.width !== frame.w || c.height !== frame.h) {
    c.width = frame.w;
    c.height = frame.h;
  } else ctx.clearRect(0, 0, frame.w, frame.h);
  ctx.setTransform(frame.dpr, 0, 0, frame.dpr, 0, 0);
  for (const [key, d] of frame.paths) {
    const look = looks.get(key);
    if (!look) continue;
    const path = new Path2D(d);
    ctx.globalAlpha = look.alpha;
    ctx.fillStyle = look.fill;
    ctx.strokeStyle = look.stroke;
    ctx.lineWidth = look.width;
    ctx.setLineDash(look.dash);
    ctx.fill(path);
    ctx.stroke(path);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
}
