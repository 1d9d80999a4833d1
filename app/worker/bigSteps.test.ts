import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../engine/scenario';
import { firstBigStepIn, nextBigStep, previousBigStep } from './bigSteps';
import { Run } from './run';
import { storyOf } from './story';

const text = readFileSync(new URL('../../public/scenarios/one-boot.json', import.meta.url), 'utf8');

describe('big steps as cursors', () => {
  const whole = new Run('r', parseScenarioText(text), 42);
  whole.produce(Infinity);
  const cursors = whole.events.flatMap((e, seq) => (storyOf(e).milestone ? [seq + 1] : []));

  it('the run has a few, none at its very start', () => {
    expect(cursors.length).toBeGreaterThan(3);
    expect(cursors[0]).toBeGreaterThan(1);
  });

  it('walks forward through every one, making events as it goes, then says none', () => {
    const run = new Run('r', parseScenarioText(text), 42);
    const seen: number[] = [];
    for (let at: number | null = 0; ;) {
      at = nextBigStep(run, at, 50);
      if (at === null) break;
      seen.push(at);
    }
    expect(seen).toEqual(cursors);
    expect(run.complete).toBe(true);
  });

  it('walks back from the end to the run’s start, passing over the big step at the cursor', () => {
    const end = whole.events.length;
    expect(cursors).toContain(end); // the run ends on one: the server ACTIVE
    const seen: number[] = [];
    for (let at = whole.events.length; at > 0;) {
      at = previousBigStep(whole.events, at);
      seen.push(at);
    }
    expect(seen).toEqual(
      cursors
        .filter((c) => c < end)
        .reverse()
        .concat(0),
    );
  });

  it('finds the first big step played between two cursors, or none', () => {
    const [a, b] = [cursors[0]!, cursors[1]!];
    expect(firstBigStepIn(whole.events, 0, whole.events.length)).toBe(a);
    expect(firstBigStepIn(whole.events, a, whole.events.length)).toBe(b);
    expect(firstBigStepIn(whole.events, a, b - 1)).toBeNull();
  });
});

describe('big steps of one boot request', () => {
  const many = readFileSync(
    new URL('../../public/scenarios/host-down.json', import.meta.url),
    'utf8',
  );
  // host-down's one request, and a second one added later on another host
  const scenario = JSON.parse(many) as { requests: Record<string, unknown>[] };
  scenario.requests.push({ ...scenario.requests[0], at: 76_000, name: 'vm2' });
  const text2 = JSON.stringify(scenario);
  const whole = new Run('r', parseScenarioText(text2), 42);
  whole.produce(Infinity);
  const posts = whole.events.filter(
    (e) => e.type === 'rest' && e.from === 'client' && e.method === 'POST',
  );
  const second = posts[1]!.request_id!;

  it('goes through that request’s big steps and the cloud’s, not the other request’s', () => {
    const expected = whole.events.flatMap((e, seq) =>
      storyOf(e).milestone && (e.request_id === second || (!e.request_id && !e.instance))
        ? [seq + 1]
        : [],
    );
    // the cloud's own: host1 forced down, host2's nova-compute stopping
    expect(expected.filter((c) => !whole.events[c - 1]!.request_id).length).toBe(2);
    const run = new Run('r', parseScenarioText(text2), 42);
    const seen: number[] = [];
    for (let at: number | null = 0; ;) {
      at = nextBigStep(run, at, 50, second);
      if (at === null) break;
      seen.push(at);
    }
    expect(seen).toEqual(expected);
    // none of the first request's
    expect(seen.some((c) => whole.events[c - 1]!.request_id === posts[0]!.request_id)).toBe(false);
    const end = whole.events.length;
    expect(previousBigStep(whole.events, end + 1, second)).toBe(expected[expected.length - 1]);
    expect(firstBigStepIn(whole.events, expected[2]!, end, second)).toBe(expected[3]);
  });
});
