import { createContext } from 'react';

/**
 * Whether the panel around a component is off screen while the run plays (Offscreen.tsx):
 * its subscriptions to the store then keep their last values (StoreContext.useAppStore).
 */
export const FrozenContext = createContext(false);
