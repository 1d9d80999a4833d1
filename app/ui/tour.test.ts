import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { AppStoreApi } from '../store';
import { TOUR_LONGEST_STEP_MS, TOUR_STEP_MS, Tour, tourDwellMs } from './tour';

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

describe('tourDwellMs', () => {
  it('keeps a short sentence the least time, a longer one longer, the longest at most', () => {
    const short = tourDwellMs('The VM is up on compute.'.length, 'en');
    expect(short).toBe(TOUR_STEP_MS);
    const long = tourDwellMs(160, 'en');
    expect(long).toBeGreaterThan(short);
    expect(tourDwellMs(2000, 'en')).toBe(TOUR_LONGEST_STEP_MS);
    // a Japanese sentence of as many characters says more: it stays longer
    expect(tourDwellMs(80, 'ja')).toBeGreaterThan(tourDwellMs(80, 'en'));
  });
});

describe('Tour with a step time read from the page', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits at each big step the time told for that step', async () => {
    const steps: number[] = [];
    const store = createStore<{ touring: boolean; seq: number; tourStep(): Promise<void> }>()(
      (set, get) => ({
        touring: false,
        seq: 0,
        async tourStep() {
          const next = [5, 9, 12].find((s) => s > get().seq);
          steps.push(next ?? get().seq);
          if (next !== undefined) set({ seq: next });
        },
      }),
    );
    // big step 5 is told at length, the others briefly
    new Tour(store as unknown as AppStoreApi, (s) => (s.seq === 5 ? 3000 : 1000));
    store.setState({ touring: true });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2999);
    expect(steps).toEqual([5]);
    await vi.advanceTimersByTimeAsync(1);
    expect(steps).toEqual([5, 9]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(steps).toEqual([5, 9, 12]);
  });
});
