import type { StateCreator } from 'zustand/vanilla';
import type { StoreDeps } from './deps';
import type { AppStore, Language, UiActions, UiState } from './types';

export const createUiSlice =
  (deps: StoreDeps, language: Language): StateCreator<AppStore, [], [], UiState & UiActions> =>
  (set) => ({
    workerReady: false,
    language,
    error: null,
    scenarios: [],
    loading: false,
    closeUp: false,
    setLanguage: (l) => set({ language: l }),
    setCloseUp: (on) => set({ closeUp: on }),
    dismissError: () => set({ error: null }),
    async loadIndex() {
      try {
        set({ scenarios: await deps.fetchIndex() });
      } catch (e) {
        set({ error: { kind: 'index', file: 'index.json', message: (e as Error).message } });
      }
    },
  });
