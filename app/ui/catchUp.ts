import type { AppStoreApi } from '../store';
import type { PanelPlace } from './frozen';

/** Renders a panel that was let go again (Offscreen.tsx), in its turn or at once. */
export type Wake = (now: boolean) => void;

/**
 * The panels of one page that waited off screen while the run played, caught up one an
 * animation frame once it stops: all at once, the tables of a big run (hundreds of instances,
 * events, rows) made one task of 55–80 ms as the last tokens moved.
 */
export class CatchUp {
  private readonly places = new Map<PanelPlace, Wake>();
  private readonly waiting: PanelPlace[] = [];
  private frame: number | null = null;
  private playing: boolean;

  constructor(store: AppStoreApi) {
    this.playing = store.getState().playing;
    store.subscribe((s) => this.sync(s.playing));
  }

  /**
   * Takes the store's `playing` into account. The panels' own subscriptions call this before
   * they look (StoreContext.useAppStore): the store's listeners run in the order they came,
   * and a panel's must not see play stopped before the panels are held.
   */
  sync(playing: boolean): void {
    if (playing === this.playing) return;
    this.playing = playing;
    if (playing) this.cancel();
    else this.start();
  }

  add(place: PanelPlace, wake: Wake): () => void {
    this.places.set(place, wake);
    return () => {
      this.places.delete(place);
      this.release(place);
    };
  }

  /** The panel is on screen: it catches up now, not in its turn. */
  release(place: PanelPlace): void {
    if (!place.held) return;
    place.held = false;
    const i = this.waiting.indexOf(place);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  private start(): void {
    for (const place of this.places.keys())
      if (place.away && !place.held) {
        place.held = true;
        this.waiting.push(place);
      }
    this.next();
  }

  private next(): void {
    if (this.frame !== null || this.waiting.length === 0) return;
    if (typeof requestAnimationFrame !== 'function') {
      const waiting = this.waiting.slice();
      this.cancel();
      for (const place of waiting) this.places.get(place)?.(true);
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      const place = this.waiting.shift();
      if (!place) return;
      place.held = false;
      // the panel's subscriptions look at the store again (the others still hold), in a render
      // React may cut into slices: a big table no longer makes one long task
      this.places.get(place)?.(false);
      this.next();
    });
  }

  private cancel(): void {
    if (this.frame !== null && typeof cancelAnimationFrame === 'function')
      cancelAnimationFrame(this.frame);
    this.frame = null;
    for (const place of this.waiting.splice(0)) place.held = false;
  }
}

const catchUps = new WeakMap<AppStoreApi, CatchUp>();

export function catchUpOf(store: AppStoreApi): CatchUp {
  let c = catchUps.get(store);
  if (!c) catchUps.set(store, (c = new CatchUp(store)));
  return c;
}
