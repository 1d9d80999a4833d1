import { useEffect } from 'react';
import type { ViewName } from '../../protocol/views';
import { useTranslation } from 'react-i18next';
import { Offscreen } from '../Offscreen';
import { useAppStore, useStoreApi } from '../StoreContext';
import { BreakpointsPanel } from './BreakpointsPanel';
import { DatabasePanel } from './DatabasePanel';
import { InspectorPanel } from './InspectorPanel';
import { TimelinePanel } from './TimelinePanel';
// in this order: the later ones refine the shared rules
import './panels.css';
import './breakpoints.css';
import './inspector.css';
import './database.css';
import './timeline.css';

/**
 * Half a screen below counts as on screen: a panel is filled before one scrolls (or tabs) to
 * it, so the keyboard finds its controls instead of skipping an empty panel.
 */
const VIEWS_MARGIN: IntersectionObserverInit = { rootMargin: '0px 0px 50% 0px' };

/** The panels that show a worker view, by their test id. */
const VIEW_PANELS: Record<string, ViewName> = {
  timeline: 'timeline',
  inspector: 'inspector',
  'db-view': 'table',
};

/**
 * Tells the worker which views are on screen, whenever that changes (scrolling, resizing,
 * the inspector moving beside the diagram and back). Gone from the page (presenting), none
 * is: the worker stops making them.
 */
function useViewsOnScreen(ready: boolean, layout: unknown) {
  const store = useStoreApi();
  useEffect(() => {
    if (!ready || typeof IntersectionObserver !== 'function') return;
    // what the worker was last told: the first report says only what differs from it
    const onScreen: Record<ViewName, boolean> = { ...store.getState().viewsOnScreen };
    const report = () =>
      void store
        .getState()
        .setViewsOnScreen({ ...onScreen })
        .catch(() => undefined);
    const io = new IntersectionObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        const view = VIEW_PANELS[(e.target as HTMLElement).dataset.testid ?? ''];
        if (view && onScreen[view] !== e.isIntersecting) {
          onScreen[view] = e.isIntersecting;
          changed = true;
        }
      }
      if (changed) report();
    }, VIEWS_MARGIN);
    for (const id of Object.keys(VIEW_PANELS))
      for (const el of document.querySelectorAll(`.panel[data-testid="${id}"]`)) io.observe(el);
    return () => {
      io.disconnect();
      // unmounted (presenting) or about to observe again (the layout changed): nothing shows
      // until the observer says so
      onScreen.timeline = onScreen.inspector = onScreen.table = false;
      report();
    };
  }, [ready, store, layout]);
}

/**
 * Breakpoints, the timeline of a request, the inspector and the databases at the cursor. On a
 * wide screen the page puts the inspector beside the diagram instead (App.tsx).
 */
export function Debugger({ withInspector = true }: { withInspector?: boolean }) {
  const { t } = useTranslation();
  const store = useStoreApi();
  const ready = useAppStore((s) => s.workerReady);
  useEffect(() => {
    if (ready)
      void store
        .getState()
        .watchAll()
        .catch(() => undefined);
  }, [ready, store]);
  useViewsOnScreen(ready, withInspector);
  return (
    <section className="debugger" aria-label={t('debugger.title')}>
      <Offscreen>
        <BreakpointsPanel />
      </Offscreen>
      <Offscreen>
        <TimelinePanel />
      </Offscreen>
      {withInspector && (
        <Offscreen>
          <InspectorPanel />
        </Offscreen>
      )}
      <Offscreen>
        <DatabasePanel />
      </Offscreen>
    </section>
  );
}
