import { describe, expect, it, vi } from 'vitest';
import { SEEK_END } from '../protocol/messages';
import type { AppStore } from '../store';
import { BIG_STEP, commandFor, nextSpeed } from './useKeyboard';

describe('nextSpeed', () => {
  it('steps through the presets, from a preset or from a speed between them', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed(3, 1)).toBe(5);
    expect(nextSpeed(3, -1)).toBe(2);
    expect(nextSpeed(1000, 1)).toBe('max');
    expect(nextSpeed('max', -1)).toBe(1000);
  });

  it('stops at either end', () => {
    expect(nextSpeed('max', 1)).toBeNull();
    expect(nextSpeed(0.1, -1)).toBeNull();
  });
});

describe('commandFor', () => {
  const store = () => ({
    speed: 1,
    eventCount: 115,
    togglePlay: vi.fn(),
    step: vi.fn(),
    stepBack: vi.fn(),
    stepRequest: vi.fn(),
    stepMilestone: vi.fn(),
    seek: vi.fn(),
    setSpeed: vi.fn(),
    reset: vi.fn(),
    touring: false,
    tour: vi.fn(),
    language: 'en' as 'en' | 'ja',
    setLanguage: vi.fn(),
    closeUp: false,
    setCloseUp: vi.fn(),
    pauseAtBigSteps: false,
    setPauseAtBigSteps: vi.fn(),
  });
  const press = (key: string, s: ReturnType<typeof store>, shiftKey = false) =>
    commandFor({ key, shiftKey }, s as unknown as AppStore, vi.fn())?.();

  it('moves by one event, or ten with Shift', () => {
    const s = store();
    press('ArrowRight', s);
    press('ArrowRight', s, true);
    press('ArrowLeft', s, true);
    expect(s.step.mock.calls).toEqual([[1], [BIG_STEP]]);
    expect(s.stepBack.mock.calls).toEqual([[BIG_STEP]]);
  });

  it('goes to the first and the last event', () => {
    const s = store();
    press('Home', s);
    press('End', s);
    expect(s.seek.mock.calls).toEqual([[0], [SEEK_END]]);
  });

  it("] and [ go to the next and the previous event of the timeline's boot request", () => {
    const s = store();
    press(']', s);
    press('[', s);
    expect(s.stepRequest.mock.calls).toEqual([[1], [-1]]);
    expect(s.step).not.toHaveBeenCalled();
  });

  it('N goes to the next big step of the story, P or Shift+N to the previous', () => {
    const s = store();
    press('n', s);
    press('N', s, true);
    press('p', s);
    press('P', s, true);
    expect(s.stepMilestone.mock.calls).toEqual([[1], [-1], [-1], [-1]]);
  });

  it('F presents, as a slide show fills the screen', () => {
    const s = store() as unknown as AppStore;
    const present = vi.fn();
    commandFor({ key: 'f', shiftKey: false }, s, present)?.();
    commandFor({ key: 'F', shiftKey: true }, s, present)?.();
    expect(present).toHaveBeenCalledTimes(2);
    commandFor({ key: 'p', shiftKey: false }, s, present)?.();
    expect(present).toHaveBeenCalledTimes(2);
  });

  it('T starts the tour of the big steps, and stops it while it goes', () => {
    const s = store();
    press('t', s);
    s.touring = true;
    press('T', s);
    expect(s.tour.mock.calls).toEqual([[true], [false]]);
  });

  it('Esc stops the tour while it goes, and is not a command otherwise', () => {
    const s = store();
    expect(
      commandFor({ key: 'Escape', shiftKey: false }, s as unknown as AppStore, vi.fn()),
    ).toBeNull();
    s.touring = true;
    press('Escape', s);
    expect(s.tour.mock.calls).toEqual([[false]]);
  });

  it('L switches the language, both ways', () => {
    const s = store();
    press('l', s);
    s.language = 'ja';
    press('L', s);
    expect(s.setLanguage.mock.calls).toEqual([['ja'], ['en']]);
  });

  it("C turns the diagram's close-up on, and off", () => {
    const s = store();
    press('c', s);
    s.closeUp = true;
    press('C', s);
    expect(s.setCloseUp.mock.calls).toEqual([[true], [false]]);
  });

  it('B has play pause at each big step, and not', () => {
    const s = store();
    press('b', s);
    s.pauseAtBigSteps = true;
    press('B', s);
    expect(s.setPauseAtBigSteps.mock.calls).toEqual([[true], [false]]);
  });

  it('leaves other keys to the page', () => {
    const s = store() as unknown as AppStore;
    expect(commandFor({ key: 'a', shiftKey: false }, s, vi.fn())).toBeNull();
    expect(commandFor({ key: 'Tab', shiftKey: false }, s, vi.fn())).toBeNull();
  });
});
