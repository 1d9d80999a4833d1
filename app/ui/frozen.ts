import { createContext } from 'react';

/**
 * The panel around a component (Offscreen.tsx): whether it is off screen, and whether it still
 * waits for its turn to catch up after play stopped. While either holds, the component's
 * subscriptions to the store keep their last values (StoreContext.useAppStore). A holder that
 * never changes, not a value: when a context's value changes, React searches the whole panel
 * for its readers, and play starting or stopping did that for every panel at once.
 */
export interface PanelPlace {
  /** off screen, while the run plays */
  away: boolean;
  /** play stopped, and this panel (off screen) has not caught up yet */
  held: boolean;
}

export const FrozenContext = createContext<PanelPlace | null>(null);

/**
 * How many times the panel was let go (Offscreen.tsx). Its readers (every useAppStore inside)
 * render again when it changes, and look at the store afresh: a panel catches up without an
 * update of the store, which would run every subscription of the page.
 */
export const TurnContext = createContext(0);
