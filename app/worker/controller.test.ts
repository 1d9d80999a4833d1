import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../protocol/messages';
import { controllerHarness as harness } from './controllerHarness';

const oneBoot = readFileSync(
  new URL('../../public/scenarios/one-boot.json', import.meta.url),
  'utf8',
);


describe('worker controller', () => {
  it('announces itself, loads, and acknowledges every command with a status', () => {
    const h = harness();
    expect(h.posted[0]).toEqual({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    const answers = h.send({ type: 'load', scenarioText: oneBoot, source: 'one-boot.json' });
    expect(answers.map((m) => m.type)).toEqual(['loaded', 'status']);
    expect(answers[0]).toMatchObject({
      name: 'one boot',
      seed: 42,
      hostNames: ['compute'],
      source: 'one-boot.json',
    });
    expect(h.send({ type: 'step', n: 3 }).map((m) => m.type)).toEqual(['status']);
    expect(h.status()).toMatchObject({ seq: 3, playing: false });
  });

  it('step back gives back the same hash; seek too', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'step', n: 20 });
    const a = h.status();
    h.send({ type: 'step', n: 7 });
    expect(h.status().traceHash).not.toBe(a.traceHash);
    h.send({ type: 'stepBack', n: 7 });
    expect(h.status()).toMatchObject({ seq: 20, traceHash: a.traceHash, t: a.t });
    h.send({ type: 'seek', seq: 0 });
    h.send({ type: 'seek', seq: 20 });
    expect(h.status().traceHash).toBe(a.traceHash);
  });

  it('a bad scenario is an error naming the field, and the old run stays', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'step', n: 5 });
    const before = h.status();
    const bad = JSON.stringify({ ...JSON.parse(oneBoot), colour: 'red' });
    const answers = h.send({ type: 'load', scenarioText: bad });
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ type: 'error' });
    expect((answers[0] as { message: string }).message).toContain('"colour"');
    h.send({ type: 'step', n: 1 });
    expect(h.status()).toMatchObject({ runId: before.runId, seq: 6 });
  });

  it('plays virtual time at speed × wall time and sends at most one update per frame', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'setSpeed', x: 0.5 });
    h.send({ type: 'play' });
    const before = h.posted.length;
    h.advance(400);
    const s = h.status();
    expect(s.playing).toBe(true);
    expect(s.clock).toBeGreaterThanOrEqual(190);
    expect(s.clock).toBeLessThanOrEqual(210);
    expect(s.t).toBeLessThanOrEqual(s.clock);
    const statuses = h.posted.slice(before).filter((m) => m.type === 'status').length;
    expect(statuses).toBeLessThanOrEqual(Math.ceil(400 / 16) + 1);
    h.send({ type: 'pause' });
    const paused = h.status().seq;
    h.advance(1000);
    expect(h.status().seq).toBe(paused);
  });

  it("plays to the end at 'max' and stops there", () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'setSpeed', x: 'max' });
    h.send({ type: 'play' });
    h.advance(5000);
    const s = h.status();
    expect(s).toMatchObject({ playing: false, done: true, complete: true });
    expect(s.seq).toBe(s.eventCount);
    const trace = h.send({ type: 'exportTrace' })[0];
    expect(trace?.type).toBe('trace');
    expect((trace as { jsonl: string }).jsonl.split('\n').length - 1).toBe(s.eventCount);
  });

  it('never sends RPC payloads to the UI', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'step', n: 100 });
    const text = JSON.stringify(h.posted.filter((m) => m.type === 'events'));
    expect(text).not.toContain('oslo.message');
    expect(text).not.toContain('"payload"');
  });
});
