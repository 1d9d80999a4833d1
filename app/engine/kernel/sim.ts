import { ActionQueue } from './actionQueue';
import type { HeapEntry } from './heap';

export interface TimerHandle {
  cancel(): void;
}

const noop = (): void => {};

/**
 * The discrete-event kernel: a virtual clock in milliseconds and a queue of actions. Nothing
 * here knows wall time; the worker decides how fast virtual time is played.
 */
export class Sim {
  now = 0;
  private queue = new ActionQueue();
  private nextId = 0;
  /** Actions that keep the run alive; periodic housekeeping (heartbeats) does not. */
  private live = 0;

  at(t: number, fn: () => void, keepsAlive = true): HeapEntry {
    return this.atPlace(t, this.nextId++, fn, keepsAlive);
  }

  /**
   * Reserves `n` consecutive places in the equal-time order, for actions to be scheduled
   * later as if they had been scheduled now (see `atPlace`).
   */
  reservePlaces(n: number): number {
    const first = this.nextId;
    this.nextId += n;
    return first;
  }

  /** Schedules an action at a reserved place: it runs exactly where it would have run had it been queued when the place was reserved. */
  atPlace(t: number, place: number, fn: () => void, keepsAlive = true): HeapEntry {
    return this.enqueue(t, place, fn, undefined, undefined, keepsAlive);
  }

  /**
   * `fn(a, b)` at `t`. The kinds of action every message and request takes (a hop's arrival,
   * a delivery, a reply) are each one function given what it acts on, not a closure (and its
   * context) made per action.
   */
  atWith<A, B>(t: number, fn: (a: A, b: B) => void, a: A, b: B): HeapEntry {
    return this.enqueue(t, this.nextId++, fn, a, b, true);
  }

  private enqueue(
    t: number,
    id: number,
    fn: (a: never, b: never) => void,
    a: unknown,
    b: unknown,
    keepsAlive: boolean,
  ): HeapEntry {
    if (keepsAlive) this.live++;
    const entry: HeapEntry = {
      t: t < this.now ? this.now : t,
      id,
      fn,
      a,
      b,
      live: keepsAlive,
      pos: -1,
    };
    this.queue.push(entry);
    return entry;
  }

  after(delay: number, fn: () => void, keepsAlive = true): HeapEntry {
    return this.at(this.now + delay, fn, keepsAlive);
  }

  /** A cancellable action that keeps the run alive until it fires or is cancelled. */
  timer(delay: number, fn: () => void): TimerHandle {
    const entry = this.after(delay, fn);
    return {
      cancel: () => {
        if (entry.live) {
          entry.live = false;
          this.live--;
        }
        entry.fn = noop;
        this.queue.remove(entry);
      },
    };
  }

  /** actions scheduled so far, run or not (a measure of the work a run took) */
  get scheduled(): number {
    return this.nextId;
  }

  get pending(): number {
    return this.queue.size;
  }

  get alive(): boolean {
    return this.live > 0;
  }

  nextTime(): number | undefined {
    return this.queue.peek()?.t;
  }

  /** Runs the earliest action; false when nothing is left. */
  step(): boolean {
    return this.stepUntil(Infinity);
  }

  /** Runs the earliest action if it is due by `t`; false when none is. */
  stepUntil(t: number): boolean {
    const e = this.queue.popUntil(t);
    if (!e) return false;
    if (e.live) this.live--;
    this.now = e.t;
    e.fn(e.a as never, e.b as never);
    return true;
  }
}
