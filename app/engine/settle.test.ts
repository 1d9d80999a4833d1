import { describe, expect, it } from 'vitest';
import { summarize } from './summary';
import { loadScenarioFile, runScenario } from './testing';

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const oneBoot = (change: (s: Mutable) => void) => {
  const s = structuredClone(loadScenarioFile('one-boot.json')) as Mutable;
  change(s);
  return s;
};

describe('when a run gives up on its builds', () => {
  it('waits for a spawn the scenario made longer than ten minutes', () => {
    const { events, engine } = runScenario(oneBoot((s) => (s.config = { spawn_seconds: 900 })));
    expect(engine.gaveUp).toBe(false);
    expect(summarize(events).requests).toMatchObject([{ status: 'ACTIVE', finished: true }]);
  });

  it('waits from the end of a broker outage, not from the last request', () => {
    const { events, engine } = runScenario(
      oneBoot((s) => (s.faults = [{ kind: 'broker-down', at: 100, for: 700_000 }])),
    );
    expect(engine.gaveUp).toBe(false);
    expect(summarize(events).requests).toMatchObject([{ status: 'ACTIVE', finished: true }]);
  });

  it('gives up on a build whose message was lost, and says so', () => {
    const { events, engine } = runScenario(
      oneBoot(
        (s) => (s.faults = [{ kind: 'message-drop', method: 'build_and_run_instance', times: 1 }]),
      ),
    );
    expect(engine.gaveUp).toBe(true);
    expect(summarize(events).requests).toMatchObject([{ status: 'BUILD', finished: false }]);
  });
});

describe('the summary of a run cut short', () => {
  it('lists a request whose POST was not answered yet, and one accepted but not polled', () => {
    const { events } = runScenario(loadScenarioFile('one-boot.json'));
    const post = events.findIndex(
      (e) => e.type === 'rest' && e.from === 'client' && e.method === 'POST',
    );
    const accepted = events.findIndex(
      (e) => e.type === 'rest' && e.to === 'client' && e.method === 'POST',
    );
    expect(summarize(events.slice(0, post + 1)).requests).toEqual([
      { name: 'vm1', status: 'NO ANSWER', instance: null, finished: false },
    ]);
    expect(summarize(events.slice(0, accepted + 1)).requests).toMatchObject([
      { name: 'vm1', status: 'BUILD', finished: false },
    ]);
  });
});
