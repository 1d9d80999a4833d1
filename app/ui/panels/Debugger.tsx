import { useEffect } from 'react';
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

/** Breakpoints, the timeline of a request, the inspector and the databases at the cursor. */
export function Debugger() {
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
  return (
    <section className="debugger" aria-label={t('debugger.title')} onKeyDown={keepSpace}>
      <BreakpointsPanel />
      <TimelinePanel />
      <InspectorPanel />
      <DatabasePanel />
    </section>
  );
}
