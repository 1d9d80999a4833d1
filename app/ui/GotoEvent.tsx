import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useAppStore, useStoreApi } from './StoreContext';

/** Sent by G: the count becomes the field to type an event's number into. */
const GOTO_EVENT = 'novaviz:goto';

export const focusGoto = (): void => void window.dispatchEvent(new Event(GOTO_EVENT));

/**
 * What a typed event number asks for: the cursor just past it (event #n is then the one at the
 * cursor, as the inspector and the narration say it), or why it cannot be gone to.
 */
export function gotoTarget(
  text: string,
  eventCount: number,
  complete: boolean,
): { seq: number } | { problem: 'notNumber' | 'pastEnd' } {
  const value = text.trim().replace(/^#/, '');
  if (!/^\d+$/.test(value)) return { problem: 'notNumber' };
  const n = Number(value);
  // a run still computing may have it later: the worker computes up to it
  if (complete && n >= eventCount) return { problem: 'pastEnd' };
  return { seq: n + 1 };
}

/**
 * The slider's count of events played (166 of 279), which is also where an event's number is
 * typed to go to it (#165, as the inspector, a note or a breakpoint's stop names it): a click
 * or G turns the count into that field, in its place, so the row keeps its length.
 */
export function SeekCount() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const seq = useAppStore((s) => s.seq);
  const eventCount = useAppStore((s) => s.eventCount);
  const complete = useAppStore((s) => s.complete);
  const hasRun = useAppStore((s) => s.runId !== null);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  /** the field had the keyboard when it closed: it goes back where it came from */
  const refocus = useRef(false);
  /**
   * Where the keyboard was when the field opened: the count (opened from it) takes it back;
   * opened by G from the page, the page does, so that Space plays and N steps on again.
   */
  const openedFrom = useRef<Element | 'count' | null>(null);

  useEffect(() => {
    // at once, so that the digits typed right after G go into the field
    const open = () => {
      const at = document.activeElement;
      openedFrom.current = at !== null && at === button.current ? 'count' : at;
      flushSync(() => setEditing(true));
      field.current?.focus();
    };
    window.addEventListener(GOTO_EVENT, open);
    return () => window.removeEventListener(GOTO_EVENT, open);
  }, []);
  useEffect(() => {
    if (editing) field.current?.focus();
    else if (refocus.current) {
      refocus.current = false;
      const from = openedFrom.current;
      openedFrom.current = null;
      // the count is drawn again once the field goes: a new button, found by its ref
      if (from === null || from === 'count') button.current?.focus();
      else if (from instanceof HTMLElement && from !== document.body && from.isConnected)
        from.focus();
      else (document.activeElement as HTMLElement | null)?.blur();
    }
  }, [editing]);

  const count = t(complete ? 'status.played' : 'status.playedMore', { seq, count: eventCount });
  // as wide as the run's last count (drawn unseen), so the slider keeps its length
  const widest = t(complete ? 'status.played' : 'status.playedMore', {
    seq: eventCount,
    count: eventCount,
  });
  const close = (keepFocus: boolean) => {
    refocus.current = keepFocus;
    setEditing(false);
    setText('');
    setProblem(null);
  };
  const pastEnd = (last: number) =>
    setProblem(t('controls.goto_pastEnd', { value: text.trim(), last }));
  const go = async () => {
    const target = gotoTarget(text, eventCount, complete);
    if ('problem' in target) {
      if (target.problem === 'pastEnd') pastEnd(eventCount - 1);
      else setProblem(t('controls.goto_notNumber', { value: text.trim() }));
      return;
    }
    const s = store.getState();
    try {
      // the operator asked for that event: play stops there, not past it
      if (s.playing) await s.pause();
      await s.seek(target.seq);
    } catch {
      return;
    }
    // a run still computing ended before it: said, as a share link's event past the end is
    const at = store.getState();
    if (at.seq < target.seq && at.complete) pastEnd(at.eventCount - 1);
    else close(true);
  };

  if (!editing)
    return (
      <button
        ref={button}
        type="button"
        className="seek-count"
        data-testid="seek-count"
        data-widest={widest}
        aria-keyshortcuts="G"
        title={t('controls.gotoHelp')}
        aria-label={`${count}. ${t('controls.gotoHelp')}`}
        disabled={!hasRun}
        onClick={() => {
          openedFrom.current = 'count';
          setEditing(true);
        }}
      >
        {/* events played: the last one is #seq-1 (events are numbered from 0) */}
        <span>{count}</span>
      </button>
    );
  return (
    <form
      className="seek-count goto"
      data-widest={widest}
      onSubmit={(e) => {
        e.preventDefault();
        void go();
      }}
    >
      <input
        ref={field}
        data-testid="goto-event"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('controls.goto')}
        aria-label={t('controls.gotoHelp')}
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'goto-problem' : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          // Esc closes the field alone: not the projector view, nor a dialog, behind it
          if (e.key === 'Escape') {
            e.stopPropagation();
            close(true);
          }
        }}
        // the keyboard or the mouse went elsewhere: the count comes back, the text is dropped
        onBlur={() => {
          // not when it is closing already (a removed field may still say it lost focus)
          if (!refocus.current) close(false);
        }}
      />
      {problem && (
        <span id="goto-problem" className="goto-problem" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
