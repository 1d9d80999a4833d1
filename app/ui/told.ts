import { followed } from '../protocol/bigStepsOf';
import type { EventSummary } from '../protocol/messages';

/**
 * The event to tell: paused, the last one played; playing, the last big step among the
 * recent events (every event would be a blur) of those followed (`of`, protocol/bigStepsOf.ts),
 * or the last event if none is.
 */
export function told(
  events: readonly EventSummary[],
  playing: boolean,
  of: string | null = null,
): EventSummary | null {
  if (playing)
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.story.milestone && followed(e, of)) return e;
    }
  return events[events.length - 1] ?? null;
}

/**
 * What the label before a sentence says (an i18n key): paused, the event's number; playing,
 * that it is the last big step, or, with none among the recent events (before the first, or
 * all of them passed out of the window), only that the run is playing.
 */
export function toldLabel(ev: EventSummary, playing: boolean): string {
  if (!playing) return 'story.event';
  return ev.story.milestone ? 'story.playing' : 'story.playingNoBigStep';
}

/**
 * Playing, what is told once a sentence's hold ends: the first turn of the story (a failed
 * spawn, its hand-back, the outcome) played since that sentence, else the last big step. A
 * reschedule's steps come within a second of each other at 1×: each turn is told in its turn.
 */
export function toldAfter(
  events: readonly EventSummary[],
  shown: EventSummary | null,
  of: string | null = null,
): EventSummary | null {
  const from = shown?.seq ?? -1;
  for (const e of events) if (e.seq > from && e.story.turn && followed(e, of)) return e;
  return told(events, true, of);
}
