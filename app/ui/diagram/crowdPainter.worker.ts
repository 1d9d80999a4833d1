/**
 * The crowd's painter, off the page's main thread: it owns the crowd's canvas (transferred
 * with transferControlToOffscreen) and draws each frame the page sends. Rastering hundreds
 * of marks and handing the canvas's bitmap to the compositor cost the main thread a few
 * milliseconds a frame; here they cost it none.
 */
import { type CrowdPainterMessage, type Look, paintCrowd } from './crowdPaint';

let ctx: OffscreenCanvasRenderingContext2D | null = null;
let looks = new Map<string, Look>();

self.onmessage = (e: MessageEvent<CrowdPainterMessage>) => {
  const msg = e.data;
  if (msg.type === 'init') {
    ctx = msg.canvas.getContext('2d');
    looks = new Map(msg.looks);
  } else if (ctx) paintCrowd(ctx, looks, msg);
};
