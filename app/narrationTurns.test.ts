import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
import { told, toldAfter, toldLabel } from './ui/told';
import { summarize } from './worker/summary';

// What the narration tells, playing, when a sentence's hold ends (ui/told.ts), on a real
// reschedule: the turns of the story in their order, the routine big steps passed over.

describe('the turns of a boot told while playing', () => {
  const summaries = runScenario(loadScenarioFile('reschedule.json')).events.map((e) =>
    summarize(e),
  );
  const keys = (from: number, to: number) =>
    summaries
      .slice(from, to)
      .filter((s) => s.story.turn)
      .map((s) => s.story.key);

  it("are the injected fault, the failed spawn, its hand-back, the outcome and the client's end", () => {
    expect(keys(0, summaries.length)).toEqual([
      'fault.spawnFails',
      'hypervisor.spawnError',
      'rpc.buildInstances',
      'state.active',
      'client',
    ]);
    // a routine big step is none
    expect(summaries.find((s) => s.story.key === 'state.spawning')!.story.turn).toBeUndefined();
  });

  it('each comes after the sentence shown, before the later big steps that came in its hold', () => {
    const failed = summaries.findIndex((s) => s.story.key === 'hypervisor.spawnError');
    const handBack = summaries.findIndex((s) => s.story.key === 'rpc.buildInstances');
    const spawning = summaries.findIndex(
      (s, i) => i > handBack && s.story.key === 'state.spawning',
    );
    // the recent events, played up to the second spawn, as the page holds them
    const recent = summaries.slice(Math.max(0, spawning - 199), spawning + 1);
    expect(told(recent, true)!.story.key).toBe('state.spawning');
    const shown = summaries[failed - 1]!;
    expect(toldAfter(recent, shown)!.story.key).toBe('hypervisor.spawnError');
    expect(toldAfter(recent, summaries[failed]!)!.story.key).toBe('rpc.buildInstances');
    // no turn since the hand-back: the last big step
    expect(toldAfter(recent, summaries[handBack]!)!.seq).toBe(spawning);
  });
});

describe('the label before the sentence', () => {
  const summaries = runScenario(loadScenarioFile('one-boot.json')).events.map((e) => summarize(e));
  const firstBig = summaries.findIndex((s) => s.story.milestone);

  it('playing, says a big step only when the sentence is one: not over the cloud starting up', () => {
    expect(firstBig).toBeGreaterThan(3);
    const early = told(summaries.slice(0, 3), true)!;
    expect(toldLabel(early, true)).toBe('story.playingNoBigStep');
    const later = told(summaries.slice(0, firstBig + 3), true)!;
    expect(later.story.milestone).toBe(true);
    expect(toldLabel(later, true)).toBe('story.playing');
    expect(toldLabel(early, false)).toBe('story.event');
  });
});

describe('told while playing, following one request’s big steps', () => {
  const summaries = runScenario(loadScenarioFile('ten-boots-three-hosts.json')).events.map((e) =>
    summarize(e),
  );
  // the boot requests, by their POSTs
  const requests = summaries
    .filter((s) => s.story.key === 'rest.createServer')
    .map((s) => s.request_id!);
  const [first, second] = [requests[0]!, requests[1]!];

  it('tells the last big step of that request, not a later one of another', () => {
    const big = (s: (typeof summaries)[number], id: string) =>
      s.story.milestone === true && s.request_id === id;
    // a window of recent events ending on a big step of the first request, the second's
    // last big step a little before it
    const end = summaries.findIndex(
      (s, i) =>
        big(s, first) && summaries.slice(Math.max(0, i - 100), i).some((p) => big(p, second)),
    );
    expect(end).toBeGreaterThan(0);
    const recent = summaries.slice(Math.max(0, end - 199), end + 1);
    expect(told(recent, true)!.request_id).toBe(first);
    const ofSecond = told(recent, true, second)!;
    expect(ofSecond.request_id).toBe(second);
    expect(ofSecond.story.milestone).toBe(true);
    expect(ofSecond.seq).toBeLessThan(end);
    // the turn after the sentence shown is the followed request's too
    const after = toldAfter(recent, recent[0]!, second)!;
    expect(after.request_id).toBe(second);
  });
});
