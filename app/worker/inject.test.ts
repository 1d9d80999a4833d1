import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../engine/scenario';
import { toJsonLine } from '../engine/traceRecord';
import type { UserAction } from '../protocol/messages';
import { controllerHarness as harness } from './controllerHarness';
import { branchInjections, checkInjections, injectionTime, toInjection } from './inject';
import { Run } from './run';

const text = (f: string) =>
  readFileSync(new URL(`../../public/scenarios/${f}`, import.meta.url), 'utf8');
const oneBoot = text('one-boot.json');
const scenario = parseScenarioText(oneBoot);
const IMG = scenario.cloud.images[0]!.id;
const launch = (name: string): Extract<UserAction, { kind: 'launch' }> => ({
  kind: 'launch',
  name,
  flavorRef: '1',
  imageRef: IMG,
  count: 1,
  networks: 'none',
});

function finished(injections: Parameters<typeof branchInjections>[0] = []) {
  const run = new Run('r', scenario, scenario.seed, injections);
  run.produce(Infinity);
  run.moveTo(run.events.length);
  return run;
}

const vmState = (run: Run, name: string) =>
  [...run.fold.state.instances.values()].find((i) => i.name === name)?.vm_state;

describe('injections', () => {
  it('a launch keeps the trace before it byte-identical and ends ACTIVE', () => {
    const plain = finished();
    const cut = 60;
    const at = injectionTime(plain.events[cut - 1]!.t, 0);
    const run = finished([toInjection(launch('web-1'), at, scenario)]);
    for (let i = 0; i < cut; i++)
      expect(toJsonLine(run.events[i]!)).toBe(toJsonLine(plain.events[i]!));
    expect(run.events.length).toBeGreaterThan(plain.events.length);
    expect(vmState(run, 'vm1')).toBe('active');
    expect(vmState(run, 'web-1')).toBe('active');
    // and it is deterministic
    const again = finished(run.injections);
    expect(again.hashes.at(again.events.length)).toBe(run.hashes.at(run.events.length));
  });

  it('stopping the only compute service, then a launch, leaves the new server building', () => {
    const plain = finished();
    const at = injectionTime(plain.t, plain.t);
    const stop = toInjection({ kind: 'stop-compute', host: 'compute' }, at, scenario);
    const run = finished(branchInjections([stop], toInjection(launch('stuck'), at, scenario)));
    expect(vmState(run, 'stuck')).toBe('building');
    expect(run.events.some((e) => e.type === 'service' && e.op === 'stop')).toBe(true);
  });

  it('a launch sent 70 s after a compute service stops finds that host down: ComputeFilter turns it away', () => {
    const three = parseScenarioText(text('reschedule.json'));
    const run0 = new Run('r', three, three.seed, []);
    run0.produce(Infinity);
    const at = injectionTime(run0.events.at(-1)!.t, 0);
    const stop = toInjection({ kind: 'stop-compute', host: 'host1' }, at, three);
    const late = toInjection({ ...launch('late'), afterSeconds: 70 }, at, three);
    expect(late).toMatchObject({ kind: 'boot', at, after: 70_000 });
    // kept as it is through storage and share links
    expect(checkInjections(JSON.parse(JSON.stringify([stop, late])), three)).toEqual([stop, late]);
    const run = new Run('r', three, three.seed, branchInjections([stop], late));
    run.produce(Infinity);
    run.moveTo(run.events.length);
    const post = run.events.find(
      (e) =>
        e.type === 'rest' &&
        e.from === 'client' &&
        e.method === 'POST' &&
        (e.body as { server: { name: string } }).server.name === 'late',
    )!;
    expect(post.t).toBeGreaterThanOrEqual(at + 70_000);
    const decision = run.events.find(
      (e) => e.type === 'schedule' && e.request_id === post.request_id,
    ) as Extract<(typeof run.events)[number], { type: 'schedule' }>;
    const compute = decision.filters.find((f) => f.name === 'ComputeFilter')!;
    expect(compute.rejected.map((r) => r.host)).toEqual(['host1']);
    expect(decision.chosen).not.toBe('host1');
    expect(vmState(run, 'late')).toBe('active');
    // a wait is a whole number of seconds up to ten minutes
    expect(() => toInjection({ ...launch('x'), afterSeconds: 601 }, at, three)).toThrow(/0 to 600/);
    expect(() => toInjection({ ...launch('x'), afterSeconds: 1.5 }, at, three)).toThrow(
      /whole number of seconds/,
    );
  });

  it('refuses to stop a stopped nova-compute again, or to fail a spawn there, naming since when', () => {
    const three = parseScenarioText(text('reschedule.json'));
    const stop = toInjection({ kind: 'stop-compute', host: 'host1' }, 5, three);
    expect(() => toInjection({ kind: 'stop-compute', host: 'host1' }, 5, three, [stop])).toThrow(
      'nova-compute on host1 is already stopped (since 0.005 s)',
    );
    expect(() => toInjection({ kind: 'spawn-fails', host: 'host1' }, 9, three, [stop])).toThrow(
      /host1 is stopped \(since 0\.005 s\): no spawn will happen there to fail/,
    );
    // another host, or a time before the stop, is fine
    expect(toInjection({ kind: 'stop-compute', host: 'host2' }, 9, three, [stop])).toMatchObject({
      fault: { kind: 'service-down', host: 'host2' },
    });
    expect(toInjection({ kind: 'spawn-fails', host: 'host1' }, 4, three, [stop])).toMatchObject({
      fault: { kind: 'spawn-fails', host: 'host1' },
    });
    // the scenario's own stop counts too (host-down stops host2 at 1 s)
    const hostDown = parseScenarioText(text('host-down.json'));
    expect(() => toInjection({ kind: 'stop-compute', host: 'host2' }, 2000, hostDown, [])).toThrow(
      /host2 is already stopped \(since 1 s\)/,
    );
    // a saved run or a share link made before this rule is taken as it was made
    const saved = [
      { kind: 'fault', at: 2000, fault: { kind: 'service-down', host: 'host2', at: 2000 } },
    ];
    expect(checkInjections(saved, hostDown)).toEqual(saved);
  });

  it('checks actions against the scenario and drops later injections on a new branch', () => {
    expect(() => toInjection({ kind: 'stop-compute', host: 'nope' }, 5, scenario)).toThrow(
      /no host named "nope"/,
    );
    expect(() => toInjection({ ...launch(''), name: '  ' }, 5, scenario)).toThrow(
      /1 to 255 characters/,
    );
    expect(() => toInjection({ ...launch('x'), flavorRef: '9' }, 5, scenario)).toThrow(
      /no flavor "9"/,
    );
    expect(() => toInjection({ kind: 'broker-down', seconds: 0 }, 5, scenario)).toThrow(
      /1 to 600 seconds/,
    );
    const a = toInjection(launch('a'), 10, scenario);
    const b = toInjection(launch('b'), 20, scenario);
    const c = toInjection(launch('c'), 15, scenario);
    expect(branchInjections([a, b], c).map((i) => i.at)).toEqual([10, 15]);
    expect(toInjection({ kind: 'drop-message', topic: 'scheduler' }, 7, scenario)).toEqual({
      kind: 'fault',
      at: 7,
      fault: { kind: 'message-drop', topic: 'scheduler', times: 1, at: 7 },
    });
  });
});

