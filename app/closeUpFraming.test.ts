import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
import { closeUpBoxes } from './ui/diagram/closeUp';
import { summarize } from './worker/summary';

// The close-up (ui/diagram/closeUp.ts) frames what the worker's summaries say of an event.

describe("the boxes the diagram's close-up frames", () => {
  it('frames a message sent to the broker with the process it is bound for', () => {
    const summaries = runScenario(loadScenarioFile('one-boot.json')).events.map((e) =>
      summarize(e),
    );
    const upTo = (test: (s: (typeof summaries)[number]) => boolean) =>
      summaries.slice(0, summaries.findIndex(test) + 1);
    // nova-api's cast is about nova-conductor, which is off the broker's other side
    const cast = upTo((s) => s.what.startsWith('cast schedule_and_build_instances (send'));
    expect(closeUpBoxes(cast)).toEqual(['nova-api', 'rabbitmq', 'nova-conductor']);
    const build = upTo((s) => s.what.startsWith('cast build_and_run_instance (send'));
    expect(closeUpBoxes(build)).toEqual(['nova-conductor', 'rabbitmq', 'nova-compute@compute']);
    // "nova-compute has the build": a state saved through nova-conductor, with no host yet
    const state = upTo((s) => s.type === 'state' && s.from === null);
    expect(closeUpBoxes(state)).toEqual(['nova-compute@compute']);
    expect(closeUpBoxes([state.at(-1)!])).toEqual([]);
    expect(closeUpBoxes([])).toEqual([]);
  });

  it('frames the event it is given among the recent ones: playing, the big step told', () => {
    const summaries = runScenario(loadScenarioFile('one-boot.json')).events.map((e) =>
      summarize(e),
    );
    const state = summaries.findIndex((s) => s.type === 'state' && s.from === null);
    const recent = summaries.slice(0, state + 3);
    expect(closeUpBoxes(recent, recent[state])).toEqual(['nova-compute@compute']);
    expect(closeUpBoxes(recent)).toEqual(closeUpBoxes(recent, recent.at(-1)));
  });
});
