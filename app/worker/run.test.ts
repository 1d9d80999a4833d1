import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../engine/scenario';
import { Run } from './run';

const text = readFileSync(
  new URL('../../public/scenarios/reschedule.json', import.meta.url),
  'utf8',
);

describe('Run.exportParts', () => {
  const run = new Run('r', parseScenarioText(text), 42);
  run.produce(Infinity);
  const decode = (parts: Uint8Array[]) => parts.map((p) => new TextDecoder().decode(p)).join('');

  it('cuts a long trace into parts of whole lines that make up the same text', () => {
    const whole = decode(run.exportParts());
    expect(whole.split('\n')).toHaveLength(run.events.length + 1);
    const parts = run.exportParts(2_000);
    expect(parts.length).toBeGreaterThan(10);
    for (const p of parts) expect(new TextDecoder().decode(p).endsWith('\n')).toBe(true);
    expect(decode(parts)).toBe(whole);
  });
});

describe('Run.firstRequestSeq', () => {
  it('is the client’s POST, the events before it starting the cloud', () => {
    const run = new Run('r', parseScenarioText(text), 42);
    const first = run.firstRequestSeq()!;
    expect(run.events[first]).toMatchObject({ type: 'rest', from: 'client', method: 'POST' });
    for (const ev of run.events.slice(0, first)) expect(ev.request_id ?? null).toBeNull();
  });

  it('is null when no request comes within the events it looks at', () => {
    const run = new Run('r', parseScenarioText(text), 42);
    expect(run.firstRequestSeq(5)).toBeNull();
  });
});

describe('Run at its trace limit', () => {
  it('stops there, complete and capped while the engine had more to do; a finished run is not capped', () => {
    const cut = new Run('r', parseScenarioText(text), 42);
    cut.maxEvents = 50;
    cut.produce(Infinity);
    expect(cut.events).toHaveLength(50);
    expect(cut.complete).toBe(true);
    expect(cut.capped).toBe(true);
    const whole = new Run('r', parseScenarioText(text), 42);
    whole.produce(Infinity);
    expect(whole.events.length).toBeGreaterThan(50);
    expect(whole).toMatchObject({ complete: true, capped: false });
  });
});

describe('Run that gives up', () => {
  it('says so when builds that nothing would end are left, and not when every boot ended', () => {
    const lost = JSON.parse(text) as Record<string, unknown>;
    lost.faults = [{ kind: 'message-drop', method: 'build_and_run_instance', times: 1 }];
    const stuck = new Run('r', parseScenarioText(JSON.stringify(lost)), 42);
    stuck.produce(Infinity);
    expect(stuck).toMatchObject({ complete: true, capped: false, gaveUp: true });
    const whole = new Run('r', parseScenarioText(text), 42);
    whole.produce(Infinity);
    expect(whole).toMatchObject({ complete: true, gaveUp: false });
  });
});