describe('the controller with injections', () => {
  it('injects at the cursor, keeps step-back exact, and lists the injection', () => {
    const h = harness();
    const loaded = h.send({ type: 'load', scenarioText: oneBoot });
    expect(loaded[0]).toMatchObject({
      flavors: [{ id: '1', name: 'm1.tiny' }],
      images: [{ id: IMG, name: 'cirros' }],
    });
    h.send({ type: 'step', n: 50 });
    const before = h.status();
    h.send({ type: 'inject', action: launch('web-1') });
    const after = h.status();
    expect(after).toMatchObject({ runId: before.runId, seq: 50, traceHash: before.traceHash });
    expect(after.injections).toHaveLength(1);
    expect(after.injections![0]).toMatchObject({ kind: 'boot', at: Math.floor(before.clock) + 1 });
    h.send({ type: 'step', n: 100 });
    const later = h.status();
    h.send({ type: 'stepBack', n: 100 });
    expect(h.status()).toMatchObject({ seq: 50, traceHash: before.traceHash });
    h.send({ type: 'seek', seq: 150 });
    expect(h.status().traceHash).toBe(later.traceHash);

    // The same scenario + injections (a share link) gives the same trace.
    const other = harness();
    other.send({ type: 'load', scenarioText: oneBoot, injections: after.injections! });
    other.send({ type: 'seek', seq: 150 });
    expect(other.status().traceHash).toBe(later.traceHash);
  });

  it('refuses a bad action with a message and leaves the run as it was', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'step', n: 5 });
    const before = h.status();
    const answer = h.send({ type: 'inject', action: { kind: 'spawn-fails', host: 'ghost' } });
    expect(answer[0]).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/no host named "ghost"/),
    });
    h.send({ type: 'step', n: 0 });
    expect(h.status()).toMatchObject({ seq: 5, traceHash: before.traceHash });
  });
});

describe('taking an action back', () => {
  it('replays the run without it: the same trace as never doing it, the cursor kept before it', () => {
    const plain = harness();
    plain.send({ type: 'load', scenarioText: oneBoot });
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'step', n: 40 });
    h.send({ type: 'inject', action: { kind: 'spawn-fails', host: 'compute' } });
    const injected = h.status().injections!;
    expect(injected).toHaveLength(1);
    const at = injected[0]!.at;
    h.send({ type: 'step', n: 60 });
    // a list that changed meanwhile (another time) is refused
    expect(h.send({ type: 'uninject', index: 0, at: at + 1 })[0]).toMatchObject({ type: 'error' });
    h.send({ type: 'uninject', index: 0, at });
    const s = h.status();
    expect(s.injections).toEqual([]);
    // the play clock came back with the cursor
    expect(s.clock).toBe(s.t);
    // the cursor went back to the first event at or after the action's time
    plain.send({ type: 'seek', seq: s.seq });
    expect(s.traceHash).toBe(plain.status().traceHash);
    expect(s.seq).toBeLessThan(100);
    expect(s.seq).toBeGreaterThanOrEqual(40);
    // and on to the end it is the run without the fault: the server goes ACTIVE
    h.send({ type: 'seek', seq: 100_000 });
    plain.send({ type: 'seek', seq: 100_000 });
    expect(h.status().traceHash).toBe(plain.status().traceHash);
    expect(at).toBeGreaterThan(0);
  });

  it('refuses an action number the run does not have', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    const answer = h.send({ type: 'uninject', index: 3, at: 0 });
    expect(answer[0]).toMatchObject({
      type: 'error',
      message: 'no action number 3 at 0 ms in this run',
    });
  });
});
