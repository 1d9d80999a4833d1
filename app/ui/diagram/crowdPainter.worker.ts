/**
 * The crowd's painter, off the page's main thread: it owns the crowd's canvas (transferred
 * with transferControlToOffscreen) and draws the page's frames. Rastering hundreds of marks
 * and handing the canvas's bitmap to the compositor cost the main thread a few milliseconds
 * a frame; here they cost it none. Only the latest frame is drawn, once per display frame:
 * a painter that falls behind skips frames instead of queueing them. (The marks may show a
 * frame after the boxes they move between, which nobody sees while they move.)
 */
import { type CrowdFrame, type CrowdPainterMessage, type Look, paintCrowd } from './crowdPaint';

let ctx: OffscreenCanvasRenderingContext2D | null = null;
let looks = new Map<string, Look>();
let latest: CrowdFrame | null = null;
let scheduled = false;

const nextFrame: (fn: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? (fn) => requestAnimationFrame(fn)
    : (fn) => setTimeout(fn, 0);

function paint(): void {
  scheduled = false;
  if (ctx && latest) paintCrowd(ctx, looks, latest);
  latest = null;
}

self.onmessage = (e: MessageEvent<CrowdPainterMessage>) => {
  const msg = e.data;
  if (msg.type === 'init') {
    ctx = msg.canvas.getContext('2d');
    // the page's error handler takes over the drawing
    if (!ctx) throw new Error('this browser has no 2D context for an OffscreenCanvas');
    looks = new Map(msg.looks);
    return;
  }
  latest = msg;
  if (!scheduled) {
    scheduled = true;
    nextFrame(paint);
  }
};
