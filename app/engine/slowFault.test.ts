import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './testing';
import type { TraceEvent } from './trace';

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const withFaults = (faults: unknown[]) => {
  const s = structuredClone(loadScenarioFile('ten-boots-three-hosts.json')) as Mutable;
  s.faults = faults;
  return s;
};

/** virtual ms from each spawn's start to its end */
const spawnTimes = (events: TraceEvent[]) => {
  const started = new Map<string, number>();
  const took: number[] = [];
  for (const e of events) {
    if (e.type !== 'hypervisor' || !e.instance) continue;
    if (e.phase === 'start') started.set(e.instance, e.t);
    else took.push(e.t - started.get(e.instance)!);
  }
  return took;
};

describe('a slow fault', () => {
  it('on hypervisor, with no host named, slows every host’s spawn', () => {
    const plain = spawnTimes(runScenario(withFaults([])).events);
    const slowed = spawnTimes(
      runScenario(withFaults([{ kind: 'slow', process: 'hypervisor', factor: 5 }])).events,
    );
    expect(slowed).toHaveLength(plain.length);
    // the spawn takes 4 s ± 20 %: five times that is beyond any unslowed one
    expect(Math.min(...slowed)).toBeGreaterThan(Math.max(...plain) * 3);
  });

  it("on a host's own process outranks the one on every host", () => {
    const { events } = runScenario(
      withFaults([
        { kind: 'slow', process: 'hypervisor', factor: 5 },
        { kind: 'slow', process: 'hypervisor@host1', factor: 1 },
      ]),
    );
    const byHost = new Map<string, number[]>();
    const started = new Map<string, number>();
    for (const e of events) {
      if (e.type !== 'hypervisor' || !e.instance) continue;
      if (e.phase === 'start') started.set(e.instance, e.t);
      else byHost.set(e.host, [...(byHost.get(e.host) ?? []), e.t - started.get(e.instance)!]);
    }
    expect(Math.max(...byHost.get('host1')!)).toBeLessThan(5000);
    expect(Math.min(...byHost.get('host2')!)).toBeGreaterThan(12000);
  });

  it('on rabbitmq makes every message take longer through the broker', () => {
    const { events } = runScenario(withFaults([{ kind: 'slow', process: 'rabbitmq', factor: 3 }]));
    const legs = events.flatMap((e) =>
      e.type === 'rpc' && e.phase !== 'reply' ? [e.arrive_t - e.t] : [],
    );
    expect(legs.length).toBeGreaterThan(0);
    expect(new Set(legs)).toEqual(new Set([36]));
  });
});
