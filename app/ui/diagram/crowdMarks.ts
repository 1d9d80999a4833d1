import type { TokenKind } from '../../protocol/messages';
import { type CrowdFrame, type CrowdPainterMessage, type Look, paintCrowd } from './crowdPaint';
import { tokenShapeAt } from './tokens';

const SVG = 'http://www.w3.org/2000/svg';
const KINDS: readonly TokenKind[] = [
  'cast',
  'call',
  'reply',
  'rest-request',
  'rest-response',
  'db-write',
  'notify',
  'lost',
];
/** How a mark is shown: as it is, dimmed (another request is selected), or selected. */
const MARKS = ['', 'dimmed', 'selected'] as const;
export type Mark = (typeof MARKS)[number];

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
 * The crowd's own worker, when the browser can hand a canvas to one; `spent` when the canvas
 * was handed over but the worker could not be told (the page cannot draw on it any more).
 */
function startPainter(
  canvas: HTMLCanvasElement,
  looks: Map<string, Look>,
): { painter: Worker | null; spent: boolean } {
  if (typeof Worker !== 'function' || !('transferControlToOffscreen' in canvas))
    return { painter: null, spent: false };
  let painter: Worker;
  try {
    painter = new Worker(new URL('./crowdPainter.worker.ts', import.meta.url), {
      type: 'module',
      name: 'crowd-painter',
    });
  } catch {
    return { painter: null, spent: false };
  }
  try {
    const offscreen = canvas.transferControlToOffscreen();
    const init: CrowdPainterMessage = { type: 'init', canvas: offscreen, looks: [...looks] };
    painter.postMessage(init, [offscreen]);
    return { painter, spent: true };
  } catch {
    painter.terminate();
    return { painter: null, spent: true };
  }
}

function crowdCanvas(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.className = 'dg-token-layer dg-token-crowd';
  c.setAttribute('aria-hidden', 'true');
  c.dataset.marks = '{}';
  return c;
}

/**
 * A crowd of token marks, drawn on one canvas under the tokens' layer. Hundreds of SVG
 * shapes moving every frame cost the browser a style, a layout, a paint and a layerization
 * of the page each frame; a canvas costs its own pixels and a copy of its bitmap. Those two
 * cost the page's main thread a few milliseconds a frame when it draws (with no GPU), so the
 * canvas is handed to a worker of its own where the browser can (crowdPainter.worker.ts); the
 * page only sends each look's path data. The marks of one kind and look are one path, so a
 * frame sets each style and fills once.
 *
 * The canvas is made here and removed by `dispose`: a canvas handed to a worker is the
 * worker's for good (if the worker fails, a new canvas takes its place, drawn by the page).
 */
export class CrowdMarks {
  private canvas: HTMLCanvasElement;
  private readonly looks: Map<string, Look>;
  private painter: Worker | null;
  private ctx: CanvasRenderingContext2D | null = null;
  /** this frame's marks, as SVG path data, by look (`mark/kind`) */
  private readonly marks = new Map<string, string[]>();
  /** what the canvas shows: each look's path data and the canvas size, as last drawn */
  private shown = '';
  /**
   * The canvas's size in CSS px, kept by a ResizeObserver: reading it each frame would lay
   * the page out there and then, before the frame's own layout, whenever the DOM changed.
   */
  private size = { w: 0, h: 0 };
  private readonly resize: ResizeObserver;
  private disposed = false;

  /** The canvas goes into `parent`, before `before` (the tokens' layer). */
  constructor(parent: Element, before: Element | null) {
    const c = crowdCanvas();
    parent.insertBefore(c, before);
    this.canvas = c;
    this.looks = readLooks(parent);
    for (const key of this.looks.keys()) this.marks.set(key, []);
    this.resize = new ResizeObserver(() => {
      this.size = { w: this.canvas.clientWidth, h: this.canvas.clientHeight };
    });
    const { painter, spent } = startPainter(c, this.looks);
    this.painter = painter;
    if (painter) {
      // a worker that cannot load or draw (no 2D OffscreenCanvas) says so once: the page
      // takes over
      painter.addEventListener('error', (e) => {
        e.preventDefault();
        if (this.painter === painter && !this.disposed) this.paintOnPage();
      });
      this.watch('worker');
    } else if (spent) this.paintOnPage();
    else this.watch('page');
  }

  /** The page draws from now on, on a new canvas in the place of the worker's. */
  private paintOnPage(): void {
    this.painter?.terminate();
    this.painter = null;
    const c = crowdCanvas();
    c.dataset.marks = this.canvas.dataset.marks;
    this.resize.unobserve(this.canvas);
    this.canvas.replaceWith(c);
    this.canvas = c;
    this.shown = '';
    this.watch('page');
  }

  private watch(painter: 'worker' | 'page'): void {
    const c = this.canvas;
    c.dataset.painter = painter;
    if (painter === 'page') this.ctx = c.getContext('2d');
    this.size = { w: c.clientWidth, h: c.clientHeight };
    this.resize.observe(c);
  }

  /** Stops the painter and takes the canvas off the page. */
  dispose(): void {
    this.disposed = true;
    this.painter?.terminate();
    this.painter = null;
    this.resize.disconnect();
    this.canvas.remove();
  }

  /** Starts a frame: no mark drawn yet. */
  begin(): void {
    for (const parts of this.marks.values()) parts.length = 0;
  }

  add(kind: TokenKind, mark: Mark, x: number, y: number): void {
    this.marks.get(`${mark}/${kind}`)!.push(tokenShapeAt(kind, x, y));
  }

  /**
   * Ends a frame: the canvas is to show what was added since `begin` (its worker draws it at
   * its next frame), and its `data-marks` says how many marks of each kind were sent to be
   * drawn (for scripts and tests: a canvas has no elements).
   */
  end(): void {
    const c = this.canvas;
    const dpr = globalThis.devicePixelRatio || 1;
    const frame: CrowdFrame = {
      w: Math.round(this.size.w * dpr),
      h: Math.round(this.size.h * dpr),
      dpr,
      paths: [],
    };
    const counts: Partial<Record<TokenKind, number>> = {};
    let shown = `${frame.w}x${frame.h}`;
    for (const [key, parts] of this.marks) {
      if (parts.length === 0) continue;
      const d = parts.join('');
      frame.paths.push([key, d]);
      shown += `|${key}:${d}`;
      const kind = key.slice(key.indexOf('/') + 1) as TokenKind;
      counts[kind] = (counts[kind] ?? 0) + parts.length;
    }
    // paused, or marks that have not moved: the canvas already shows them
    if (shown === this.shown) return;
    this.shown = shown;
    if (this.painter)
      this.painter.postMessage({ type: 'frame', ...frame } satisfies CrowdPainterMessage);
    else if (this.ctx) paintCrowd(this.ctx, this.looks, frame);
    else return;
    c.dataset.marks = JSON.stringify(counts);
  }
}
