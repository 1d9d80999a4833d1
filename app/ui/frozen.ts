import { createContext } from 'react';

/**
 * The panel around a component (Offscreen.tsx): whether it is off screen. While it is and the
 * run plays, the component's subscriptions to the store keep their last values
 * (StoreContext.useAppStore). A holder that never changes, not a value: when a context's
 * value changes, React searches the whole panel for its readers, and play starting or
 * stopping did that for every panel at once.
 */
export interface PanelPlace {
  away: boolean;
}

export const FrozenContext = createContext<PanelPlace | null>(null);
