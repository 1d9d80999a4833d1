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
  const woken: [PanelPlace, boolean][] = [];
  const runFrame = () => {
    for (const f of frames.splice(0)) f(0);
  };
  const place = (away: boolean): PanelPlace => {
    const p = { away, held: false };
    catchUp.add(p, (now) => woken.push([p, now]));
    return p;
  };
  return { store, catchUp, runFrame, place, woken };
}

describe('CatchUp', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('holds the panels that were off screen when play stops, and lets one go a frame', () => {
    const { store, runFrame, place, woken } = setup();
    const shown = place(false);
    const a = place(true);
    const b = place(true);
    store.setState({ playing: false });
    expect([shown.held, a.held, b.held]).toEqual([false, true, true]);
    expect(woken).toEqual([]);
    runFrame();
    expect([a.held, b.held]).toEqual([false, true]);
    // each release renders that panel again, in a render React may slice (not now)
    expect(woken).toEqual([[a, false]]);
    runFrame();
    expect(b.held).toBe(false);
    expect(woken).toEqual([
      [a, false],
      [b, false],
    ]);
    runFrame();
    expect(woken).toHaveLength(2);
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
    catchUp.add(place, () => undefined);
    store.setState({ playing: false });
    expect(seen).toEqual([true]);
  });

  it('without animation frames, lets every waiting panel go at once', () => {
    const store = createStore(() => ({ playing: true }));
    vi.stubGlobal('requestAnimationFrame', undefined);
    const catchUp = new CatchUp(store as unknown as AppStoreApi);
    const woken: [PanelPlace, boolean][] = [];
    const a: PanelPlace = { away: true, held: false };
    const b: PanelPlace = { away: true, held: false };
    for (const p of [a, b]) catchUp.add(p, (now) => woken.push([p, now]));
    store.setState({ playing: false });
    expect([a.held, b.held]).toEqual([false, false]);
    expect(woken).toEqual([
      [a, true],
      [b, true],
    ]);
  });
});
