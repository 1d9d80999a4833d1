/// <reference lib="webworker" />
import type { UiToWorker, WorkerToUi } from '../protocol/messages';
import { RunStorage } from '../storage';
import { Controller } from './controller';

/**
 * The simulation worker's entry. It owns wall time (timers, performance.now) for the engine,
 * which never sees a clock of its own; all the logic lives in Controller.
 */
declare const self: DedicatedWorkerGlobalScope;

// Saved runs: when IndexedDB cannot be opened the page still works, unsaved; the reason is
// told once, when the page asks for the saved run.
let storageProblem: string | null = null;

/** How long a tab waits for the saving lock before it runs unsaved. */
const LOCK_WAIT_MS = 1500;

/**
 * One tab at a time saves: two tabs writing the one saved run damaged it, and a reload of one
 * brought back the other's. The first tab holds a lock for as long as it lives; another one
 * runs unsaved and says why. (A browser without Web Locks saves as before.)
 */
function firstTab(): Promise<boolean> {
  const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return Promise.resolve(true);
  // waits a moment: a reloaded tab's old worker may still hold the lock as the new one asks
  return new Promise((resolve) => {
    locks
      .request(
        'nova-boot-visualizer-saved-run',
        { signal: AbortSignal.timeout(LOCK_WAIT_MS) },
        () => {
          resolve(true);
          // held until this worker (its tab) goes away
          return new Promise<never>(() => undefined);
        },
      )
      .catch(() => resolve(false));
  });
}

const first = firstTab();
const storage = first.then((saving) =>
  saving
    ? RunStorage.open().catch((e: unknown) => {
        storageProblem = e instanceof Error ? e.message : String(e);
        return null;
      })
    : null,
);

const controller = new Controller(
  {
    now: () => performance.now(),
    setTimer: (fn, ms) => self.setTimeout(fn, ms),
    clearTimer: (id) => self.clearTimeout(id),
    post: (message: WorkerToUi, transfer?: Transferable[]) =>
      self.postMessage(message, transfer ?? []),
  },
  {
    storage: storage.then((s) => {
      if (storageProblem !== null) throw new Error(storageProblem);
      return s;
    }),
    unsaved: first.then((saving) =>
      saving
        ? null
        : 'The other tab saves its run, and a reload brings that one back. This tab runs without saving: close the other tab, then reload this one to save here.',
    ),
    wallClock: () => Date.now(),
    runTag: `${Date.now().toString(36)}-`,
  },
);

self.addEventListener('message', (e: MessageEvent<UiToWorker>) => controller.handle(e.data));
controller.start();
