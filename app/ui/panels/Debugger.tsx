import { useEffect, useRef } from 'react';
import type { ViewName } from '../../protocol/views';
import { useTranslation } from 'react-i18next';
import { useAppStore, useStoreApi } from '../StoreContext';
import { BreakpointsPanel } from './BreakpointsPanel';
import { DatabasePanel } from './DatabasePanel';
import { InspectorPanel } from './InspectorPanel';
import { TimelinePanel } from './TimelinePanel';
import './panels.css';

/**
 * Space on a focused control inside the debugger presses it, as it does everywhere else on
 * the web, instead of reaching the page's play/pause shortcut.
 */
function keepSpace(e: React.KeyboardEvent) {
  const el = e.target as HTMLElement;
  if (e.key === ' ' && el.closest('button, summary, [role="button"], [role="tab"], input, select'))
    e.stopPropagation();
}

/** The panels that show a worker view, by their test id. */
const VIEW_PANELS: Record<string, ViewName> = {
  timeline: 'timeline',
  inspector: 'inspector',
  'db-view': 'table',
};

/** Tells the worker which views are on screen, whenever that changes (scrolling, resizing). */
function useViewsOnScreen(container: React.RefObject<HTMLElement | null>, ready: boolean) {
  const store = useStoreApi();
  useEffect(() => {
    const root = container.current;
    if (!ready || !root || typeof IntersectionObserver !== 'function') return;
    const onScreen: Record<ViewName, boolean> = { timeline: true, inspector: true, table: true };
    const io = new IntersectionObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        const view = VIEW_PANELS[(e.target as HTMLElement).dataset.testid ?? ''];
        if (view && onScreen[view] !== e.isIntersecting) {
          onScreen[view] = e.isIntersecting;
          changed = true;
        }
      }
      if (changed)
        void store
          .getState()
          .setViewsOnScreen({ ...onScreen })
          .catch(() => undefined);
    });
    for (const el of root.querySelectorAll<HTMLElement>(':scope > [data-testid]'))
      if (VIEW_PANELS[el.dataset.testid ?? '']) io.observe(el);
    return () => io.disconnect();
  }, [container, ready, store]);
}

/** Breakpoints, the timeline of a request, the inspector and the databases at the cursor. */
export function Debugger() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const ready = useAppStore((s) => s.workerReady);
  const root = useRef<HTMLElement>(null);
  useEffect(() => {
    if (ready)
      void store
        .getState()
        .watchAll()
        .catch(() => undefined);
  }, [ready, store]);
  useViewsOnScreen(root, ready);
  return (
    <section ref={root} className="debugger" aria-label={t('debugger.title')} onKeyDown={keepSpace}>
      <BreakpointsPanel />
      <TimelinePanel />
      <InspectorPanel />
      <DatabasePanel />
    </section>
  );
}
