import { useCallback, useEffect, useState } from 'react';
import { useStoreApi } from '../StoreContext';
import { InspectorPanel } from './InspectorPanel';

/**
 * Presenting, the page's inspector is hidden: a click on a message or a box opens this card
 * over the diagram, so a class can read what it just saw travel. It stays open (following
 * the cursor when asked to) until closed: its button, or Esc, which closes it before it
 * leaves presenting.
 */
export function PresentingInspector() {
  const store = useStoreApi();
  const [open, setOpen] = useState(false);
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.inspectTarget !== prev.inspectTarget && s.inspectTarget.kind !== 'current')
          setOpen(true);
      }),
    [store],
  );
  const close = useCallback(() => {
    setOpen(false);
    // the diagram no longer marks what the card showed
    void store
      .getState()
      .inspect({ kind: 'current' })
      .catch(() => undefined);
  }, [store]);
  useEffect(() => {
    if (!open) return;
    // the page's inspector is hidden, and the worker makes no view for it: this one is shown
    const onScreen = (inspector: boolean) => {
      const s = store.getState();
      void s.setViewsOnScreen({ ...s.viewsOnScreen, inspector }).catch(() => undefined);
    };
    onScreen(true);
    return () => onScreen(false);
  }, [open, store]);
  useEffect(() => {
    if (!open) return;
    // before the page's keys (useKeyboard, usePresenting), which would leave presenting
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.altKey || e.ctrlKey || e.metaKey) return;
      // a field's own Esc (Go to event) closes that field first
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      e.preventDefault();
      e.stopPropagation();
      close();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open, close]);
  if (!open) return null;
  return <InspectorPanel onClose={close} />;
}
