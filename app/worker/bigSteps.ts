import type { TraceEvent } from '../engine/trace';
import { followed } from '../protocol/bigStepsOf';
import type { Run } from './run';
import { storyOf } from './story';

/**
 * The story's big steps (story.ts milestones), as cursors: a big step's cursor is just after
 * its event, so that the event is the last one played. `of`: one boot request's big steps
 * only (protocol/bigStepsOf.ts); null, every one.
 */

function isBigStep(ev: TraceEvent, of: string | null): boolean {
  return storyOf(ev).milestone === true && followed(ev, of);
}

/** The cursor after the first big step among the events `from` to `to` (not included). */
export function firstBigStepIn(
  events: readonly TraceEvent[],
  from: number,
  to: number,
  of: string | null = null,
): number | null {
  for (let seq = from; seq < to; seq++) if (isBigStep(events[seq]!, of)) return seq + 1;
  return null;
}

/**
 * The previous big step's cursor from cursor `at`: the current event is the last one played,
 * so the previous big step is before it. Before the first, the run's start, where the story
 * begins.
 */
export function previousBigStep(
  events: readonly TraceEvent[],
  at: number,
  of: string | null = null,
): number {
  for (let seq = at - 2; seq >= 0; seq--) if (isBigStep(events[seq]!, of)) return seq + 1;
  return 0;
}

/** The next big step's cursor from cursor `at`, making `chunk` events at a time; null: none. */
export function nextBigStep(
  run: Run,
  at: number,
  chunk: number,
  of: string | null = null,
): number | null {
  const events = run.events;
  for (let seq = at; ; seq++) {
    if (seq >= events.length) {
      if (run.complete) return null;
      run.produce(events.length + chunk);
      if (seq >= events.length) return null;
    }
    if (isBigStep(events[seq]!, of)) return seq + 1;
  }
}
