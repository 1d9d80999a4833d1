import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { AppStoreApi } from '../store';
import { CatchUp } from './catchUp';
import type { PanelPlace } from './frozen';

function setup() {
  const store = createStore(() => ({ playing: true }));
  const frames: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', () => void frames.splice(0));
  const catchUp = new CatchUp(store as unknown as AppStoreApi);
  let updates = 0;
  store.subscribe(() => void updates++);
  const runFrame = () => {
    for (const f of frames.splice(0)) f(0);
  };
  const place = (away: boolean): PanelPlace => {
    const p = { away, held: false };
    catchUp.add(p);
    return p;
  };
  return { store, catchUp, runFrame, place, updates: () => updates };
}

describe('CatchUp', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('holds the panels that were off screen when play stops, and lets one go a frame', () => {
    const { store, runFrame, place, updates } = setup();
    const shown = place(false);
    const a = place(true);
    const b = place(true);
    store.setState({ playing: false });
    expect([shown.held, a.held, b.held]).toEqual([false, true, true]);
    const before = updates();
    runFrame();
    expect([a.held, b.held]).toEqual([false, true]);
    // each release makes the subscriptions look at the store again
    expect(updates()).toBe(before + 1);
    runFrame();
    expect(b.held).toBe(false);
    expect(updates()).toBe(before + 2);
    runFrame();
    expect(updates()).toBe(before + 2);
  });

  it('lets a panel go at once when it comes on screen, and none when play starts again', () => {
    const { store, catchUp, runFrame, place } = setup();
    const a = place(true);
    const b = place(true);
    const c = place(true);
    store.setState({ playing: false });
    catchUp.release(b);
    expect([a.held, b.held, c.held]).toEqual([true, false, true]);
    runFrame();
    expect([a.held, c.held]).toEqual([false, true]);
    // playing again: off screen they are kept by play itself, nobody waits for a turn
    store.setState({ playing: true });
    expect(c.held).toBe(false);
    runFrame();
    expect(c.held).toBe(false);
  });

  it('holds the panels before any of them looks, whatever order the listeners run in', () => {
    const store = createStore(() => ({ playing: true }));
    vi.stubGlobal('requestAnimationFrame', () => 1);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const place: PanelPlace = { away: true, held: false };
    const seen: boolean[] = [];
    // a panel's subscription, registered before the catch-up's own (useAppStore does this)
    let catchUp: CatchUp | null = null;
    store.subscribe((s) => {
      catchUp!.sync(s.playing);
      seen.push(place.held);
    });
    catchUp = new CatchUp(store as unknown as AppStoreApi);
    catchUp.add(place);
    store.setState({ playing: false });
    expect(seen).toEqual([true]);
  });
});
