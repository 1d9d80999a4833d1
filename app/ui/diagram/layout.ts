/**
 * Where every box of the diagram goes, as a textbook figure: the user on the left, nova-api,
 * the message queue in the middle, the conductor and the scheduler, the databases above, the
 * other projects aside and a wrapping grid of compute hosts below. Pure: the same host names
 * give the same layout, and the token layer draws on the very rectangles computed here.
 */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Transport = 'rpc' | 'rest' | 'db';

export type BoxKind =
  'band' | 'process' | 'broker' | 'database' | 'hostGroup' | 'compute' | 'hypervisor';

export type BandId = 'api' | 'control' | 'compute' | 'others';

export interface Box {
  id: string;
  kind: BoxKind;
  /** absolute rectangle, in flow units */
  rect: Rect;
  /** the host group a compute/hypervisor box sits in */
  parent?: string;
  host?: string;
  band?: BandId;
  /** database id shown by a database box */
  database?: string;
}

export interface Link {
  id: string;
  source: string;
  target: string;
  transport: Transport;
}

/** Host group sizes: the more hosts, the smaller each group. */
export type HostScale = 'large' | 'medium' | 'compact';

export interface Layout {
  boxes: Box[];
  rects: Map<string, Rect>;
  links: Link[];
  hostScale: HostScale;
  /** the process a token goes to when its own box is not drawn (aggregated compute edges) */
  bounds: Rect;
}

/** the eight rows of a cloud's RPC queues, and the versioned notifications' queue */
export const BROKER_ROWS = 9;
export const QUEUE_ROW_H = 30;
export const DB_ROWS = 6;
export const DB_ROW_H = 25;

const HOST_SIZES: Record<HostScale, { w: number; h: number; gap: number }> = {
  large: { w: 330, h: 200, gap: 24 },
  medium: { w: 220, h: 136, gap: 16 },
  compact: { w: 150, h: 96, gap: 10 },
};

/** Above this many hosts, one edge per transport goes from the compute band, not each host. */
export const PER_HOST_EDGES_MAX = 8;

export function hostScaleFor(n: number): HostScale {
  if (n <= 8) return 'large';
  if (n <= 40) return 'medium';
  return 'compact';
}

export const computeId = (host: string) => `nova-compute@${host}`;
export const hypervisorId = (host: string) => `hypervisor@${host}`;
export const hostGroupId = (host: string) => `host-${host}`;

const TOP_WIDTH = 1640;
const DB_H = 64 + DB_ROWS * DB_ROW_H;

