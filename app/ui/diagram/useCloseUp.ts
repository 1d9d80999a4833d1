import {
  useReactFlow,
  useStore as useFlowStore,
  useStoreApi as useFlowStoreApi,
} from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../StoreContext';
import { around, closeUpBoxes, closeUpViewport } from './closeUp';
import type { Layout } from './layout';

/** How long the camera takes to move to the next event's boxes (ms). */
const MOVE_MS = 450;
/**
 * Playing, the camera rests this long (ms) between moves, then goes to the event at the
 * cursor: at 1× a boot's first second is some ninety events, and a camera after each one
 * swung back and forth several times a second.
 */
const REST_WHILE_PLAYING_MS = 1500;
/** The zoom buttons' strip at the pane's left, which the framed boxes keep clear of (px). */
const CONTROLS_STRIP = 48;

/**
 * With the close-up on, the camera goes to the boxes of the event at the cursor when they are
 * out of view or much smaller or larger than they could be; turned off, it shows the whole
 * cloud again. `fit` fits the whole cloud.
 */
export function useCloseUp(layout: Layout, fit: () => void): void {
  const flow = useReactFlow();
  const flowStore = useFlowStoreApi();
  const on = useAppStore((s) => s.closeUp);
  const events = useAppStore((s) => s.recentEvents);
  const playing = useAppStore((s) => s.playing);
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const wasOn = useRef(false);
  const lastMove = useRef(-Infinity);

  useEffect(() => {
    if (!on) {
      if (wasOn.current) fit();
      wasOn.current = false;
      return;
    }
    wasOn.current = true;
    const move = () => {
      const target = around(closeUpBoxes(events).map((id) => layout.rects.get(id)));
      if (!target) return;
      const [x, y, zoom] = flowStore.getState().transform;
      const pane = { w: width, h: height };
      const next = closeUpViewport(target, pane, { x, y, zoom }, undefined, CONTROLS_STRIP);
      if (!next) return;
      lastMove.current = performance.now();
      void flow.setViewport(next, { duration: MOVE_MS });
    };
    const wait = playing ? lastMove.current + REST_WHILE_PLAYING_MS - performance.now() : 0;
    if (wait <= 0) {
      move();
      return;
    }
    // the latest event when the rest is over (a later one replaces this timer)
    const timer = window.setTimeout(move, wait);
    return () => window.clearTimeout(timer);
  }, [on, events, playing, layout, width, height, flow, flowStore, fit]);
}
