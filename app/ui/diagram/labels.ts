/** A token label's line height on screen, px (diagram.css: 15px bold, 14px detail). */
export const LABEL_LINE = 18;

/** Width of a label on screen, px, from its text: estimated, so no layout is read per frame. */
export function labelWidth(kind: string, detail: string, detailed: boolean): number {
  return kind.length * 9.5 + (detailed && detail !== '' ? (detail.length + 1) * 8.6 : 0);
}

/** A rectangle on screen, px. */
export interface Span {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Where a label may go around its token (offsets from the token): right, left, below, above,
 * then the corners (below right, above right, below left, above left), tried in this order.
 * From 2 on, a label is above or below its token and may slide along (TokenLayer).
 */
const SIDES: ((x: number, y: number, w: number) => { x: number; base: number })[] = [
  (x, y) => ({ x: x + 14, base: y + 5 }),
  (x, y, w) => ({ x: x - 14 - w, base: y + 5 }),
  (x, y, w) => ({ x: x - w / 2, base: y + 26 }),
  (x, y, w) => ({ x: x - w / 2, base: y - 14 }),
  (x, y) => ({ x: x + 8, base: y + 26 }),
  (x, y) => ({ x: x + 8, base: y - 14 }),
  (x, y, w) => ({ x: x - 8 - w, base: y + 26 }),
  (x, y, w) => ({ x: x - 8 - w, base: y - 14 }),
];
const ALL_SIDES = SIDES.map((_, k) => k);

/**
 * A label placed: its left edge, its baseline, the side of its token it went to, whether it
 * is shown short (its kind alone, where the whole label had no clear side), and whether it is
 * not shown at all (every side would write over a box's name or another label).
 */
export interface PlacedLabel {
  x: number;
  base: number;
  side: number;
  short: boolean;
  hidden: boolean;
}

/** How far below its token a label may be moved (in lines) before it reads as another's. */
const MAX_DRIFT_LINES = 2.5;

/**
 * Places each token's label (token at `x`, `y`, label `w` wide) on a side of its token where
 * it covers no label placed before it, no box's title (`titles`) and no box's body (`bodies`):
 * the side it had last frame (`side`) if that is still clear, so labels do not jump about,
 * else the first clear one of right, left, below, above and the corners. With no side clear
 * (a token between two boxes close together), it goes to the right and moves down past what
 * it would cover, unless that takes it far from its token: then it takes the side that
 * covers the least (another label weighing most, then a title, then a body). A label that
 * can be said short (`short`, its width without the detail) is, before it would cover
 * anything: the inspector has the detail, and a name under a label is lost to the class.
 */
export function placeLabels(
  labels: readonly {
    x: number;
    y: number;
    w: number;
    side?: number | undefined;
    short?: number | undefined;
  }[],
  titles: readonly Span[] = [],
  bodies: readonly Span[] = [],
  line = LABEL_LINE,
): PlacedLabel[] {
  // this runs at every frame, over every box of a cloud of hundreds of hosts: no copies of
  // the lists, no closures per box
  const placed: Span[] = [];
  const spanOf = (x: number, base: number, w: number): Span => ({
    x0: x,
    x1: x + w,
    y0: base - line + 4,
    y1: base + 4,
  });
  const hitIn = (s: Span, spans: readonly Span[]): Span | undefined => {
    for (const b of spans) if (s.x0 < b.x1 && s.x1 > b.x0 && s.y0 < b.y1 && s.y1 > b.y0) return b;
    return undefined;
  };
  const hitAny = (s: Span) => hitIn(s, placed) ?? hitIn(s, titles) ?? hitIn(s, bodies);
  const area = (s: Span, spans: readonly Span[]) => {
    let sum = 0;
    for (const b of spans)
      sum +=
        Math.max(0, Math.min(s.x1, b.x1) - Math.max(s.x0, b.x0)) *
        Math.max(0, Math.min(s.y1, b.y1) - Math.max(s.y0, b.y0));
    return sum;
  };
  const put = (
    at: { x: number; base: number },
    w: number,
    side: number,
    short: boolean,
  ): PlacedLabel => {
    placed.push(spanOf(at.x, at.base, w));
    return { ...at, side, short, hidden: false };
  };
  return labels.map(({ x, y, w: whole, side, short: shortW }) => {
    const order = side === undefined ? ALL_SIDES : [side, ...ALL_SIDES];
    for (const k of order) {
      const at = SIDES[k]!(x, y, whole);
      if (!hitAny(spanOf(at.x, at.base, whole))) return put(at, whole, k, false);
    }
    const short = shortW !== undefined && shortW < whole;
    const w = short ? shortW : whole;
    if (short)
      for (const k of order) {
        const at = SIDES[k]!(x, y, w);
        if (!hitAny(spanOf(at.x, at.base, w))) return put(at, w, k, true);
      }
    // to the right, moved down past what it would cover, a few times at most
    const right = SIDES[0]!(x, y, w);
    let base = right.base;
    for (let tries = 0; tries < 6; tries++) {
      const hit = hitAny(spanOf(right.x, base, w));
      if (!hit) break;
      base = hit.y1 + line - 4;
    }
    if (base - right.base <= MAX_DRIFT_LINES * line && !hitAny(spanOf(right.x, base, w)))
      return put({ x: right.x, base }, w, 0, short);
    let best = { k: 0, cost: Infinity, names: 0 };
    for (let k = 0; k < SIDES.length; k++) {
      const at = SIDES[k]!(x, y, w);
      const span = spanOf(at.x, at.base, w);
      // what a label covers, by area: another label weighs most, then a name, then a body
      const names = 100 * area(span, placed) + 4 * area(span, titles);
      const cost = names + area(span, bodies);
      if (cost < best.cost) best = { k, cost, names };
    }
    const at = SIDES[best.k]!(x, y, w);
    // over a name or another label it would hide what the class reads: its token's mark and
    // tooltip stay, and the inspector has it
    if (best.names > 0) return { ...at, side: best.k, short, hidden: true };
    return put(at, w, best.k, short);
  });
}

/** Tokens nearer than this (screen px) with the same label read as one: they get one label. */
export const TWIN_PX = 10;

/**
 * For each label, the index of the label that speaks for it: the first of the labels with
 * the same text (`key`) whose tokens are within `near` px of each other (a write of several
 * rows at once, a message and its copies), or itself. Few labels are shown at a time (the
 * token layer labels at most a few dozen), so pairs are simply compared.
 */
export function twinLeaders(
  labels: readonly { x: number; y: number; key: string }[],
  near = TWIN_PX,
): number[] {
  const lead = labels.map((_, i) => i);
  for (let i = 0; i < labels.length; i++) {
    if (lead[i] !== i) continue;
    const a = labels[i]!;
    for (let j = i + 1; j < labels.length; j++) {
      const b = labels[j]!;
      if (
        lead[j] === j &&
        b.key === a.key &&
        Math.abs(b.x - a.x) <= near &&
        Math.abs(b.y - a.y) <= near
      )
        lead[j] = i;
    }
  }
  return lead;
}

/**
 * The key tokens at one place share a label by: their label, except for database writes,
 * which share one per operation (a process writing three tables at once says so once).
 */
export function shareKey(kind: string, kindText: string, detail: string): string {
  if (kind !== 'db-write') return `${kindText}\n${detail}`;
  const space = detail.indexOf(' ');
  return `${kindText}\n${space < 0 ? detail : detail.slice(0, space)}`;
}

/**
 * What a shared label says after its kind: the detail, or for writes of several tables one
 * operation and the tables, each once, in their order (`insert request_specs, build_requests`);
 * `compact` (a diagram drawn small, where a long label covers boxes), the first table and how
 * many more (`insert request_specs +2`).
 */
export function sharedDetail(details: readonly string[], compact = false): string {
  const first = details[0] ?? '';
  if (details.every((d) => d === first)) return first;
  const space = first.indexOf(' ');
  const op = space < 0 ? first : first.slice(0, space);
  const tables: string[] = [];
  for (const d of details) {
    const table = d.slice(d.indexOf(' ') + 1);
    if (!tables.includes(table)) tables.push(table);
  }
  if (compact && tables.length > 1) return `${op} ${tables[0]} +${tables.length - 1}`;
  return `${op} ${tables.join(', ')}`;
}
