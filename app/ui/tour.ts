import type { AppStoreApi } from '../store';

/** How long each big step stays on screen in a tour: the sentence read, the tokens followed. */
export const TOUR_STEP_MS = 4000;

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
    private readonly stepMs = TOUR_STEP_MS,
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
    this.timer = setTimeout(() => void this.next(tour), this.stepMs);
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

const tours = new WeakMap<AppStoreApi, Tour>();

/** The one tour of a store's page. */
export function tourOf(store: AppStoreApi): Tour {
  let t = tours.get(store);
  if (!t) tours.set(store, (t = new Tour(store)));
  return t;
}
