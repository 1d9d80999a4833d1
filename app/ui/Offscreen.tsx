import { useEffect, useRef, useState, type ReactNode } from 'react';
import { FrozenContext, type PanelPlace } from './frozen';
import { useStoreApi } from './StoreContext';

/** A panel this near the screen counts as on it: it is up to date before one scrolls to it. */
const MARGIN: IntersectionObserverInit = { rootMargin: '50% 0px 50% 0px' };

/**
 * A panel that waits while it is off screen and the run plays: its subscriptions to the store
 * keep what they last had (StoreContext.useAppStore), so an update renders only what one can
 * see. Nobody reads a table below the fold at five times real speed, and every render of one
 * costs the diagram frames. On screen again, or paused, it catches up at once.
 */
export function Offscreen({ children }: { children: ReactNode }) {
  // `children` is one panel whose root element stays the same: that element is observed
  const store = useStoreApi();
  const box = useRef<HTMLDivElement>(null);
  const [place] = useState<PanelPlace>(() => ({ away: false }));
  useEffect(() => {
    const panel = box.current?.firstElementChild;
    if (!panel || typeof IntersectionObserver !== 'function') return;
    // the last entry is the panel's state now (a busy page may get several crossings at once)
    const io = new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      if (!e || place.away === !e.isIntersecting) return;
      place.away = !e.isIntersecting;
      // back on screen while playing: the panel's subscriptions look at the store again now,
      // not at its next update
      if (!place.away && store.getState().playing) store.setState({});
    }, MARGIN);
    io.observe(panel);
    return () => io.disconnect();
  }, [place, store]);
  // the wrapper has no box of its own (display: contents): the panel stays where it was laid out
  return (
    <div ref={box} className="offscreen">
      <FrozenContext.Provider value={place}>{children}</FrozenContext.Provider>
    </div>
  );
}
