import { useCallback, useEffect, useState } from 'react';
import { useStoreApi } from '../StoreContext';
import { goToPanel } from '../goToPanel';
import { keysDialogOpen } from '../KeysDialog';
import { InspectorPanel, PRESENTING_TITLE_ID as TITLE_ID } from './InspectorPanel';

const textField = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
/** a letter typed there is the field's (a list's letter picks an option) */
const formField = (target: EventTarget | null): boolean =>
  textField(target) || target instanceof HTMLSelectElement;

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
  // I, which goes to the page's inspector, opens this one (at the cursor's event unless it
  // shows something else) and brings the keyboard to it, as on the page
  const [focusHeading, setFocusHeading] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key !== 'i' && e.key !== 'I') || e.altKey || e.ctrlKey || e.metaKey) return;
      if (formField(e.target) || keysDialogOpen()) return;
      e.preventDefault();
      e.stopPropagation();
      setOpen(true);
      setFocusHeading(true);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  useEffect(() => {
    if (!open || !focusHeading) return;
    setFocusHeading(false);
    goToPanel(TITLE_ID, false);
  }, [open, focusHeading]);
  useEffect(() => {
    if (!open) return;
    // before the page's keys (useKeyboard, usePresenting), which would leave presenting
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.altKey || e.ctrlKey || e.metaKey) return;
      // a field's own Esc (Go to event) closes that field first
      if (textField(e.target)) return;
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
