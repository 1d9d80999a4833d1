import { useStoreApi as useFlowStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { type SceneToken, tokenEnd, tokenStart } from '../../protocol/messages';
import { queueOfId } from '../../protocol/processes';
import { isSelected } from '../../store';
import { useStoreApi } from '../StoreContext';
import { along, type Point, type Rect } from './layout';
import { CrowdMarks, type Mark } from './crowdMarks';
import { flowRectsOf, queueRowRect } from './measuredRects';
import { labelWidth, placeLabels, sharedDetail, shareKey, twinLeaders, type Span } from './labels';
import {
  detailLabel,
  kindLabel,
  MARK_HALF_PX,
  nearestMark,
  tokenPath,
  tokenShapeAt,
} from './tokens';

const SVG = 'http://www.w3.org/2000/svg';

/** The UI may run the clock ahead of the last tokens message for at most this long (wall ms). */
const MAX_EXTRAPOLATION_MS = 250;
/**
 * Tokens on screen at most. A burst in a big cloud has thousands of messages in flight;
 * beyond a few hundred they are a blur, and each costs the frame.
 */
export const MAX_TOKENS_ON_SCREEN = 360;
/**
 * A token that could not be drawn when it left (the screen was full) is drawn later only if
 * it is still this near its start: a token popping up halfway along its edge reads as noise.
 */
const LATE_START = 0.2;
/** New tokens drawn per frame at most: a burst fills the screen over a few frames, not one long one. */
const NEW_PER_FRAME = 48;
/** Wall ms the page spends at a time making the tokens' elements ahead, while idle. */
const POOL_SLICE_MS = 4;
/** With more tokens than this on screen, each shows only its kind, not its method or path. */
const DETAIL_LIMIT = 14;
/** With more than this, tokens are small marks (their shape still says their kind). */
const CROWD_LIMIT = 40;
const ignore = () => undefined;

/** Drawn smaller than this, a shared label names one table of a write and counts the rest. */
const COMPACT_BELOW_ZOOM = 0.6;

/**
 * In a crowd, a click this near a mark (screen px) is a click on its token; on a box, only a
 * click on the mark itself is (marks gather at the boxes' edges, and a box opens on a click).
 */
const CROWD_HIT_PX = 12;
const CROWD_HIT_ON_BOX_PX = 6;

/** A token on screen: its elements (reused once the token is gone) and its route. */
interface Drawn {
  el: SVGGElement;
  parts: TokenParts;
  tok: SceneToken;
  path: Point[];
  /** the classes set on the element */
  mark: Mark;
  /** its element has been put where the token is */
  placed: boolean;
  /** where it was drawn last, in the layer's px */
  x: number;
  y: number;
  /** the side of the token its label went to last (labels.ts) */
  side: number | undefined;
  /** the last frame it was seen in the store */
  frame: number;
  /** its label's kind and detail texts, for the label's width */
  kindText: string;
  detailText: string;
  /** what its label says, to find twins by (kind and detail) */
  labelKey: string;
  /** its label is another token's (a twin's, see twinLeaders), and hidden */
  twin: boolean;
  /** the tokens its label speaks for (×N after the kind when more than one) */
  count: number;
  /** the detail its label shows: its own, or its twins' together (sharedDetail) */
  shownDetail: string;
  /** its label says its kind alone, having no clear side whole (labels.ts) */
  short: boolean;
  /** its label is not drawn: every side would write over a name or another label */
  hidden: boolean;
}

/** A token's group: its mark, its label (kind, then detail) and its tooltip, filled in when shown. */
interface TokenParts {
  g: SVGGElement;
  shape: SVGPathElement;
  text: SVGTextElement;
  kind: SVGTSpanElement;
  detail: SVGTSpanElement;
  /** ` ×N` after the kind when the label speaks for N tokens at one place */
  count: SVGTSpanElement;
  title: SVGTitleElement;
}

function blankToken(): TokenParts {
  const g = document.createElementNS(SVG, 'g');
  g.dataset.testid = 'token';
  const shape = document.createElementNS(SVG, 'path');
  shape.setAttribute('class', 'dg-token-shape');
  const text = document.createElementNS(SVG, 'text');
  text.setAttribute('class', 'dg-token-label');
  const kind = document.createElementNS(SVG, 'tspan');
  const detail = document.createElementNS(SVG, 'tspan');
  detail.setAttribute('class', 'dg-token-detail');
  const count = document.createElementNS(SVG, 'tspan');
  text.append(kind, count, detail);
  const title = document.createElementNS(SVG, 'title');
  g.append(title, shape, text);
  return { g, shape, text, kind, detail, count, title };
}

/** How far along its route a token is at `now`, given when it is on screen. */
const progressOf = (start: number, end: number, now: number) =>
  end > start ? (now - start) / (end - start) : 1;

/**
 * Draws every message in flight, in one SVG layer above the React Flow viewport, from one
 * requestAnimationFrame loop. A token's place is a pure function of the virtual clock
 * (protocol/tokenTiming.ts); the clock is the worker's, extrapolated between its messages.
 * No React state changes per frame: the loop writes the DOM itself, O(tokens), redrawing
 * pooled SVG elements where the tokens are; a crowd's marks are drawn on a canvas, by a worker
 * of its own where the browser allows (CrowdMarks).
 */
export function TokenLayer({
  rects,
  names,
  bodies,
}: {
  rects: Map<string, Rect>;
  /** where the boxes' names are (layout.titleStrips) */
  names: Rect[];
  bodies: Rect[];
}) {
  const layer = useRef<SVGSVGElement>(null);
  /** tokens' elements not on screen, kept for the next ones (and across layouts) */
  const spare = useRef<TokenParts[]>([]);
  const app = useStoreApi();
  const flow = useFlowStoreApi();

  useEffect(() => {
    const root = layer.current;
    const page = root?.parentElement;
    if (!root || !page) return;
    const crowdMarks = new CrowdMarks(page, root);
    let crowdDrawn = false;
    /** the tokens on screen, by seq; elements of tokens gone are kept for reuse */
    const live = new Map<number, Drawn>();
    const pool = spare.current;
    // The pool is filled while the page is idle: the first frames of a burst would otherwise
    // make hundreds of elements at once (some 80 ms on a slow machine).
    const later = (fn: () => void) =>
      typeof requestIdleCallback === 'function'
        ? requestIdleCallback(fn, { timeout: 2000 })
        : window.setTimeout(fn, 50);
    const cancelLater = (id: number) =>
      typeof cancelIdleCallback === 'function' ? cancelIdleCallback(id) : clearTimeout(id);
    const fillPool = () => {
      const until = performance.now() + POOL_SLICE_MS;
      while (pool.length + live.size < MAX_TOKENS_ON_SCREEN && performance.now() < until)
        pool.push(blankToken());
      poolFiller = pool.length + live.size < MAX_TOKENS_ON_SCREEN ? later(fillPool) : 0;
    };
    let poolFiller = later(fillPool);
    const feed = app.getState().tokenFeed;
    const rectOf = (id: string) => {
      const queue = queueOfId(id);
      return (
        rects.get(id) ??
        (queue === null ? undefined : queueRowRect(page, rects.get('rabbitmq'), queue))
      );
    };

    const show = (tok: SceneToken, path: Point[]): Drawn => {
      const p = pool.pop() ?? blankToken();
      const { g } = p;
      const kindText = kindLabel(tok.kind, tok.label);
      // an error answer (a quota's 403, placement's 409) in the colour of a failure: drawn as
      // a 200 is, a refusal read as an answer like any other
      const failed = tok.kind === 'rest-response' && Number(kindText) >= 400;
      g.setAttribute('class', `dg-token kind-${tok.kind}${failed ? ' is-failed' : ''}`);
      g.dataset.seq = String(tok.seq);
      g.dataset.kind = tok.kind;
      // for scripts: the boot request a click on it follows, if any (a pooled element is reused)
      if (tok.request_id === null) delete g.dataset.request;
      else g.dataset.request = tok.request_id;
      p.kind.textContent = kindText;
      const detail = detailLabel(tok);
      p.detail.textContent = detail === '' ? '' : ` ${detail}`;
      p.title.textContent = `#${tok.seq} ${tok.from} → ${tok.to}: ${tok.label}`;
      p.text.style.visibility = '';
      p.detail.style.display = '';
      p.text.style.display = '';
      p.count.textContent = '';
      root.append(g);
      return {
        el: g,
        parts: p,
        tok,
        path,
        mark: '',
        placed: false,
        x: 0,
        y: 0,
        side: undefined,
        frame: 0,
        kindText,
        detailText: detail,
        labelKey: shareKey(tok.kind, kindText, detail),
        twin: false,
        count: 1,
        shownDetail: detail,
        short: false,
        hidden: false,
      };
    };
    /** A label that speaks for `count` tokens, or (a twin) for none: written only when it changes. */
    const speakFor = (d: Drawn, twin: boolean, count: number, detail: string) => {
      if (!twin && d.shownDetail !== detail) {
        d.parts.detail.textContent = detail === '' ? '' : ` ${detail}`;
        d.shownDetail = detail;
      }
      if (d.twin !== twin) {
        d.parts.text.style.visibility = twin ? 'hidden' : '';
        d.twin = twin;
      }
      const n = twin ? 1 : count;
      if (d.count !== n) {
        d.parts.count.textContent = n > 1 ? ` ×${n}` : '';
        d.count = n;
      }
    };
    const hide = (seq: number, d: Drawn) => {
      d.el.remove();
      pool.push(d.parts);
      live.delete(seq);
    };

    /** labels to place this frame (reused: this runs at every frame) */
    const labels: {
      x: number;
      y: number;
      w: number;
      /** its width said short (kind and count), when it shows a detail */
      short: number | undefined;
      side: number | undefined;
      key: string;
      d: Drawn;
    }[] = [];
    /**
     * On screen, for the labels to keep off (reused each frame): every box's title strip
     * (a band's and a host's too), and the boxes that show something (their whole body).
     */
    const titles: Span[] = names.map(() => ({ x0: 0, x1: 0, y0: 0, y1: 0 }));
    const bodySpans: Span[] = bodies.map(() => ({ x0: 0, x1: 0, y0: 0, y1: 0 }));
    // beyond the layer's four edges: a label there would be cut off (kept last in bodySpans)
    const FAR = 1e6;
    const edges: Span[] = [0, 1, 2, 3].map(() => ({ x0: 0, x1: 0, y0: 0, y1: 0 }));
    bodySpans.push(...edges);
    const [left, right, top, bottom] = edges as [Span, Span, Span, Span];
    Object.assign(left, { x0: -FAR, x1: 0, y0: -FAR, y1: FAR });
    Object.assign(right, { x1: FAR, y0: -FAR, y1: FAR });
    Object.assign(top, { x0: -FAR, x1: FAR, y0: -FAR, y1: 0 });
    Object.assign(bottom, { x0: -FAR, x1: FAR, y1: FAR });
    const fence = (w: number, h: number) => {
      right.x0 = w;
      bottom.y0 = h;
    };
    const toScreen = (r: Rect, h: number, s: Span, tx: number, ty: number, zoom: number) => {
      s.x0 = r.x * zoom + tx;
      s.x1 = (r.x + r.w) * zoom + tx;
      s.y0 = r.y * zoom + ty;
      s.y1 = (r.y + h) * zoom + ty;
      return s;
    };

    let frame = 0;
    let count = 0;
    let crowdNow: string | null = null;
    let selectionNow: unknown = undefined;
    /**
     * The badges of calls being waited on (flow units): labels keep off them as off a box's
     * name. Measured for two frames after the waits change, once React has drawn them.
     */
    let badges: Rect[] = [];
    let badgeSpans: Span[] = [];
    let waitsNow: unknown = undefined;
    /** a badge's width is its text's, which the language changes */
    let languageNow: unknown = undefined;
    /** the whole second of the clock: a badge says how long its call has waited */
    let secondNow = -1;
    let remeasure = 0;
    const waiting: SceneToken[] = [];
    const draw = () => {
      frame = requestAnimationFrame(draw);
      count++;
      const s = app.getState();
      // Measured before this frame writes to the page: a read after a write would lay the
      // page out again on the spot.
      const second = Math.floor(s.clock / 1000);
      if (
        s.waitingByProcess !== waitsNow ||
        s.language !== languageNow ||
        (second !== secondNow && badges.length > 0)
      ) {
        waitsNow = s.waitingByProcess;
        languageNow = s.language;
        secondNow = second;
        remeasure = 2;
      }
      if (remeasure > 0) {
        remeasure--;
        badges = flowRectsOf(
          page,
          '.dg-waiting',
          root.getBoundingClientRect(),
          flow.getState().transform,
        );
        badgeSpans = badges.map(() => ({ x0: 0, x1: 0, y0: 0, y1: 0 }));
      }
      const speed = s.speed;
      const ahead =
        s.playing && speed !== 'max'
          ? speed * Math.min(MAX_EXTRAPOLATION_MS, performance.now() - feed.receivedAt)
          : 0;
      const now = feed.clock + ahead;
      const stretch = feed.stretch;
      // Once the boot request has begun, the messages that started the cloud are not drawn:
      // sent at 0 s as the request is, they were still in flight at its first steps, and a
      // class stepping to the POST saw it among a dozen setup tokens.
      const setupEnd =
        s.firstRequestSeq !== null && s.seq > s.firstRequestSeq ? s.firstRequestSeq : -1;
      // Tokens on screen keep their place; new ones take the places left (see LATE_START).
      waiting.length = 0;
      for (const tok of feed.tokens) {
        if (now < tok.t || tok.seq < setupEnd) continue;
        const start = tokenStart(tok, stretch);
        const end = tokenEnd(tok, stretch);
        if (now < start || now >= end) continue;
        const d = live.get(tok.seq);
        if (d) {
          d.tok = tok;
          d.frame = count;
        } else if (stretch === 0 || progressOf(start, end, now) < LATE_START) {
          waiting.push(tok);
        }
      }
      for (const [seq, d] of live) if (d.frame !== count) hide(seq, d);
      const room = Math.min(MAX_TOKENS_ON_SCREEN, live.size + NEW_PER_FRAME);
      for (const tok of waiting) {
        if (live.size >= room) break;
        const path = tokenPath(tok, rectOf);
        if (!path) continue;
        const d = show(tok, path);
        d.frame = count;
        live.set(tok.seq, d);
      }
      const crowd =
        live.size > CROWD_LIMIT ? 'crowded' : live.size > DETAIL_LIMIT ? '' : 'detailed';
      const crowded = crowd === 'crowded';
      if (crowd !== crowdNow) {
        root.classList.toggle('detailed', crowd === 'detailed');
        root.classList.toggle('crowded', crowded);
        crowdNow = crowd;
      }
      if (s.selection !== selectionNow) {
        selectionNow = s.selection;
        root.classList.toggle('has-selection', s.selection !== null);
      }
      // Class changes only when a token's selection state changes, not every frame.
      for (const d of live.values()) {
        const mark = !isSelected(s.selection, d.tok) ? 'dimmed' : s.selection ? 'selected' : '';
        if (mark === d.mark) continue;
        d.el.classList.toggle('selected', mark === 'selected');
        d.el.classList.toggle('dimmed', mark === 'dimmed');
        d.mark = mark;
      }
      const [tx, ty, zoom] = flow.getState().transform;
      // A crowd's own elements are hidden (diagram.css): they stay where they were placed.
      const moveElements = !crowded;
      if (crowded || crowdDrawn) crowdMarks.begin();
      labels.length = 0;
      for (const d of live.values()) {
        const progress = progressOf(tokenStart(d.tok, stretch), tokenEnd(d.tok, stretch), now);
        const p = along(d.path, progress);
        const x = p.x * zoom + tx;
        const y = p.y * zoom + ty;
        d.x = x;
        d.y = y;
        if (crowded) crowdMarks.add(d.tok.kind, d.mark, x, y);
        if (moveElements || !d.placed) {
          d.parts.shape.setAttribute('d', tokenShapeAt(d.tok.kind, x, y));
          d.placed = true;
        }
        if (!crowded)
          labels.push({
            x,
            y,
            w: labelWidth(d.kindText, d.detailText, crowd === 'detailed'),
            short: crowd === 'detailed' ? labelWidth(d.kindText, '', false) : undefined,
            side: d.side,
            key: d.labelKey,
            d,
          });
      }
      if (labels.length > 0) {
        // tokens close together would write over each other, or over a box: their labels
        // go to another side of their token, or stack
        // the names' spans, then this frame's badges' (last frame's are let go)
        titles.length = names.length;
        names.forEach((r, k) => toScreen(r, r.h, titles[k]!, tx, ty, zoom));
        badges.forEach((r, k) => titles.push(toScreen(r, r.h, badgeSpans[k]!, tx, ty, zoom)));
        bodies.forEach((r, k) => toScreen(r, r.h, bodySpans[k]!, tx, ty, zoom));
        const { width, height } = flow.getState();
        fence(width, height);
        // tokens at one place saying one thing (rows written together) share one label, counted
        const lead = twinLeaders(labels);
        const counts = lead.map(() => 0);
        for (const k of lead) counts[k]!++;
        const shown = labels.filter((l, k) => {
          const twin = lead[k] !== k;
          const n = counts[k]!;
          // the rows a process writes at once: one operation, its tables
          const detail =
            n > 1
              ? sharedDetail(
                  labels.filter((_, j) => lead[j] === k).map((o) => o.d.detailText),
                  zoom < COMPACT_BELOW_ZOOM,
                )
              : l.d.detailText;
          speakFor(l.d, twin, n, detail);
          if (!twin && n > 1) {
            const count = labelWidth(` ×${n}`, '', false);
            l.w = labelWidth(l.d.kindText, detail, crowd === 'detailed') + count;
            if (l.short !== undefined) l.short += count;
          }
          return !twin;
        });
        const placed = placeLabels(shown, titles, bodySpans);
        shown.forEach(({ d, w: whole, short }, k) => {
          const at = placed[k]!;
          d.side = at.side;
          const w = at.short ? short! : whole;
          if (d.short !== at.short) {
            d.parts.detail.style.display = at.short ? 'none' : '';
            d.short = at.short;
          }
          if (d.hidden !== at.hidden) {
            d.parts.text.style.display = at.hidden ? 'none' : '';
            d.hidden = at.hidden;
          }
          // a label above or below its token slides along to stay within the layer's edges
          const x = at.side >= 2 ? Math.max(4, Math.min(at.x, width - w - 4)) : at.x;
          d.parts.text.setAttribute('x', x.toFixed(1));
          d.parts.text.setAttribute('y', at.base.toFixed(1));
        });
      }
      if (crowded || crowdDrawn) {
        crowdMarks.end();
        crowdDrawn = crowded;
      }
    };
    frame = requestAnimationFrame(draw);

    // A click on a token follows its boot request, and opens its message in the inspector.
    const follow = (tok: SceneToken | undefined): boolean => {
      if (!tok || (tok.instance === null && tok.request_id === null)) return false;
      app.getState().select({ instance: tok.instance, request_id: tok.request_id });
      return true;
    };
    const inspect = (tok: SceneToken) => void app.getState().selectEvent(tok.seq).catch(ignore);
    const pointer = (e: MouseEvent) => {
      const box = root.getBoundingClientRect();
      return [e.clientX - box.left, e.clientY - box.top] as const;
    };
    const onClick = (e: MouseEvent) => {
      const target = e.target as Element;
      const el = target.closest<SVGGElement>('.dg-token');
      let tok = el ? live.get(Number(el.dataset.seq))?.tok : undefined;
      if (!tok) return;
      // a token's label may lie over another token's mark: the mark under the pointer wins
      if (!target.closest('.dg-token-shape'))
        tok = nearestMark(live.values(), ...pointer(e), MARK_HALF_PX)?.tok ?? tok;
      inspect(tok);
      follow(tok);
    };
    // A crowd's marks are pixels: a click near one (before React Flow takes it as a click
    // on the pane) follows the nearest, unless it is on a button (a box's name, the zoom).
    const onCrowdClick = (e: MouseEvent) => {
      const target = e.target as Element;
      if (crowdNow !== 'crowded' || target.closest('button')) return;
      const reach = target.closest('[data-process]') ? CROWD_HIT_ON_BOX_PX : CROWD_HIT_PX;
      const best = nearestMark(live.values(), ...pointer(e), reach);
      if (best && follow(best.tok)) {
        inspect(best.tok);
        e.stopPropagation();
      }
    };
    const host = root.parentElement;
    root.addEventListener('click', onClick);
    host?.addEventListener('click', onCrowdClick, true);
    return () => {
      cancelAnimationFrame(frame);
      cancelLater(poolFiller);
      crowdMarks.dispose();
      root.removeEventListener('click', onClick);
      host?.removeEventListener('click', onCrowdClick, true);
      for (const d of live.values()) {
        d.el.remove();
        pool.push(d.parts);
      }
    };
  }, [app, flow, rects, names, bodies]);

  return <svg ref={layer} className="dg-token-layer" aria-hidden="true" />;
}
