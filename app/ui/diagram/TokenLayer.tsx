import { useStoreApi as useFlowStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { SceneToken } from '../../protocol/messages';
import { isSelected } from '../../store';
import { useStoreApi } from '../StoreContext';
import { along, type Point, type Rect } from './layout';
import { detailLabel, kindLabel, tokenPath, tokenProgress } from './tokens';

/** The UI may run the clock ahead of the last scene message for at most this long (wall ms). */
const MAX_EXTRAPOLATION_MS = 250;
/** With more tokens than this on screen, each shows only its kind, not its method or path. */
const DETAIL_LIMIT = 14;

/** A token on screen: its element (reused once the token is gone) and its route. */
interface Drawn {
  el: HTMLElement;
  tok: SceneToken;
  path: Point[];
  /** '', 'selected' or 'dimmed': the classes set on the element */
  mark: string;
  /** the last frame it was drawn in */
  frame: number;
}

/** A token element without its contents: the kind and the detail are filled in when shown. */
function blankToken(): HTMLElement {
  const el = document.createElement('div');
  el.dataset.testid = 'token';
  const kind = document.createElement('span');
  kind.className = 'dg-token-kind';
  const detail = document.createElement('span');
  detail.className = 'dg-token-detail';
  el.append(kind, detail);
  return el;
}

/**
 * Draws every message in flight, in one absolutely positioned layer above the React Flow
 * viewport, from one requestAnimationFrame loop. A token's place is a pure function of the
 * virtual clock (tokens.ts); the clock is the worker's, extrapolated between its messages.
 * No React state changes per frame: the loop writes the DOM itself, O(tokens), moving pooled
 * elements with transforms.
 */
export function TokenLayer({ rects }: { rects: Map<string, Rect> }) {
  const layer = useRef<HTMLDivElement>(null);
  const app = useStoreApi();
  const flow = useFlowStoreApi();

  useEffect(() => {
    const root = layer.current;
    if (!root) return;
    /** the tokens on screen, by seq; elements of tokens gone are kept for reuse */
    const live = new Map<number, Drawn>();
    const pool: HTMLElement[] = [];
    let received = performance.now();
    let lastClock = app.getState().sceneClock;
    let lastTokens = app.getState().tokens;
    const unsubscribe = app.subscribe((s) => {
      if (s.tokens !== lastTokens || s.sceneClock !== lastClock) {
        lastTokens = s.tokens;
        lastClock = s.sceneClock;
        received = performance.now();
      }
    });
    const rectOf = (id: string) => rects.get(id);

    const show = (tok: SceneToken, path: Point[]): Drawn => {
      const el = pool.pop() ?? blankToken();
      el.className = `dg-token kind-${tok.kind}`;
      el.dataset.seq = String(tok.seq);
      el.dataset.kind = tok.kind;
      el.firstChild!.textContent = kindLabel(tok.kind, tok.label);
      el.lastChild!.textContent = detailLabel(tok);
      el.title = `#${tok.seq} ${tok.from} → ${tok.to}: ${tok.label}`;
      root.append(el);
      return { el, tok, path, mark: '', frame: 0 };
    };

    let frame = 0;
    let count = 0;
    let detailedNow: boolean | null = null;
    let selectionNow: unknown = undefined;
    const draw = () => {
      frame = requestAnimationFrame(draw);
      count++;
      const s = app.getState();
      const speed = s.speed;
      const ahead =
        s.playing && speed !== 'max'
          ? speed * Math.min(MAX_EXTRAPOLATION_MS, performance.now() - received)
          : 0;
      const now = s.sceneClock + ahead;
      const [tx, ty, zoom] = flow.getState().transform;
      // Which tokens move now: a time test first, the route only for those (and kept).
      let shown = 0;
      for (const tok of s.tokens) {
        if (now < tok.t || now >= tok.arrive_t) continue;
        let d = live.get(tok.seq);
        if (!d || d.tok !== tok) {
          const path = tokenPath(tok, rectOf);
          if (!path) continue;
          if (d) d.tok = tok;
          else live.set(tok.seq, (d = show(tok, path)));
          d.path = path;
        }
        d.frame = count;
        shown++;
        const p = along(d.path, tokenProgress(tok, now));
        d.el.style.transform = `translate(${(p.x * zoom + tx).toFixed(1)}px, ${(p.y * zoom + ty).toFixed(1)}px) translate(-50%, -50%)`;
      }
      for (const [seq, d] of live) {
        if (d.frame === count) continue;
        d.el.remove();
        pool.push(d.el);
        live.delete(seq);
      }
      const detailed = shown <= DETAIL_LIMIT;
      if (detailed !== detailedNow) root.classList.toggle('detailed', (detailedNow = detailed));
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
    };
    frame = requestAnimationFrame(draw);

    // A click on a token follows its boot request.
    const onClick = (e: MouseEvent) => {
      const el = (e.target as HTMLElement).closest<HTMLElement>('.dg-token');
      if (!el) return;
      const seq = Number(el.dataset.seq);
      const s = app.getState();
      const tok = s.tokens.find((x) => x.seq === seq);
      if (!tok || (tok.instance === null && tok.request_id === null)) return;
      s.select({ instance: tok.instance, request_id: tok.request_id });
    };
    root.addEventListener('click', onClick);
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
      root.removeEventListener('click', onClick);
      for (const d of live.values()) d.el.remove();
    };
  }, [app, flow, rects]);

  return <div ref={layer} className="dg-token-layer" aria-hidden="true" />;
}
