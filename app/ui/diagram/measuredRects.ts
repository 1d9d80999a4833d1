import type { Rect } from './layout';

/** Whether a queue row's name (`compute.*`, `reply_*`, `*_fanout_*`, or a queue's) stands for `queue`. */
export function rowStandsFor(row: string, queue: string): boolean {
  if (!row.includes('*')) return row === queue;
  const parts = row.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(queue);
}

/**
 * Where the broker's row for `queue` is, in flow units. Measured in the page: rows come and
 * go as queues are declared, which the layout does not know. The zoom is the box's drawn
 * width over its own, both read from the page: while the camera moves, the viewport's
 * transform in React Flow's store may be a frame ahead of what is drawn. Undefined when the
 * broker's box or the row is not drawn.
 */
export function queueRowRect(
  container: ParentNode,
  broker: Rect | undefined,
  queue: string,
): Rect | undefined {
  if (!broker) return undefined;
  const box = container.querySelector<HTMLElement>('.react-flow__node[data-id="rabbitmq"]');
  if (!box || box.offsetWidth <= 0) return undefined;
  const rows = box.querySelectorAll<HTMLElement>('tr[data-queue]');
  let row: HTMLElement | undefined;
  for (const r of rows) {
    const name = r.dataset.queue ?? '';
    if (name === queue) {
      row = r;
      break;
    }
    if (!row && rowStandsFor(name, queue)) row = r;
  }
  if (!row) return undefined;
  const b = box.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  const zoom = b.width / box.offsetWidth;
  return {
    x: broker.x + (r.left - b.left) / zoom,
    y: broker.y + (r.top - b.top) / zoom,
    w: r.width / zoom,
    h: r.height / zoom,
  };
}

/**
 * Where the elements `selector` finds under `container` are, in flow units, given the layer
 * they are measured against and the viewport's transform. For what the layout does not place
 * itself (a waiting call's badge under a box, as wide as its text).
 */
export function flowRectsOf(
  container: ParentNode,
  selector: string,
  layer: { left: number; top: number },
  [tx, ty, zoom]: readonly [number, number, number],
): Rect[] {
  if (zoom <= 0) return [];
  const out: Rect[] = [];
  for (const el of container.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    out.push({
      x: (r.left - layer.left - tx) / zoom,
      y: (r.top - layer.top - ty) / zoom,
      w: r.width / zoom,
      h: r.height / zoom,
    });
  }
  return out;
}
