import type { StatusMessage, UiCommand, UiToWorker, WorkerToUi } from '../protocol/messages';
import { Controller } from './controller';

/**
 * For tests: a worker controller on a fake clock. Timers fire only when the test advances
 * time, and `send` returns the messages that acknowledge the command. With `msPerRead`, each
 * read of the clock takes that long, so that work sliced by wall time runs out of time.
 */
export function controllerHarness({ msPerRead = 0 }: { msPerRead?: number } = {}) {
  const posted: WorkerToUi[] = [];
  let now = 0;
  let nextTimer = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const c = new Controller({
    now: () => (now += msPerRead),
    setTimer: (fn, ms) => {
      timers.set(nextTimer, { at: now + ms, fn });
      return nextTimer++;
    },
    clearTimer: (id) => void timers.delete(id),
    post: (m) => void posted.push(m),
  });
  c.start();
  let id = 0;
  const send = (cmd: UiCommand) => {
    c.handle({ ...cmd, id: ++id } as UiToWorker);
    return posted.filter((m) => 'ack' in m && m.ack === id);
  };
  const status = () => [...posted].reverse().find((m): m is StatusMessage => m.type === 'status')!;
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].fn();
    }
    now = end;
  };
  /** Wall time passes with no timer firing: the worker held up (a collection, a busy machine). */
  const stall = (ms: number) => void (now += ms);
  return { posted, send, status, advance, stall, controller: c };
}
