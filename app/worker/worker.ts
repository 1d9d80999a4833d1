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
const storage = RunStorage.open().catch((e: unknown) => {
  storageProblem = e instanceof Error ? e.message : String(e);
  return null;
});
let storageProblem: string | null = null;

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
    wallClock: () => Date.now(),
    runTag: `${Date.now().toString(36)}-`,
  },
);

self.addEventListener('message', (e: MessageEvent<UiToWorker>) => controller.handle(e.data));
controller.start();
