import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine';
import { parseScenario } from './scenario';
import { loadScenarioFile } from './testing';
import type { TraceEvent } from './trace';
import { toJsonLine } from './traceRecord';

function traceText(file: string, seed?: number): string {
  const lines: string[] = [];
  const engine = createEngine(parseScenario(loadScenarioFile(file)), {
    sink: (e) => lines.push(toJsonLine(e)),
    ...(seed !== undefined ? { seed } : {}),
  });
  engine.run();
  return lines.join('\n');
}

describe('determinism', () => {
  it.each(['one-boot.json', 'reschedule.json', 'ten-boots-three-hosts.json', 'broker-outage.json'])(
    '%s: two runs give identical bytes',
    (file) => {
      const a = traceText(file);
      expect(a.length).toBeGreaterThan(1000);
      expect(traceText(file)).toBe(a);
    },
  );

  it.each(
    readdirSync(new URL('../../public/scenarios/', import.meta.url)).filter(
      (f) => f !== 'index.json',
    ),
  )(
    '%s: an event never changes once emitted (no body shares a live object of the cloud)',
    (file) => {
      const atEmit: string[] = [];
      const events: TraceEvent[] = [];
      createEngine(parseScenario(loadScenarioFile(file)), {
        sink: (e) => {
          atEmit.push(toJsonLine(e));
          events.push(e);
        },
      }).run(200_000);
      const changed = events.findIndex((e, i) => toJsonLine(e) !== atEmit[i]);
      expect(changed === -1 ? null : atEmit[changed]).toBeNull();
    },
  );

  it('another seed gives another trace', () => {
    expect(traceText('one-boot.json', 1)).not.toBe(traceText('one-boot.json', 2));
  });

  it('stepping one action at a time gives the same trace as running straight through', () => {
    const scenario = parseScenario(loadScenarioFile('reschedule.json'));
    const a: string[] = [];
    const b: string[] = [];
    createEngine(scenario, { sink: (e) => a.push(toJsonLine(e)) }).run();
    const stepped = createEngine(scenario, { sink: (e) => b.push(toJsonLine(e)) });
    while (stepped.step()) {
      /* one kernel action at a time */
    }
    expect(b).toEqual(a);
  });

  it('seq counts up from 0 and t never goes back', () => {
    const events = traceText('ten-boots-three-hosts.json')
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; t: number });
    events.forEach((e, i) => expect(e.seq).toBe(i));
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.t).toBeGreaterThanOrEqual(events[i - 1]!.t);
  });
});
