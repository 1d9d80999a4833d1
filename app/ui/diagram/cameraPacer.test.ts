import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCameraPacer, type PacerClock } from './cameraPacer';

describe("the close-up camera's pace", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const clock: PacerClock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number,
    clearTimeout: (id) => clearTimeout(id),
  };

  it('moves at once when stopped, however often it is asked', () => {
    const pacer = createCameraPacer(1500, clock);
    const moves: string[] = [];
    for (const ev of ['a', 'b', 'c']) {
      expect(pacer.request(() => (moves.push(ev), true), false)).toBeUndefined();
      vi.advanceTimersByTime(100);
    }
    expect(moves).toEqual(['a', 'b', 'c']);
  });

  it('playing, rests between moves and then frames only the newest event', () => {
    const pacer = createCameraPacer(1500, clock);
    const moves: string[] = [];
    const ask = (ev: string) => pacer.request(() => (moves.push(ev), true), true);
    expect(ask('first')).toBeUndefined();
    expect(moves).toEqual(['first']);
    // the hook cancels the put-off move when the next event comes, as React's cleanup does
    let cancel = ask('second');
    vi.advanceTimersByTime(400);
    cancel?.();
    cancel = ask('third');
    vi.advanceTimersByTime(1000);
    expect(moves).toEqual(['first']);
    vi.advanceTimersByTime(100);
    expect(moves).toEqual(['first', 'third']);
    // the rest counts from that move
    cancel = ask('fourth');
    vi.advanceTimersByTime(1499);
    expect(moves).toEqual(['first', 'third']);
    vi.advanceTimersByTime(1);
    expect(moves).toEqual(['first', 'third', 'fourth']);
  });

  it('does not rest after a request that did not move the camera', () => {
    const pacer = createCameraPacer(1500, clock);
    const moves: string[] = [];
    expect(pacer.request(() => false, true)).toBeUndefined();
    expect(pacer.request(() => (moves.push('framed'), true), true)).toBeUndefined();
    expect(moves).toEqual(['framed']);
  });

  it('a step asked while the camera rests moves it at once', () => {
    const pacer = createCameraPacer(1500, clock);
    const moves: string[] = [];
    pacer.request(() => (moves.push('played'), true), true);
    const cancel = pacer.request(() => (moves.push('put off'), true), true);
    cancel?.();
    pacer.request(() => (moves.push('stepped'), true), false);
    vi.advanceTimersByTime(2000);
    expect(moves).toEqual(['played', 'stepped']);
  });
});
