import { wait, type Thunk } from '../kernel/coroutine';
import type { World } from '../world';

export function sleepThunk(world: World, ms: number): Thunk<void> {
  return (done) => {
    world.sim.after(ms, () => done(null));
  };
}

/** `yield* sleepFor(world, ms)`: the process is busy (or waiting) for `ms` virtual ms. */
export function sleepFor(world: World, ms: number) {
  return wait(sleepThunk(world, ms));
}
