/// <reference lib="webworker" />
import type { UiToWorker, WorkerToUi } from '../protocol/messages';
import { Controller } from './controller';

/**
 * The simulation worker's entry. It owns wall time (timers, performance.now) for the engine,
 * which never sees a clock of its own; all the logic lives in Controller.
 */
declare const self: DedicatedWorkerGlobalScope;

const controller = new Controller({
  now: () => performance.now(),
  setTimer: (fn, ms) => self.setTimeout(fn, ms),
  clearTimer: (id) => self.clearTimeout(id),
  post: (message: WorkerToUi) => self.postMessage(message),
});

self.addEventListener('message', (e: MessageEvent<UiToWorker>) => controller.handle(e.data));
controller.start();
