import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './testing';
import type { RestEvent, TraceEvent } from './trace';
import { toJsonLine, toRecord } from './traceRecord';

const scenarios = readdirSync(fileURLToPath(new URL('../../public/scenarios/', import.meta.url)))
  .filter((f) => f.endsWith('.json') && f !== 'index.json' && !f.startsWith('cloud-'))
  .sort();

describe('toJsonLine', () => {
  it.each(scenarios)('%s: every line is its record, seq and t first', (file) => {
    const { events } = runScenario(loadScenarioFile(file));
    const types = new Set<string>();
    for (const ev of events) {
      const line = toJsonLine(ev);
      expect(line).toBe(JSON.stringify(toRecord(ev)));
      expect(Object.keys(JSON.parse(line) as object).slice(0, 3)).toEqual(['seq', 't', 'type']);
      types.add(ev.type);
    }
    expect(types.has('rest')).toBe(true);
  });

  it('puts seq and t first whatever order the event holds them in', () => {
    const made = { seq: 3, t: 7, type: 'client', request_id: null, instance: null } as unknown;
    const stamped = { type: 'client', request_id: null, instance: null, seq: 3, t: 7 } as unknown;
    const bare = { seq: 0, t: 0 } as unknown;
    const expected = '{"seq":3,"t":7,"type":"client","request_id":null,"instance":null}';
    expect(toJsonLine(made as TraceEvent)).toBe(expected);
    expect(toJsonLine(stamped as TraceEvent)).toBe(expected);
    expect(toJsonLine({ ...(bare as object), x: { seq: 1, t: 2 } } as unknown as TraceEvent)).toBe(
      '{"seq":0,"t":0,"x":{"seq":1,"t":2}}',
    );
  });

  it("leaves out a REST event's headers and body when it has none, and keeps their place when it has", () => {
    const { events } = runScenario(loadScenarioFile('one-boot.json'));
    const rest = events.filter((e): e is RestEvent => e.type === 'rest');
    const keys = (e: RestEvent) => Object.keys(JSON.parse(toJsonLine(e)) as object);
    const poll = rest.find((e) => e.phase === 'request' && e.path.startsWith('/v2.1/servers/'))!;
    expect(keys(poll)).not.toContain('body');
    expect(keys(poll)).not.toContain('headers');
    // placement's candidates go to the scheduler but not into the trace
    const candidates = rest.find(
      (e) => e.phase === 'response' && e.path.startsWith('/allocation_candidates'),
    )!;
    expect(keys(candidates)).not.toContain('body');
    const post = rest.find((e) => e.phase === 'request' && e.method === 'POST')!;
    expect(keys(post).slice(-2)).toEqual(['headers', 'body']);
  });
});
