import type { TokenKind } from '../../protocol/messages';
import { tokenShapeAt } from './tokens';

const SVG = 'http://www.w3.org/2000/svg';
const KINDS: readonly TokenKind[] = [
  'cast',
  'call',
  'reply',
  'rest-request',
  'rest-response',
  'db-write',
  'lost',
];
/** How a mark is shown: as it is, dimmed (another request is selected), or selected. */
const MARKS = ['', 'dimmed', 'selected'] as const;
export type Mark = (typeof MARKS)[number];

interface Look {
  fill: string;
  stroke: string;
  width: number;
  dash: number[];
  alpha: number;
}

/**
 * Each kind's look in each mark, read once from diagram.css (`.dg-token.kind-*`): a probe
 * token of every kind and mark is styled by the page's own rules, so a crowd looks like
 * the tokens it stands for and the colours live in one place.
 */
function readLooks(host: Element): Map<string, Look> {
  const probe = document.createElementNS(SVG, 'svg');
  probe.setAttribute('class', 'dg-token-layer has-selection');
  const items: [string, SVGGElement, SVGPathElement][] = [];
  for (const mark of MARKS)
    for (const kind of KINDS) {
      const g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', `dg-token kind-${kind}${mark ? ` ${mark}` : ''}`);
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('class', 'dg-token-shape');
      g.append(path);
      probe.append(g);
      items.push([`${mark}/${kind}`, g, path]);
    }
  host.append(probe);
  const looks = new Map<string, Look>();
  for (const [key, g, path] of items) {
    const s = getComputedStyle(path);
    const dash =
      s.strokeDasharray === 'none' ? [] : s.strokeDasharray.split(/[ ,]+/).map(parseFloat);
    looks.set(key, {
      fill: s.fill,
      stroke: s.stroke,
      width: parseFloat(s.strokeWidth) || 2,
      dash: dash.filter((x) => Number.isFinite(x)),
      alpha: Number(getComputedStyle(g).opacity),
    });
  }
  probe.remove();
  return looks;
}

/**
 * A crowd of token marks drawn on one canvas under the tokens' layer. Hundreds of SVG shapes
 * moving every frame cost the browser a style, a layout, a paint, a layerization and a raster
 * of the layer each frame; a canvas costs its own pixels and a copy of its bitmap. The marks
 * of one kind and look are one path, so a frame sets each style and fills once.
 */
export class CrowdMarks {
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly looks: Map<string, Look>;
  /** this frame's marks, as SVG path data, by look (`mark/kind`) */
  private readonly marks = new Map<string, string[]>();
  private drawn = false;
  /** what the canvas shows: each look's path data and the canvas size, as last drawn */
  private shown = '';

  constructor(
    private readonly canvas: HTMLCanvasElement,
    styleHost: Element,
  ) {
    this.ctx = canvas.getContext('2d');
    this.looks = readLooks(styleHost);
    for (const key of this.looks.keys()) this.marks.set(key, []);
  }

  /** Clears the canvas. */
  clear(): void {
    this.ctx?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.drawn = false;
    this.shown = '';
    this.canvas.dataset.marks = '{}';
  }

  /** Starts a frame: no mark drawn yet. */
  begin(): void {
    for (const parts of this.marks.values()) parts.length = 0;
  }

  add(kind: TokenKind, mark: Mark, x: number, y: number): void {
    this.marks.get(`${mark}/${kind}`)!.push(tokenShapeAt(kind, x, y));
  }

  /**
   * Ends a frame: the canvas shows what was added since `begin`, and its `data-marks` says
   * how many marks of each kind it drew (for scripts and tests: a canvas has no elements).
   */
  end(): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const c = this.canvas;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.round(c.clientWidth * dpr);
    const h = Math.round(c.clientHeight * dpr);
    const data = new Map<string, string>();
    for (const [key, parts] of this.marks) if (parts.length > 0) data.set(key, parts.join(''));
    // paused, or marks that have not moved: the canvas already shows them
    let shown = `${w}x${h}`;
    for (const [key, d] of data) shown += `|${key}:${d}`;
    if (shown === this.shown) return;
    this.shown = shown;
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    } else if (this.drawn) ctx.clearRect(0, 0, w, h);
    const counts: Partial<Record<TokenKind, number>> = {};
    let any = false;
    // one path per look, filled and stroked once: a few calls a frame, however many marks
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (const [key, d] of data) {
      any = true;
      const kind = key.slice(key.indexOf('/') + 1) as TokenKind;
      const look = this.looks.get(key)!;
      const path = new Path2D(d);
      ctx.globalAlpha = look.alpha;
      ctx.fillStyle = look.fill;
      ctx.strokeStyle = look.stroke;
      ctx.lineWidth = look.width;
      ctx.setLineDash(look.dash);
      ctx.fill(path);
      ctx.stroke(path);
      counts[kind] = (counts[kind] ?? 0) + this.marks.get(key)!.length;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    this.drawn = any;
    c.dataset.marks = JSON.stringify(counts);
  }
}
