import type { StateCreator } from 'zustand/vanilla';
import type { Injection } from '../engine/api';
import type { LoadedMessage, StatusMessage, UserAction } from '../protocol/messages';
import type { StoreDeps } from './deps';
import type { AppStore } from './types';
import { WorkerCommandError } from './workerClient';

/** What the launch form and the fault panel need, and the actions the user took. */
export interface ActionsState {
  flavors: { id: string; name: string }[];
  images: { id: string; name: string }[];
  /** the user's actions in the run, in order, each with its virtual time */
  injections: Injection[];
  /** the run was brought back from the browser's storage on this page load */
  restored: boolean;
}

export interface ActionsActions {
  /** Launches servers or injects a fault at the current virtual time. */
  inject(action: UserAction): Promise<void>;
  /** Takes back the user's action number `index` (at `at` ms): the run goes on as if it never was. */
  uninject(index: number, at: number): Promise<void>;
  /** Brings back the saved run; resolves to false when nothing is saved. */
  restore(): Promise<boolean>;
  /** Resolves once the worker has saved everything produced so far. */
  persisted(): Promise<void>;
}

export const initialActionsState: ActionsState = {
  flavors: [],
  images: [],
  injections: [],
  restored: false,
};

export const actionsLoadedPatch = (m: LoadedMessage): Partial<ActionsState> => ({
  flavors: m.flavors ?? [],
  images: m.images ?? [],
  injections: [],
  restored: m.restored ?? false,
});

export const actionsStatusPatch = (m: StatusMessage): Partial<ActionsState> =>
  m.injections ? { injections: m.injections } : {};

export const createActionsSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], ActionsState & ActionsActions> =>
  (set, get) => {
    const { client } = deps;
    const storageError = (e: unknown) => {
      const otherTab = e instanceof WorkerCommandError && e.source === 'otherTab';
      set({
        error: {
          kind: otherTab ? 'otherTab' : 'storage',
          file: null,
          message: (e as Error).message,
        },
      });
      throw e;
    };
    return {
      ...initialActionsState,
      async inject(action) {
        try {
          await client.send({ type: 'inject', action });
          // the run is the user's now, not the one brought back
          set({ restored: false });
        } catch (e) {
          const kind = e instanceof WorkerCommandError ? 'action' : 'worker';
          set({ error: { kind, file: null, message: (e as Error).message } });
          throw e;
        }
      },
      async uninject(index, at) {
        try {
          await client.send({ type: 'uninject', index, at });
          set({ restored: false });
        } catch (e) {
          const kind = e instanceof WorkerCommandError ? 'action' : 'worker';
          set({ error: { kind, file: null, message: (e as Error).message } });
          throw e;
        }
      },
      async restore() {
        await client.send({ type: 'restore' }).catch(storageError);
        return get().runId !== null && get().restored;
      },
      async persisted() {
        await client.send({ type: 'persisted' }).catch(storageError);
      },
    };
  };
