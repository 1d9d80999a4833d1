/**
 * Sequential service code written as generators, the way Nova's own code reads
 * (`instance.save()` then `driver.spawn()` ...), each `yield` waiting on virtual time or a
 * reply. A thunk starts an asynchronous operation and calls `done` once, with an error to be
 * thrown into the generator (so Nova's try/except becomes try/catch) or a value.
 */
export type Thunk<T> = (done: (err: Error | null, value?: T) => void) => void;
export type Proc<T = void> = Generator<Thunk<unknown>, T, unknown>;

export function* wait<T>(thunk: Thunk<T>): Generator<Thunk<unknown>, T, unknown> {
  return (yield thunk as Thunk<unknown>) as T;
}

export function spawn<T>(proc: Proc<T>, onDone?: (err: Error | null, value?: T) => void): void {
  const advance = (err: Error | null, value?: unknown): void => {
    let r: IteratorResult<Thunk<unknown>, T>;
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
    let settled = false;
    r.value((e, v) => {
      if (settled) return;
      settled = true;
      advance(e, v);
    });
  };
  advance(null);
}
