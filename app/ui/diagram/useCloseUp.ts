import {
  useReactFlow,
  useStore as useFlowStore,
  useStoreApi as useFlowStoreApi,
} from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import type { EventSummary } from '../../protocol/messages';
import { useAppStore } from '../StoreContext';
import { told } from '../told';
import { useMediaQuery } from '../useMediaQuery';
import { createCameraPacer } from './cameraPacer';
import { around, closeUpBoxes, closeUpViewport } from './closeUp';
import type { Layout } from './layout';

/** How long the camera takes to move to the next event's boxes (ms). */
const MOVE_MS = 450;
/**
 * Playing, the camera rests this long (ms) between moves, then goes to the event told: at 1×
 * a boot's first second is some ninety events, and a camera after each one swung back and
 * forth several times a second.
 */
const REST_WHILE_PLAYING_MS = 1500;
/** The room around the whole cloud framed, a fraction of the pane (Diagram's fit's padding). */
export const WHOLE_MARGIN = 0.03;
/** The zoom buttons' strip at the pane's left, which the framed boxes keep clear of (px). */
const CONTROLS_STRIP = 48;

const NONE: readonly EventSummary[] = [];

/**
 * With the close-up on, the camera goes to the boxes of the event the narration tells (the
 * last one played; playing, the last big step) when they are out of view or much smaller or
 * larger than they could be; with nothing to tell (a run just loaded, the start), and when
 * turned off, it shows the whole cloud. `fit` fits the whole cloud, over `ms`.
 *
 * Off, it reads nothing of the run: the diagram is not drawn again at each event.
 */
export function useCloseUp(layout: Layout, fit: (ms: number) => void): void {
  const flow = useReactFlow();
  const flowStore = useFlowStoreApi();
  const on = useAppStore((s) => s.closeUp);
  const events = useAppStore((s) => (s.closeUp ? s.recentEvents : NONE));
  const playing = useAppStore((s) => s.closeUp && s.playing);
  /** the run's last event, once the whole run is known: its outcome is framed whole */
  const lastSeq = useAppStore((s) => (s.closeUp && s.complete ? s.eventCount - 1 : -1));
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const still = useMediaQuery('(prefers-reduced-motion: reduce)');
  const wasOn = useRef(false);
  const [pacer] = useState(() => createCameraPacer(REST_WHILE_PLAYING_MS));

  useEffect(() => {
    const ms = still ? 0 : MOVE_MS;
    if (!on) {
      if (wasOn.current) fit(ms);
      wasOn.current = false;
      return;
    }
    wasOn.current = true;
    const move = () => {
      const ev = told(events, playing);
      // the run's outcome (the last server done): the whole cloud, where the class sees the
      // VM on its host and the hosts it failed on, not the user's box and nova-api
      const end = ev !== null && ev.type === 'client' && ev.seq === lastSeq;
      const boxes =
        ev && !end ? around(closeUpBoxes(events, ev).map((id) => layout.rects.get(id))) : null;
      // nothing to frame: at the start of a run, the whole of it (not by React Flow's fitView,
      // which waits for a later render and would undo a move made before it)
      const whole = events.length === 0 || end;
      const target = boxes ?? (whole ? layout.bounds : null);
      if (!target) return false;
      const [x, y, zoom] = flowStore.getState().transform;
      const pane = { w: width, h: height };
      const next = closeUpViewport(
        target,
        pane,
        { x, y, zoom },
        {
          inset: CONTROLS_STRIP,
          // the whole cloud with the fit's own margin: framed with a close-up's, a run's
          // last picture on a projector was a fifth smaller than the pane had room for
          ...(boxes ? {} : { cap: Infinity, exact: true, margin: WHOLE_MARGIN }),
        },
      );
      if (!next) return false;
      void flow.setViewport(next, { duration: ms });
      return true;
    };
    // playing, the event told when the rest is over (a later one replaces it)
    return pacer.request(move, playing);
  }, [on, events, playing, lastSeq, still, layout, width, height, flow, flowStore, fit, pacer]);
}
