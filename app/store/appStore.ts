import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StoreDeps } from './deps';
import { createActionsSlice } from './actionsSlice';
import { createDebugSlice } from './debugSlice';
import { applyWorkerMessage, createRunSlice } from './runSlice';
import type { AppStore, Language } from './types';
import { createSceneSlice } from './sceneSlice';
import { createUiSlice } from './uiSlice';

export type AppStoreApi = StoreApi<AppStore>;

/**
 * Creates the app's store and feeds it from the worker client. A factory, not a module
 * singleton, so tests and (later) several views can each have their own.
 */
export function createAppStore(deps: StoreDeps, options: { language: Language }): AppStoreApi {
  const store = createStore<AppStore>()((...a) => ({
    ...createRunSlice(deps)(...a),
    ...createUiSlice(deps, options.language)(...a),
    ...createSceneSlice(...a),
    ...createDebugSlice(deps)(...a),
    ...createActionsSlice(deps)(...a),
  }));
  // All the messages of one frame in one update: subscribers (and React) run once. The
  // tokens go to their feed without an update: a frame with only tokens renders nothing.
  deps.client.subscribeBatch((all) => {
    const feed = store.getState().tokenFeed;
    const messages = all.filter((m) => {
      if (m.type !== 'tokens') return true;
      feed.apply(m, performance.now());
      return false;
    });
    if (messages.length === 0) return;
    store.setState((s) => {
      if (messages.length === 1) return applyWorkerMessage(s, messages[0]!);
      let state = s;
      const patch: Partial<AppStore> = {};
      for (const m of messages) {
        const p = applyWorkerMessage(state, m);
        Object.assign(patch, p);
        state = { ...state, ...p };
      }
      return patch;
    });
  });
  return store;
}

/** Selectors the views share. */
export const selectCanStepBack = (s: AppStore): boolean => s.seq > 0;
export const selectCanStepForward = (s: AppStore): boolean => s.runId !== null && !s.done;
