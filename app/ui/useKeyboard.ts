import { useEffect } from 'react';
import { SEEK_END, SPEED_PRESETS, type Speed } from '../protocol/messages';
import type { AppStore, AppStoreApi } from '../store';
import { keysDialogOpen, toggleKeysDialog } from './KeysDialog';
import { goToPanel } from './goToPanel';
import { focusGoto } from './GotoEvent';

/** Where keys belong to the focused control, not to playback. */
const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));

/** Space and Enter press a focused button, as everywhere on the web. */
const pressable = (el: EventTarget | null): Element | null =>
  el instanceof Element
    ? el.closest('button, summary, a[href], [role="button"], [role="tab"]')
    : null;

/**
 * The button last pressed with the mouse (or a finger), while it keeps the focus. Space there
 * is the page's play and pause, not the button again: a teacher clicks Next big step, then
 * presses Space to play, and got another big step. Tabbed to, a button's Space is its own.
 * (Chrome's :focus-visible cannot tell them apart: a key press makes any focus visible.)
 */
let clicked: Element | null = null;
const onPointerDown = (e: PointerEvent) => (clicked = pressable(e.target));
// gone from it (Tab, or the page moving the focus), the button is no longer the mouse's
const onFocusOut = (e: FocusEvent) => {
  if (e.target === clicked) clicked = null;
};

/** Arrows, Home and End scroll a focused scrolling box (a wide table). */
const scrolling = (el: EventTarget | null) =>
  el instanceof HTMLElement && el.closest('.scroll-x, [role="region"][tabindex]') !== null;

/** The seek slider moves by itself with plain arrows, Home and End; every other key is the page's. */
const slider = (el: EventTarget | null) => el instanceof HTMLInputElement && el.type === 'range';
const SLIDER_KEYS = [
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
];

/** Whether a key pressed on `target` is the target's own, not the page's. */
export function ownKey(key: string, target: EventTarget | null, shift = false): boolean {
  if (slider(target)) return !shift && SLIDER_KEYS.includes(key);
  if (typing(target)) return true;
  if ((key === ' ' || key === 'Enter') && pressable(target)) return true;
  return ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(key) && scrolling(target);
}

/** Events a shifted arrow moves over. */
export const BIG_STEP = 10;

/** The next preset speed up (dir 1) or down (dir -1) from `speed`, or null at either end. */
export function nextSpeed(speed: Speed, dir: 1 | -1): Speed | null {
  const rank = (s: Speed) => (s === 'max' ? Infinity : s);
  const presets = [...SPEED_PRESETS];
  const candidates =
    dir === 1
      ? presets.filter((p) => rank(p) > rank(speed))
      : presets.filter((p) => rank(p) < rank(speed)).reverse();
  return candidates[0] ?? null;
}

type KeyInput = Pick<KeyboardEvent, 'key' | 'shiftKey'>;

/**
 * The playback command for a key, as the buttons and the slider would do it, or null.
 * Space plays or pauses; → and ← step one event (with Shift, ten); Home and End go to the
 * first and the last event; N goes to the next big step of the story, P (or Shift+N) to the
 * previous, as in slide software; ] and [ go to the next and the previous event of the boot
 * request the timeline shows; + and − change the speed; R resets; F presents the diagram (fills
 * the screen, as a slide show's F does); T tours the big steps; G types an event's number
 * to go to; C turns the diagram's close-up on or off; B has play pause at each big step, or not;
 * I goes to the inspector; L switches the language; ? opens the list of keys; Esc stops the
 * tour.
 */
export function commandFor(
  e: KeyInput,
  s: AppStore,
  present: () => void,
): (() => Promise<void> | void) | null {
  switch (e.key) {
    case ' ':
      return () => s.togglePlay();
    case 'ArrowRight':
      return () => s.step(e.shiftKey ? BIG_STEP : 1);
    case 'ArrowLeft':
      return () => s.stepBack(e.shiftKey ? BIG_STEP : 1);
    case 'Home':
      return () => s.seek(0);
    case 'End':
      // the last event of the run, not of what the worker has computed of it so far
      return () => s.seek(SEEK_END);
    case '+':
    case '=':
    case '-': {
      const speed = nextSpeed(s.speed, e.key === '-' ? -1 : 1);
      return speed === null ? () => undefined : () => s.setSpeed(speed);
    }
    case 'r':
    case 'R':
      return () => s.reset();
    case 'n':
    case 'N':
      return () => s.stepMilestone(e.shiftKey ? -1 : 1);
    case ']':
      return () => s.stepRequest(1);
    case '[':
      return () => s.stepRequest(-1);
    case 'p':
    case 'P':
      return () => s.stepMilestone(-1);
    case 'f':
    case 'F':
      return present;
    case 't':
    case 'T':
      return () => s.tour(!s.touring);
    case 'g':
    case 'G':
      return focusGoto;
    case 'c':
    case 'C':
      return () => s.setCloseUp(!s.closeUp);
    case 'b':
    case 'B':
      return () => s.setPauseAtBigSteps(!s.pauseAtBigSteps);
    case 'i':
    case 'I':
      // the inspector comes last in the Tab order (after the main column): one key away
      return focusInspector;
    case 'l':
    case 'L':
      // presenting, the language button is off screen: a bilingual class switches here
      return () => s.setLanguage(s.language === 'en' ? 'ja' : 'en');
    case '?':
      return toggleKeysDialog;
    case 'Escape':
      // the tour goes on by itself: Esc stops it, as it stops a slide show (presenting, it
      // also comes back to the page, App's usePresenting)
      return s.touring ? () => s.tour(false) : null;
    default:
      return null;
  }
}

/**
 * Brings the inspector to the top and the keyboard's focus to its heading: the arrows go on
 * stepping, and Tab reaches its picker (on the picker, → chose another thing to inspect).
 */
const focusInspector = () => goToPanel('inspector-title');

/** The page's playback keys (commandFor), unless the focused control owns the key (ownKey). */
export function useKeyboard(store: AppStoreApi, present: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mouseButton = e.key === ' ' && clicked !== null && pressable(e.target) === clicked;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (!mouseButton && ownKey(e.key, e.target, e.shiftKey)) return;
      // the list of keys is a modal dialog: the run behind it stays as it is
      if (keysDialogOpen() && e.key !== '?') return;
      // held down, C, F, L, R and T would flip, switch and reset again and again
      if (e.repeat && /^[cCfFrRtTlL]$/.test(e.key)) return;
      const s = store.getState();
      if (s.runId === null) return;
      const command = commandFor(e, s, present);
      if (command === null) return;
      void Promise.resolve(command()).catch(() => undefined);
      // Space would scroll the page, arrows and Home/End too
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('focusout', onFocusOut, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('focusout', onFocusOut, true);
    };
  }, [store, present]);
}
