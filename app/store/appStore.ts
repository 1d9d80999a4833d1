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
  deps.client.subscribe((message) => store.setState((s) => applyWorkerMessage(s, message)));
  return store;
}

/** Selectors the views share. */
export const selectCanStepBack = (s: AppStore): boolean => s.seq > 0;
export const selectCanStepForward = (s: AppStore): boolean => s.runId !== null && !s.done;
