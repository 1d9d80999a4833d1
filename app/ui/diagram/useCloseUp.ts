import {
  useReactFlow,
  useStore as useFlowStore,
  useStoreApi as useFlowStoreApi,
} from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../StoreContext';
import { around, boxesOf, closeUpViewport } from './closeUp';
import type { Layout } from './layout';

/** How long the camera takes to move to the next event's boxes (ms). */
const MOVE_MS = 450;

/**
 * With the close-up on, the camera goes to the boxes of the event at the cursor when they are
 * out of view or much smaller or larger than they could be; turned off, it shows the whole
 * cloud again. `fit` fits the whole cloud.
 */
export function useCloseUp(layout: Layout, fit: () => void): void {
  const flow = useReactFlow();
  const flowStore = useFlowStoreApi();
  const on = useAppStore((s) => s.closeUp);
  const event = useAppStore((s) => s.recentEvents.at(-1) ?? null);
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const wasOn = useRef(false);

  useEffect(() => {
    if (!on) {
      if (wasOn.current) fit();
      wasOn.current = false;
      return;
    }
    wasOn.current = true;
    if (!event) return;
    const target = around(boxesOf(event).map((id) => layout.rects.get(id)));
    if (!target) return;
    const [x, y, zoom] = flowStore.getState().transform;
    const next = closeUpViewport(target, { w: width, h: height }, { x, y, zoom });
    if (next) void flow.setViewport(next, { duration: MOVE_MS });
  }, [on, event, layout, width, height, flow, flowStore, fit]);
}
