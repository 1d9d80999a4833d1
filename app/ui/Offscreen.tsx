import { startTransition, useEffect, useRef, useState, type ReactNode } from 'react';
import { catchUpOf } from './catchUp';
import { FrozenContext, TurnContext, type PanelPlace } from './frozen';
import { useStoreApi } from './StoreContext';

/**
 * A panel that waits while it is off screen and the run plays: its subscriptions to the store
 * keep what they last had (StoreContext.useAppStore), so an update renders only what one can
 * see. Nobody reads a table below the fold at five times real speed, and every render of one
 * costs the diagram frames. On screen again it catches up at once; when play stops, in its
 * turn (CatchUp).
 */
export function Offscreen({ children }: { children: ReactNode }) {
  // `children` is one panel whose root element stays the same: that element is observed
  const store = useStoreApi();
  const box = useRef<HTMLDivElement>(null);
  const [place] = useState<PanelPlace>(() => ({ away: false, held: false }));
  const [turn, setTurn] = useState(0);
  useEffect(() => {
    const panel = box.current?.firstElementChild;
    if (!panel || typeof IntersectionObserver !== 'function') return;
    const catchUp = catchUpOf(store);
    const wake = (now: boolean) => {
      const next = () => setTurn((n) => n + 1);
      if (now) next();
      else startTransition(next);
    };
    const forget = catchUp.add(place, wake);
    // the last entry is the panel's state now (a busy page may get several crossings at once)
    const io = new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      if (!e || place.away === !e.isIntersecting) return;
      place.away = !e.isIntersecting;
      if (place.away) return;
      // back on screen while playing, or before its turn: the panel's subscriptions look at
      // the store again now, not at its next update
      const held = place.held;
      catchUp.release(place);
      if (held || store.getState().playing) wake(true);
    });
    io.observe(panel);
    return () => {
      io.disconnect();
      forget();
    };
  }, [place, store]);
  // the wrapper has no box of its own (display: contents): the panel stays where it was laid out
  return (
    <div ref={box} className="offscreen">
      <FrozenContext.Provider value={place}>
        <TurnContext.Provider value={turn}>{children}</TurnContext.Provider>
      </FrozenContext.Provider>
    </div>
  );
}
