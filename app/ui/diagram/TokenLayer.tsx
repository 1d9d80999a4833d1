import { useStoreApi as useFlowStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { SceneToken } from '../../protocol/messages';
import { isSelected } from '../../store';
import { useStoreApi } from '../StoreContext';
import type { Rect } from './layout';
import { detailLabel, kindLabel, tokenPoint } from './tokens';

/** The UI may run the clock ahead of the last scene message for at most this long (wall ms). */
const MAX_EXTRAPOLATION_MS = 250;
/** With more tokens than this on screen, each shows only its kind, not its method or path. */
const DETAIL_LIMIT = 14;

/**
 * Draws every message in flight, in one absolutely positioned layer above the React Flow
 * viewport, from one requestAnimationFrame loop. A token's place is a pure function of the
 * virtual clock (tokens.ts); the clock is the worker's, extrapolated between its messages.
 * No React state changes per frame: the loop writes the DOM itself.
 */
export function TokenLayer({ rects }: { rects: Map<string, Rect> }) {
  const layer = useRef<HTMLDivElement>(null);
  const app = useStoreApi();
  const flow = useFlowStoreApi();

  useEffect(() => {
    const root = layer.current;
    if (!root) return;
    const els = new Map<number, HTMLElement>();
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

    const make = (tok: SceneToken): HTMLElement => {
      const el = document.createElement('div');
      el.className = `dg-token kind-${tok.kind}`;
      el.dataset.testid = 'token';
      el.dataset.seq = String(tok.seq);
      el.dataset.kind = tok.kind;
      const kind = document.createElement('span');
      kind.className = 'dg-token-kind';
      kind.textContent = kindLabel(tok.kind, tok.label);
      const detail = document.createElement('span');
      detail.className = 'dg-token-detail';
      detail.textContent = detailLabel(tok);
      el.append(kind, detail);
      el.title = `#${tok.seq} ${tok.from} → ${tok.to}: ${tok.label}`;
      root.append(el);
      return el;
    };

    let frame = 0;
    const draw = () => {
      frame = requestAnimationFrame(draw);
      const s = app.getState();
      const speed = s.speed;
      const ahead =
        s.playing && speed !== 'max'
          ? speed * Math.min(MAX_EXTRAPOLATION_MS, performance.now() - received)
          : 0;
      const now = s.sceneClock + ahead;
      const [tx, ty, zoom] = flow.getState().transform;
      const seen = new Set<number>();
      const visible: { tok: SceneToken; x: number; y: number }[] = [];
      for (const tok of s.tokens) {
        const p = tokenPoint(tok, now, rectOf);
        if (!p) continue;
        visible.push({ tok, x: p.x * zoom + tx, y: p.y * zoom + ty });
      }
      const detailed = visible.length <= DETAIL_LIMIT;
      root.classList.toggle('detailed', detailed);
      root.classList.toggle('has-selection', s.selection !== null);
      for (const { tok, x, y } of visible) {
        seen.add(tok.seq);
        let el = els.get(tok.seq);
        if (!el) {
          el = make(tok);
          els.set(tok.seq, el);
        }
        el.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px) translate(-50%, -50%)`;
        el.classList.toggle('selected', s.selection !== null && isSelected(s.selection, tok));
        el.classList.toggle('dimmed', !isSelected(s.selection, tok));
      }
      for (const [seq, el] of els) {
        if (!seen.has(seq)) {
          el.remove();
          els.delete(seq);
        }
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
      for (const el of els.values()) el.remove();
    };
  }, [app, flow, rects]);

  return <div ref={layer} className="dg-token-layer" aria-hidden="true" />;
}
