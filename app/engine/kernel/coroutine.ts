import type { Sim } from './sim';

/**
 * Sequential service code written as generators, the way Nova's own code reads
 * (`instance.save()` then `driver.spawn()` ...). A process yields either a number — it is
 * busy for that many virtual ms — or a thunk: an asynchronous operation that calls `done`
 * exactly once, with an error to be thrown into the generator (so Nova's try/except
 * becomes try/catch) or a value, which `yield` returns.
 */
export type Thunk<T> = (done: (err: Error | null, value?: T) => void) => void;
export type Effect = Thunk<unknown> | number;
export type Proc<T = void> = Generator<Effect, T, unknown>;

/**
 * A thunk as a process of its own, for code that takes a `Proc`. Service code yields a thunk
 * directly, `const r = (yield thunk) as T`: a generator per wait, resumed through `yield*`,
 * cost a few percent of a big run.
 */
export function* wait<T>(thunk: Thunk<T>): Generator<Effect, T, unknown> {
  return (yield thunk as Thunk<unknown>) as T;
}

export function spawn<T>(
  sim: Sim,
  proc: Proc<T>,
  onDone?: (err: Error | null, value?: T) => void,
): void {
  // one resume function per process, reused by every wait: this runs for every message
  const resume = (err: Error | null, value?: unknown): void => {
    let r: IteratorResult<Effect, T>;
    try {
      r = err ? proc.throw(err) : proc.next(value);
    } catch (e) {
      if (onDone) onDone(e as Error);
      else throw e;
      return;
    }
    if (r.done) {
      onDone?.(null, r.value);
      return;
    }
    const effect = r.value;
    // a busy while is a kernel action given the process's resume: no second closure a process
    if (typeof effect === 'number') sim.atWith(sim.now + effect, wake, resume, undefined);
    else effect(resume);
  };
  resume(null);
}

const wake = (resume: (err: Error | null) => void): void => resume(null);
