import type { AppStore, AppStoreApi } from '../store';

/** How long each big step stays on screen in a tour at least: the sentence read, the tokens followed. */
export const TOUR_STEP_MS = 4000;
/** ... and at most, for the longest sentence (a failed boot's end). */
export const TOUR_LONGEST_STEP_MS = 15_000;

/**
 * How long a big step whose sentence is `chars` long stays on screen: a class reads it aloud
 * or in silence, at about 18 characters a second in English and 9 in Japanese, after a
 * moment to find it.
 */
export function tourDwellMs(chars: number, language: string): number {
  const perChar = language === 'ja' ? 110 : 55;
  return Math.min(TOUR_LONGEST_STEP_MS, Math.max(TOUR_STEP_MS, 1500 + chars * perChar));
}

/**
 * The tour of the big steps (the narration's milestones) for a class: while the store says
 * `touring`, a big step now, then one every `stepMs`, until the last. Any other command stops
 * it (the store clears `touring`), and so does the end of the story.
 */
export class Tour {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** a tour started again while the last step of the one before was on its way is a new one */
  private tours = 0;

  constructor(
    private readonly store: AppStoreApi,
    /** the time a big step stays, or how to tell it from the page at that step */
    private readonly stepMs: number | ((state: AppStore) => number) = TOUR_STEP_MS,
  ) {
    store.subscribe((s, prev) => {
      if (s.touring === prev.touring) return;
      this.clear();
      if (s.touring) void this.next(++this.tours);
    });
  }

  private async next(tour: number): Promise<void> {
    this.timer = null;
    const before = this.store.getState();
    if (!before.touring || tour !== this.tours) return;
    try {
      await before.tourStep();
    } catch {
      // the store shows the worker's error
      if (tour === this.tours) this.store.setState({ touring: false });
      return;
    }
    const after = this.store.getState();
    if (!after.touring || tour !== this.tours) return;
    // no big step left: the story is told
    if (after.seq === before.seq) {
      this.store.setState({ touring: false });
      return;
    }
    const ms = typeof this.stepMs === 'number' ? this.stepMs : this.stepMs(after);
    this.timer = setTimeout(() => void this.next(tour), ms);
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

const tours = new WeakMap<AppStoreApi, Tour>();

/** The one tour of a store's page; `stepMs` is taken by the first call. */
export function tourOf(store: AppStoreApi, stepMs?: (state: AppStore) => number): Tour {
  let t = tours.get(store);
  if (!t) tours.set(store, (t = new Tour(store, stepMs)));
  return t;
}
