import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { AppStoreApi } from '../store';
import { Tour } from './tour';

/** A store with a story of `bigSteps` big steps, each one event further on. */
function setup(bigSteps: number[]) {
  const steps: number[] = [];
  const store = createStore<{
    touring: boolean;
    seq: number;
    tourStep(): Promise<void>;
  }>()((set, get) => ({
    touring: false,
    seq: 0,
    async tourStep() {
      const next = bigSteps.find((s) => s > get().seq);
      steps.push(next ?? get().seq);
      if (next !== undefined) set({ seq: next });
    },
  }));
  new Tour(store as unknown as AppStoreApi, 1000);
  return { store, steps };
}

describe('Tour', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a big step at once, then one a step time, and stops after the last', async () => {
    const { store, steps } = setup([5, 9]);
    store.setState({ touring: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().seq).toBe(5);
    await vi.advanceTimersByTimeAsync(999);
    expect(store.getState().seq).toBe(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getState().seq).toBe(9);
    // the step after the last moves nothing: the tour is over
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getState().touring).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(steps).toEqual([5, 9, 9]);
  });

  it('takes no step once stopped, and starts afresh when started again', async () => {
    const { store, steps } = setup([5, 9, 12]);
    store.setState({ touring: true });
    await vi.advanceTimersByTimeAsync(0);
    store.setState({ touring: false });
    await vi.advanceTimersByTimeAsync(5000);
    expect(steps).toEqual([5]);
    store.setState({ touring: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(steps).toEqual([5, 9]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(steps).toEqual([5, 9, 12]);
  });
});