export function computeLayout(hostNames: readonly string[]): Layout {
  const boxes: Box[] = [];
  const add = (b: Box) => boxes.push(b);
  const proc = (id: string, x: number, y: number, w = 240, h = 100) =>
    add({ id, kind: 'process', rect: { x, y, w, h } });

  // Databases along the top, above the processes that write them.
  add({ id: 'nova-api-db', kind: 'database', database: 'nova-api-db', rect: r(250, 0, 260, DB_H) });
  add({
    id: 'nova-cell0-db',
    kind: 'database',
    database: 'nova-cell0-db',
    rect: r(860, 0, 260, DB_H),
  });
  add({
    id: 'nova-cell1-db',
    kind: 'database',
    database: 'nova-cell1-db',
    rect: r(1150, 0, 260, DB_H),
  });

  const mainY = DB_H + 110;
  // Bands first: they are drawn behind everything.
  add({ id: 'band-api', kind: 'band', band: 'api', rect: r(220, mainY - 60, 320, 460) });
  add({ id: 'band-control', kind: 'band', band: 'control', rect: r(1010, mainY - 60, 320, 460) });

  // tall enough for its role and, under it, the servers with no host yet (nodes.tsx Unplaced)
  proc('client', 0, mainY - 20, 190, 190);
  proc('nova-api', 260, mainY + 40);
  add({ id: 'rabbitmq', kind: 'broker', rect: r(580, mainY, 400, 96 + BROKER_ROWS * QUEUE_ROW_H) });
  proc('nova-conductor', 1060, mainY + 10);
  proc('nova-scheduler', 1060, mainY + 230);
  // Other projects: identity, images and networks by the API; placement by the scheduler.
  add({ id: 'band-others', kind: 'band', band: 'others', rect: r(-10, mainY + 190, 210, 290) });
  proc('keystone', 0, mainY + 230, 190, 70);
  proc('glance-api', 0, mainY + 310, 190, 70);
  proc('neutron-server', 0, mainY + 390, 190, 70);
  proc('placement-api', 1400, mainY + 160, 240, 90);
  add({
    id: 'placement',
    kind: 'database',
    database: 'placement',
    rect: r(1400, mainY + 275, 240, 64 + 3 * DB_ROW_H),
  });

  // The compute band: a wrapping grid of host groups, as wide as it needs to stay balanced.
  const scale = hostScaleFor(hostNames.length);
  const size = HOST_SIZES[scale];
  const n = Math.max(1, hostNames.length);
  const fitCols = Math.max(1, Math.floor((TOP_WIDTH + size.gap) / (size.w + size.gap)));
  const cols = Math.min(n, Math.max(fitCols, Math.ceil(Math.sqrt(n * 2.2))));
  const gridW = cols * size.w + (cols - 1) * size.gap;
  const bandX = Math.min(0, (TOP_WIDTH - gridW) / 2 - 30);
  const bandW = Math.max(TOP_WIDTH, gridW + 60);
  const rows = Math.ceil(n / cols);
  const bandY = mainY + 510;
  const bandH = 70 + rows * size.h + (rows - 1) * size.gap + 30;
  add({ id: 'band-compute', kind: 'band', band: 'compute', rect: r(bandX, bandY, bandW, bandH) });
  const gridX = bandX + (bandW - gridW) / 2;
  hostNames.forEach((host, i) => {
    const col = i % cols;
    const row = Math.floor(i / cols);
    const gx = gridX + col * (size.w + size.gap);
    const gy = bandY + 70 + row * (size.h + size.gap);
    const group = hostGroupId(host);
    add({ id: group, kind: 'hostGroup', host, rect: r(gx, gy, size.w, size.h) });
    const inner = hostInner(scale, size.w, size.h);
    add({
      id: computeId(host),
      kind: 'compute',
      host,
      parent: group,
      rect: r(gx + inner.compute.x, gy + inner.compute.y, inner.compute.w, inner.compute.h),
    });
    add({
      id: hypervisorId(host),
      kind: 'hypervisor',
      host,
      parent: group,
      rect: r(gx + inner.hyper.x, gy + inner.hyper.y, inner.hyper.w, inner.hyper.h),
    });
  });

  const links: Link[] = [];
  const link = (source: string, target: string, transport: Transport) =>
    links.push({ id: `${transport}:${source}->${target}`, source, target, transport });
  link('client', 'nova-api', 'rest');
  link('nova-api', 'keystone', 'rest');
  link('nova-api', 'glance-api', 'rest');
  link('nova-api', 'neutron-server', 'rest');
  link('nova-scheduler', 'placement-api', 'rest');
  link('nova-conductor', 'placement-api', 'rest');
  link('nova-api', 'rabbitmq', 'rpc');
  link('nova-conductor', 'rabbitmq', 'rpc');
  link('nova-scheduler', 'rabbitmq', 'rpc');
  link('nova-api', 'nova-api-db', 'db');
  link('nova-conductor', 'nova-api-db', 'db');
  link('nova-conductor', 'nova-cell0-db', 'db');
  link('nova-conductor', 'nova-cell1-db', 'db');
  link('placement-api', 'placement', 'db');
  if (hostNames.length <= PER_HOST_EDGES_MAX) {
    for (const host of hostNames) {
      link(computeId(host), 'rabbitmq', 'rpc');
      link(computeId(host), 'placement-api', 'rest');
    }
  } else {
    link('band-compute', 'rabbitmq', 'rpc');
    link('band-compute', 'placement-api', 'rest');
  }

  const rects = new Map(boxes.map((b) => [b.id, b.rect]));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minX = Math.min(minX, b.rect.x);
    minY = Math.min(minY, b.rect.y);
    maxX = Math.max(maxX, b.rect.x + b.rect.w);
    maxY = Math.max(maxY, b.rect.y + b.rect.h);
  }
  return { boxes, rects, links, hostScale: scale, bounds: r(minX, minY, maxX - minX, maxY - minY) };
}

