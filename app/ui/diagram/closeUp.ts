import type { EventSummary } from '../../protocol/messages';
import type { Rect } from './layout';

/**
 * The close-up: the camera follows each event to the boxes it is between, large enough to
 * read on a projector. The whole cloud fits a 1280 px screen only at about half size, where
 * a box's name is 11 px.
 */

/** The largest zoom a close-up takes: a box's name (25 flow px) drawn at 25 px. */
export const CLOSE_UP_ZOOM = 1;
/** Room kept around the boxes, as a share of the pane's width and height on each side. */
const MARGIN = 0.1;
/** The camera stays while its zoom is this near the one it would take. */
const ZOOM_SLACK = 0.2;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The boxes an event is between: its two ends, the broker a message goes through, and the
 * process a message sent to the broker is bound for (nova-api's cast is about nova-conductor).
 */
export function boxesOf(ev: Pick<EventSummary, 'type' | 'from' | 'to' | 'bound'>): string[] {
  const ids = [ev.from, ev.to, ev.bound ?? null].filter((id): id is string => id !== null);
  if ((ev.type === 'rpc' || ev.type === 'notification') && !ids.includes('rabbitmq'))
    ids.push('rabbitmq');
  return ids;
}

/** How far back a state change without a host looks for the nova-compute it is about. */
const STATE_LOOKBACK = 8;

/**
 * The boxes the close-up frames for `ev`, one of the recent `events` (by default the last).
 * A state change nova-compute asked nova-conductor to save ("nova-compute has the build")
 * names no host: it is framed on the nova-compute that took part in its boot just before.
 */
export function closeUpBoxes(
  events: readonly EventSummary[],
  ev: EventSummary | undefined = events.at(-1),
): string[] {
  if (!ev) return [];
  const own = boxesOf(ev);
  if (own.length > 0 || ev.type !== 'state' || ev.instance === null) return own;
  const at = events.lastIndexOf(ev);
  for (let i = at - 1; i >= Math.max(0, at - STATE_LOOKBACK); i--) {
    const e = events[i]!;
    if (e.instance !== ev.instance) continue;
    const compute = boxesOf(e).find((id) => id.startsWith('nova-compute@'));
    if (compute) return [compute];
  }
  return [];
}

/** The smallest rectangle around the rects given, or null when none is. */
export function around(rects: readonly (Rect | undefined)[]): Rect | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    if (!r) continue;
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w);
    y1 = Math.max(y1, r.y + r.h);
  }
  return x0 === Infinity ? null : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Where the camera goes to show `target` (flow units) as large as it fits in a pane of
 * `pane` px, up to `cap`; null when it is in view already at about that zoom. A camera that
 * moved at every event would have a class looking at the motion, not at the messages.
 * `exact`: null only when the camera is there already (the whole cloud, framed again when
 * the pane changes size: within the slack, presenting's larger pane kept the page's framing,
 * the cloud small in its top left corner).
 */
export function closeUpViewport(
  target: Rect,
  pane: { w: number; h: number },
  now: Viewport,
  {
    cap = CLOSE_UP_ZOOM,
    inset = 0,
    exact = false,
    margin = MARGIN,
  }: {
    cap?: number;
    /** a strip at the pane's left the boxes keep clear of (the zoom buttons) */
    inset?: number;
    exact?: boolean;
    /** the room left around the target at each side, a fraction of the pane */
    margin?: number;
  } = {},
): Viewport | null {
  const w = pane.w - inset;
  if (w <= 0 || pane.h <= 0) return null;
  const room = 1 - 2 * margin;
  const zoom = Math.min(
    cap,
    (w * room) / Math.max(1, target.w),
    (pane.h * room) / Math.max(1, target.h),
  );
  const left = target.x * now.zoom + now.x;
  const top = target.y * now.zoom + now.y;
  const inView =
    left >= inset &&
    top >= 0 &&
    left + target.w * now.zoom <= pane.w &&
    top + target.h * now.zoom <= pane.h;
  const next = {
    x: inset + w / 2 - (target.x + target.w / 2) * zoom,
    y: pane.h / 2 - (target.y + target.h / 2) * zoom,
    zoom,
  };
  if (exact)
    return Math.abs(now.x - next.x) < 1 &&
      Math.abs(now.y - next.y) < 1 &&
      Math.abs(now.zoom - zoom) <= zoom * 0.001
      ? null
      : next;
  if (inView && Math.abs(now.zoom - zoom) <= zoom * ZOOM_SLACK) return null;
  return next;
}

/**
 * The zoom below which the whole cloud is too small to read from the back of a room: a box's
 * name under 15 px, its rows under 7. Presenting on a 1280 × 720 projector, the whole of one
 * host's cloud is drawn at about 0.49; on 1920 × 1080, at about 0.75.
 */
export const LEGIBLE_ZOOM = 0.6;

/** The zoom at which `bounds` (flow units) fits whole in a pane of `pane` px. */
export function wholeZoom(bounds: Rect, pane: { w: number; h: number }, padding: number): number {
  const room = 1 - 2 * padding;
  return Math.min((pane.w * room) / Math.max(1, bounds.w), (pane.h * room) / Math.max(1, bounds.h));
}
