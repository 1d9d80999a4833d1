import { createContext, useContext, useRef, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppStore, AppStoreApi } from '../store';
import { catchUpOf } from './catchUp';
import { FrozenContext, TurnContext } from './frozen';

const StoreContext = createContext<AppStoreApi | null>(null);

export function StoreProvider({ store, children }: { store: AppStoreApi; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStoreApi(): AppStoreApi {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStoreApi outside <StoreProvider>');
  return store;
}

/**
 * Subscribes a component to one slice of the app store. In a panel off screen while the run
 * plays (Offscreen.tsx) the slice keeps its last value, so the store's updates render nothing
 * there until it is on screen again, or until its turn comes after play stops.
 */
export function useAppStore<T>(selector: (s: AppStore) => T): T {
  const panel = useContext(FrozenContext);
  // read so that the panel's turn renders this again (Offscreen.tsx)
  useContext(TurnContext);
  const store = useStoreApi();
  const catchUp = panel ? catchUpOf(store) : null;
  const last = useRef<{ value: T } | null>(null);
  return useStore(store, (s) => {
    catchUp?.sync(s.playing);
    if (panel && last.current && ((panel.away && s.playing) || panel.held))
      return last.current.value;
    const value = selector(s);
    last.current = { value };
    return value;
  });
}
