import { useStore as useFlowStore, useStoreApi as useFlowStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useStoreApi } from '../StoreContext';
import { LEGIBLE_ZOOM, wholeZoom } from './closeUp';
import type { Layout } from './layout';

/**
 * Presenting, a cloud that would be drawn too small to read whole (LEGIBLE_ZOOM) is shown in
 * close-up: on a 1280 × 720 projector the class could not read a box's rows. The close-up
 * shows the whole cloud until the first event anyway, and the camera then goes where the
 * messages are. What the page turned on it turns off when presenting ends; once the presenter
 * turns the close-up on or off themselves (C, its button, or fitting the whole cloud), their
 * choice stays, presenting or not, until they present again.
 */
export function usePresentingCloseUp(layout: Layout, presenting: boolean, padding: number): void {
  const store = useStoreApi();
  const flowStore = useFlowStoreApi();
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  /** the close-up is on because this hook turned it on, this time presenting */
  const ours = useRef(false);
  /** the presenter's choice, made this time presenting (or before it began): it stays */
  const theirs = useRef(false);
  const during = useRef(presenting);
  useEffect(() => {
    during.current = presenting;
  }, [presenting]);

  // a change the hook did not make, presenting, is the presenter's
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (during.current && s.closeUp !== prev.closeUp && s.closeUp !== ours.current)
          theirs.current = true;
      }),
    [store],
  );

  useEffect(() => {
    const { closeUp, setCloseUp } = store.getState();
    if (!presenting) {
      if (ours.current && !theirs.current && closeUp) {
        ours.current = false;
        setCloseUp(false);
      }
      ours.current = false;
      theirs.current = false;
      return;
    }
    if (theirs.current || ours.current) return;
    // on before presenting began: the presenter's own
    if (closeUp) {
      theirs.current = true;
      return;
    }
    // the pane as laid out now: React Flow's own size comes a frame later, and is still the
    // pane's size before presenting began
    const pane = flowStore.getState().domNode?.getBoundingClientRect();
    if (!pane || pane.width <= 0 || pane.height <= 0) return;
    // only ever turned on while presenting: the close-up's pane is larger (the legend's room
    // on 4:3), and a cloud readable in it would be turned off, then on again
    if (wholeZoom(layout.bounds, { w: pane.width, h: pane.height }, padding) < LEGIBLE_ZOOM) {
      ours.current = true;
      setCloseUp(true);
    }
    // its size is read again when React Flow's changes: the window was resized
  }, [store, flowStore, presenting, layout, width, height, padding]);
}