/**
 * The top of a box that holds its name (flow units: diagram.css .dg-title, 25px at a line
 * height of 1.2, under 8px of padding and a 2px border; a band's label, 22px from 8px down).
 */
export const TITLE_STRIP = 40;
/** Flow units a character of a box's name takes at most (a 25px monospace title). */
const NAME_CHAR_W = 15.5;

/** Flow units a character of a band's label takes (22px bold; a CJK character twice that). */
const BAND_CHAR_W = 12.5;

/** How wide a band's label is drawn, flow units, from its text: 14 from the band's edge. */
export function bandLabelWidth(text: string): number {
  let w = 14;
  for (const ch of text)
    w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 * BAND_CHAR_W : BAND_CHAR_W;
  return w;
}

/**
 * Where each box's name is, for token labels to keep off: the top strip of the box, as wide as
 * its name; a band's, its whole width, or as wide as its label (`bandLabel`, long and
 * translated) where that runs past the band's edge.
 */
export function titleStrips(layout: Layout, bandLabel?: (band: BandId) => string): Rect[] {
  return layout.boxes.map(({ kind, id, host, rect, band }) => {
    if (kind === 'band') {
      const label = band && bandLabel ? bandLabelWidth(bandLabel(band)) : 0;
      return { x: rect.x, y: rect.y, w: Math.max(rect.w, label), h: TITLE_STRIP };
    }
    const name =
      kind === 'hostGroup'
        ? (host ?? id)
        : kind === 'compute'
          ? 'nova-compute'
          : kind === 'hypervisor'
            ? 'hypervisor'
            : id;
    const w = Math.min(rect.w, 16 + name.length * NAME_CHAR_W);
    return { x: rect.x, y: rect.y, w, h: TITLE_STRIP };
  });
}

function r(x: number, y: number, w: number, h: number): Rect {
  return { x, y, w, h };
}

function hostInner(scale: HostScale, w: number, h: number) {
  if (scale === 'large')
    return { compute: r(12, 40, w - 24, 56), hyper: r(12, 106, w - 24, h - 118) };
  if (scale === 'medium') return { compute: r(8, 30, w - 16, 40), hyper: r(8, 76, w - 16, h - 84) };
  return { compute: r(6, 6, w - 12, 36), hyper: r(6, 48, w - 12, h - 54) };
}

// ---------------------------------------------------------------- geometry

export interface Point {
  x: number;
  y: number;
}

const center = (a: Rect): Point => ({ x: a.x + a.w / 2, y: a.y + a.h / 2 });

/** Where the line from the centre of `a` towards `p` leaves `a`. */
function exitPoint(a: Rect, p: Point): Point {
  const c = center(a);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Infinity : a.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : a.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

/** The straight edge between two boxes, from border to border: edges and tokens share it. */
export function segment(a: Rect, b: Rect): [Point, Point] {
  return [exitPoint(a, center(b)), exitPoint(b, center(a))];
}

/** The point a fraction `p` (0…1) along a path of segments, by length. */
export function along(points: readonly Point[], p: number): Point {
  if (points.length === 1 || p <= 0) return points[0]!;
  let total = 0;
  const lens: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const l = Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
    lens.push(l);
    total += l;
  }
  let d = Math.min(1, p) * total;
  for (let i = 0; i < lens.length; i++) {
    const l = lens[i]!;
    if (d <= l || i === lens.length - 1) {
      const f = l === 0 ? 1 : Math.min(1, d / l);
      const a = points[i]!;
      const b = points[i + 1]!;
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
    d -= l;
  }
  return points[points.length - 1]!;
}
