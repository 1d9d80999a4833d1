import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/engine';
import { parseScenarioText } from '../engine/scenario';
import { toJsonLine } from '../engine/traceRecord';
import type { RpcEvent, TraceEvent } from '../engine/trace';
import {
  PROTOCOL_VERSION,
  SEEK_END,
  type StatusMessage,
  type WorkerToUi,
} from '../protocol/messages';
import { RECENT_EVENTS } from './eventFeed';
import { controllerHarness as harness } from './controllerHarness';
import { FNV_OFFSET, fnv64OracleHex, fnv64OracleStep } from './fnvOracle';
import { storyOf } from './story';

const oneBoot = readFileSync(
  new URL('../../public/scenarios/one-boot.json', import.meta.url),
  'utf8',
);

/** The text of a `trace` answer's UTF-8 parts. */
const jsonlOf = (m: WorkerToUi | undefined) =>
  m?.type === 'trace' ? m.parts.map((p) => new TextDecoder().decode(p)).join('') : '';

const tenBoots = readFileSync(
  new URL('../../public/scenarios/ten-boots-three-hosts.json', import.meta.url),
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

  it('a seek to SEEK_END goes to the last event of the run, computing the rest first', () => {
    const h = harness();
    const hundred = readFileSync(
      new URL('../../public/scenarios/cloud-100-hosts-300-boots.json', import.meta.url),
      'utf8',
    );
    h.send({ type: 'load', scenarioText: hundred });
    let total = 0;
    createEngine(parseScenarioText(hundred), { sink: () => void total++ }).run();
    expect(h.status().eventCount, 'not computed yet at load').toBeLessThan(total);
    h.send({ type: 'seek', seq: SEEK_END });
    expect(h.status()).toMatchObject({ seq: total, eventCount: total, done: true });
  });

  it('refuses a breakpoint on a process the run does not have, from a script as from the form', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    const refused = h.send({
      type: 'setBreakpoints',
      breakpoints: [{ process: 'nova-compute@host9' }],
    });
    expect(refused.find((m) => m.type === 'error')).toMatchObject({
      message: expect.stringContaining(
        'breakpoints[0].process: this run has no process "nova-compute@host9"',
      ),
    });
    // the run's own, a pattern, a host's own name and a publisher are all taken
    const taken = h.send({
      type: 'setBreakpoints',
      breakpoints: [
        { process: 'nova-compute@compute' },
        { process: 'nova-compute@*' },
        { process: 'compute' },
        { process: 'nova-compute:compute' },
      ],
    });
    expect(taken.find((m) => m.type === 'error')).toBeUndefined();
    // set again from this browser's storage, it is for other runs, not a typo: kept
    const saved = h.send({
      type: 'setBreakpoints',
      breakpoints: [{ process: 'nova-compute@host9' }, { method: 'select_destinations' }],
      saved: true,
    });
    expect(saved.find((m) => m.type === 'error')).toBeUndefined();
    h.send({ type: 'play' });
    h.advance(60_000);
    expect(h.status().breakpointHit?.index, 'the other one stops play').toBe(1);
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

  it('sends the page only what changed: events appended, cut, or anew; instance rows by change', () => {
    const h = harness();
    // everything a command made the controller post (the events have no ack)
    const send = (cmd: Parameters<typeof h.send>[0]) => {
      const from = h.posted.length;
      h.send(cmd);
      return h.posted.slice(from);
    };
    const events = (answers: WorkerToUi[]) =>
      answers.find((m): m is Extract<WorkerToUi, { type: 'events' }> => m.type === 'events');
    const statusOf = (answers: WorkerToUi[]) =>
      answers.find((m): m is StatusMessage => m.type === 'status')!;
    const load = send({ type: 'load', scenarioText: oneBoot });
    expect(statusOf(load).instances).toEqual([]);
    const first = send({ type: 'step', n: 40 });
    expect(events(first)).toMatchObject({ reset: false });
    expect(events(first)!.events.map((e) => e.seq)).toEqual([...Array(40).keys()]);
    const created = statusOf(first).instancesChanged;
    expect(created?.map((r) => r.vm_state)).toEqual(['building']);
    // nothing new about the instance: no rows in the status
    const later = send({ type: 'step', n: 2 });
    expect(events(later)!.events.map((e) => e.seq)).toEqual([40, 41]);
    expect(statusOf(later).instancesChanged).toBeUndefined();
    // a short step back cuts the page's list, it resends nothing
    expect(events(send({ type: 'stepBack', n: 5 }))).toEqual({
      type: 'events',
      reset: false,
      events: [],
      before: 37,
    });
    const back = send({ type: 'seek', seq: 0 });
    expect(events(back)).toMatchObject({ reset: false, before: 0 });
    expect(statusOf(back).instancesRemoved).toEqual([created![0]!.uuid]);
    const end = send({ type: 'seek', seq: SEEK_END });
    expect(events(end)!.events).toHaveLength(h.status().seq);
    expect(statusOf(end).instancesChanged?.map((r) => r.vm_state)).toEqual(['active']);
    // a jump further than the page keeps sends the last RECENT_EVENTS anew
    send({ type: 'load', scenarioText: tenBoots });
    const far = events(send({ type: 'seek', seq: 900 }))!;
    expect(far.reset).toBe(true);
    expect(far.events.map((e) => e.seq)).toEqual(
      [...Array(RECENT_EVENTS).keys()].map((i) => 700 + i),
    );
  });

  it('stepping back a long way, one event at a time, the page always holds the events before the cursor', () => {
    const h = harness();
    // the page's list, kept as the store keeps it (runSlice.ts)
    let held: number[] = [];
    const apply = (from: number) => {
      for (const m of h.posted.slice(from))
        if (m.type === 'events') {
          const kept = m.before === undefined ? held : held.filter((s) => s < m.before!);
          held = [...(m.reset ? [] : kept), ...m.events.map((e) => e.seq)].slice(-RECENT_EVENTS);
        }
    };
    h.send({ type: 'load', scenarioText: tenBoots });
    let mark = h.posted.length;
    h.send({ type: 'seek', seq: 600 });
    apply(mark);
    for (let seq = 599; seq >= 1; seq--) {
      mark = h.posted.length;
      h.send({ type: 'stepBack', n: 1 });
      apply(mark);
      expect(held.at(-1), `at ${seq}`).toBe(seq - 1);
      expect(held.length, `at ${seq}`).toBeGreaterThanOrEqual(Math.min(seq, 12));
      expect(held.every((s, i) => i === 0 || s === held[i - 1]! + 1)).toBe(true);
    }
  });

  it("steps through one boot request's events, over the other requests', forward and back", () => {
    const tenBoots = readFileSync(
      new URL('../../public/scenarios/ten-boots-three-hosts.json', import.meta.url),
      'utf8',
    );
    const events: { seq: number; request_id?: string | null }[] = [];
    createEngine(parseScenarioText(tenBoots), { sink: (e) => events.push(e) }).run();
    // the boot requests, in the order they begin
    const ids = [...new Set(events.flatMap((e) => (e.request_id ? [e.request_id] : [])))];
    expect(ids.length).toBeGreaterThan(2);
    const second = ids[1]!;
    const own = events.filter((e) => e.request_id === second).map((e) => e.seq);
    // the requests interleave: stepping one event at a time would cross the others'
    expect(own.at(-1)! - own[0]! + 1).toBeGreaterThan(own.length);

    const h = harness();
    h.send({ type: 'load', scenarioText: tenBoots });
    const visited: number[] = [];
    for (let i = 0; i < own.length; i++) {
      h.send({ type: 'stepRequest', request_id: second, dir: 1 });
      visited.push(h.status().seq - 1);
    }
    expect(visited).toEqual(own);
    // past its last event it stays put
    h.send({ type: 'stepRequest', request_id: second, dir: 1 });
    expect(h.status().seq - 1).toBe(own.at(-1));
    const back: number[] = [];
    for (let i = 1; i < own.length; i++) {
      h.send({ type: 'stepRequest', request_id: second, dir: -1 });
      back.push(h.status().seq - 1);
    }
    expect(back).toEqual(own.slice(0, -1).reverse());
    h.send({ type: 'stepRequest', request_id: second, dir: -1 });
    expect(h.status().seq - 1).toBe(own[0]);
    // no id: the request the timeline shows, the first one until another is picked
    h.send({ type: 'seek', seq: 0 });
    h.send({ type: 'stepRequest', request_id: null, dir: 1 });
    expect(events[h.status().seq - 1]!.request_id).toBe(ids[0]);
  });

  it('goes from big step to big step of the story, forward and back, over the small ones', () => {
    const events: TraceEvent[] = [];
    createEngine(parseScenarioText(oneBoot), { sink: (e) => events.push(e) }).run();
    const big = events.filter((e) => storyOf(e).milestone).map((e) => e.seq);
    expect(big.length).toBeGreaterThan(10);
    expect(big.length).toBeLessThan(events.length / 3);

    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    const visited: number[] = [];
    for (let i = 0; i < big.length; i++) {
      h.send({ type: 'stepMilestone', dir: 1 });
      visited.push(h.status().seq - 1);
    }
    expect(visited).toEqual(big);
    h.send({ type: 'stepMilestone', dir: 1 });
    expect(h.status().seq - 1).toBe(big.at(-1));
    const back: number[] = [];
    for (let i = 1; i < big.length; i++) {
      h.send({ type: 'stepMilestone', dir: -1 });
      back.push(h.status().seq - 1);
    }
    expect(back).toEqual(big.slice(0, -1).reverse());
    // before the first big step, back is the start of the run
    h.send({ type: 'stepMilestone', dir: -1 });
    expect(h.status().seq).toBe(0);
  });

  it('playing, pauses after each big step when asked, at 1× as at max; a breakpoint before one stops there', () => {
    const events: TraceEvent[] = [];
    createEngine(parseScenarioText(oneBoot), { sink: (e) => events.push(e) }).run();
    const big = events.filter((e) => storyOf(e).milestone).map((e) => e.seq);

    for (const speed of [1, 'max'] as const) {
      const h = harness();
      h.send({ type: 'load', scenarioText: oneBoot });
      h.send({ type: 'setSpeed', x: speed });
      h.send({ type: 'setPauseAtBigSteps', on: true });
      const stops: number[] = [];
      for (let i = 0; i < big.length + 1; i++) {
        h.send({ type: 'play' });
        h.advance(60_000);
        const s = h.status();
        expect(s.playing).toBe(false);
        if (s.done) break;
        stops.push(s.seq - 1);
      }
      // the last big step is the boot's end: the run may go on a little after it
      expect(stops).toEqual(big.at(-1) === events.length - 1 ? big.slice(0, -1) : big);
    }

    // a breakpoint on an event before the next big step stops play there, and is the one named
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'setSpeed', x: 'max' });
    h.send({ type: 'setPauseAtBigSteps', on: true });
    // an RPC's send (a breakpoint on its method stops there, not at its delivery)
    const i = big.findIndex((b, i) =>
      events.some(
        (e) => e.seq > b && e.seq < big[i + 1]! && e.type === 'rpc' && e.phase === 'send',
      ),
    );
    const between = events.find(
      (e): e is RpcEvent =>
        e.seq > big[i]! && e.seq < big[i + 1]! && e.type === 'rpc' && e.phase === 'send',
    )!;
    h.send({ type: 'setBreakpoints', breakpoints: [{ method: between.method }] });
    h.send({ type: 'seek', seq: big[i]! + 1 });
    h.send({ type: 'play' });
    h.advance(60_000);
    expect(h.status().seq).toBe(between.seq + 1);
    expect(h.status().breakpointHit?.seq).toBe(between.seq);

    // turned off, play goes on to the end
    h.send({ type: 'setBreakpoints', breakpoints: [] });
    h.send({ type: 'setPauseAtBigSteps', on: false });
    h.send({ type: 'play' });
    h.advance(60_000);
    expect(h.status()).toMatchObject({ playing: false, done: true });
  });

  /** A shipped scenario's text, and its trace as the engine writes it. */
  const scenarioRun = (file: string) => {
    const text = readFileSync(new URL(`../../public/scenarios/${file}`, import.meta.url), 'utf8');
    const events: TraceEvent[] = [];
    createEngine(parseScenarioText(text), { sink: (e) => events.push(e) }).run();
    return { text, events };
  };

  /** The summary the page is sent of event `seq` when a step plays it. */
  const toldAt = (h: ReturnType<typeof harness>, seq: number) => {
    h.send({ type: 'seek', seq });
    const before = h.posted.length;
    h.send({ type: 'step', n: 1 });
    return h.posted
      .slice(before)
      .flatMap((m) => (m.type === 'events' ? m.events : []))
      .find((e) => e.seq === seq);
  };

  it("tells a timed-out call with how long its caller waited, from the call's send", () => {
    const { text, events } = scenarioRun('rpc-timeout.json');
    const timeout = events.find((e) => e.type === 'mq' && e.op === 'timeout')!;
    const send = events.find(
      (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'select_destinations',
    )!;
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    const told = toldAt(h, timeout.seq);
    expect(Math.round((timeout.t - send.t) / 1000)).toBe(60);
    expect(told?.story).toMatchObject({
      key: 'mq.timeoutAfter',
      params: { by: 'nova-conductor', method: 'select_destinations', seconds: 60 },
      milestone: true,
    });
  });

  it('tells each placement claim with the host it is made on: the best one, then the alternate', () => {
    const { text, events } = scenarioRun('reschedule.json');
    const claims = events.filter(
      (e) => e.type === 'rest' && e.phase === 'request' && e.method === 'PUT',
    );
    expect(claims.map((e) => (e.type === 'rest' ? e.from : ''))).toEqual([
      'nova-scheduler',
      'nova-conductor',
    ]);
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    const told = claims.map((claim) => toldAt(h, claim.seq)?.story);
    expect(told).toMatchObject([
      { key: 'rest.schedulerClaimOn', params: { host: 'host1' } },
      { key: 'rest.claimOn', params: { from: 'nova-conductor', host: 'host2' } },
    ]);
  });

  it('tells a build given back for a reschedule by the host it failed on', () => {
    const { text, events } = scenarioRun('reschedule.json');
    const waits = events.filter((e) => e.type === 'state' && e.task_state === 'scheduling');
    expect(waits).toHaveLength(1);
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    expect(toldAt(h, waits[0]!.seq)?.story).toMatchObject({
      key: 'state.rescheduling',
      params: { host: 'host1' },
    });
  });

  it('names the compute node too where it is named otherwise than its host', () => {
    const { text, events } = scenarioRun('one-boot.json');
    const claim = events.find(
      (e) => e.type === 'rest' && e.phase === 'request' && e.method === 'PUT',
    )!;
    const node = events.find((e) => e.type === 'db' && e.table === 'compute_nodes')!;
    if (node.type !== 'db') throw new Error('no compute node');
    expect(node.fields).toMatchObject({ host: 'compute', hypervisor_hostname: 'fake-mini' });
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    expect(toldAt(h, claim.seq)?.story).toMatchObject({
      key: 'rest.schedulerClaimOnNode',
      params: { host: 'compute', node: 'fake-mini' },
    });
  });

  it("the inspector offers Nova's queues and the notifications', and each caller's reply queue by its owner", () => {
    const outage = readFileSync(
      new URL('../../public/scenarios/broker-outage.json', import.meta.url),
      'utf8',
    );
    const h = harness();
    h.send({ type: 'load', scenarioText: outage });
    h.send({ type: 'watch', views: { inspector: { kind: 'current' } } });
    h.send({ type: 'seek', seq: 150 });
    const view = [...h.posted]
      .reverse()
      .find((m) => m.type === 'view' && m.data.view === 'inspector');
    const queues = view?.type === 'view' && view.data.view === 'inspector' ? view.data.queues : [];
    expect(queues).toContain('conductor');
    expect(queues).toContain('versioned_notifications.info');
    expect(queues.some((q) => q.startsWith('reply_'))).toBe(false);
    const replies =
      view?.type === 'view' && view.data.view === 'inspector' ? view.data.replyQueues : [];
    // the conductor calls select_destinations, each nova-compute the conductor: one queue each
    expect(replies.map((r) => r.owner)).toEqual([
      'nova-conductor',
      'nova-compute@host1',
      'nova-compute@host2',
    ]);
    for (const r of replies) expect(r.queue).toMatch(/^reply_[0-9a-f]{32}$/);
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

  it('plays virtual time at speed × wall time: tokens every frame, the rest a few times a second', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'setSpeed', x: 0.5 });
    h.send({ type: 'play' });
    const before = h.posted.length;
    h.advance(400);
    const sent = h.posted.slice(before);
    const tokens = sent.filter((m) => m.type === 'tokens');
    const last = tokens[tokens.length - 1]!;
    expect(last.clock).toBeGreaterThanOrEqual(190);
    expect(last.clock).toBeLessThanOrEqual(210);
    expect(tokens.length).toBeGreaterThan(10);
    expect(tokens.length).toBeLessThanOrEqual(Math.ceil(400 / 16) + 1);
    // a quiet run: the status (with the events, the boxes and the views) five times a second
    h.advance(1600);
    const statuses = h.posted.slice(before).filter((m) => m.type === 'status').length;
    expect(statuses).toBeGreaterThanOrEqual(5);
    expect(statuses).toBeLessThanOrEqual(Math.ceil(2000 / 200) + 1);
    const s = h.status();
    expect(s.playing).toBe(true);
    expect(s.clock).toBeGreaterThanOrEqual(700);
    expect(s.t).toBeLessThanOrEqual(s.clock);
    h.send({ type: 'pause' });
    const paused = h.status().seq;
    h.advance(1000);
    expect(h.status().seq).toBe(paused);
  });

  it('held up, the worker plays on from where it was instead of jumping over the messages', () => {
    const h = harness();
    // the play clock the page was last sent (tokens go every frame)
    const clock = () =>
      h.posted
        .filter((m) => m.type === 'tokens')
        .map((m) => m.clock)
        .at(-1)!;
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'play' });
    h.advance(200);
    const before = clock();
    expect(before).toBeGreaterThan(150);
    h.stall(3000);
    h.advance(16);
    const after = clock();
    // one tick plays at most a tenth of a second, not the three seconds it was held up
    expect(after - before).toBeGreaterThan(0);
    expect(after - before).toBeLessThanOrEqual(100 + 16);
    h.advance(1000);
    expect(clock() - after).toBeGreaterThan(900);
  });

  it('in a busy run, updates the details twice a second, each update in one piece', () => {
    const h = harness();
    const cloud = readFileSync(
      new URL('../../public/scenarios/cloud-100-hosts-300-boots.json', import.meta.url),
      'utf8',
    );
    h.send({ type: 'load', scenarioText: cloud });
    h.send({ type: 'setSpeed', x: 5 });
    h.send({ type: 'play' });
    const before = h.posted.length;
    h.advance(3000);
    const sent = h.posted.slice(before);
    const statuses = sent.filter((m) => m.type === 'status');
    expect(statuses.length).toBeGreaterThanOrEqual(4);
    expect(statuses.length).toBeLessThanOrEqual(Math.ceil(3000 / 500) + 1);
    expect(statuses.at(-1)!.seq).toBeGreaterThan(1000);
    // the events, the boxes and the status of one moment leave together (the page renders
    // them in one frame): no tokens between an update's first message and its status
    for (let i = 0; i < sent.length; i++) {
      if (sent[i]!.type !== 'events') continue;
      const end = sent.findIndex((m, k) => k > i && m.type === 'status');
      expect(end, 'a status ends the update').toBeGreaterThan(i);
      const between = sent.slice(i, end).map((m) => m.type);
      expect(between).toContain('scene');
      expect(between).not.toContain('tokens');
    }
  });

  it('while playing, with work taking time, every status has the hash of the trace up to its seq', () => {
    const cloud = readFileSync(
      new URL('../../public/scenarios/cloud-100-hosts-300-boots.json', import.meta.url),
      'utf8',
    );
    const h = harness({ msPerRead: 0.5 });
    h.send({ type: 'load', scenarioText: cloud });
    h.send({ type: 'setSpeed', x: 5 });
    h.send({ type: 'play' });
    const before = h.posted.length;
    h.advance(2000);
    const statuses = h.posted.slice(before).filter((m) => m.type === 'status');
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses.at(-1)!.seq).toBeGreaterThan(1000);
    // the hashes of the trace's prefixes, the plain way, in one pass up to the last status
    const lines: string[] = [];
    const engine = createEngine(parseScenarioText(cloud), {
      sink: (e) => lines.push(toJsonLine(e)),
    });
    engine.run(statuses.at(-1)!.seq + 1);
    const expected = new Map<number, string>();
    let hash = FNV_OFFSET;
    for (let seq = 0; seq <= statuses.at(-1)!.seq; seq++) {
      expected.set(seq, fnv64OracleHex(hash));
      hash = fnv64OracleStep(hash, `${lines[seq]}\n`);
    }
    for (const s of statuses) expect(s.traceHash, `at seq ${s.seq}`).toBe(expected.get(s.seq));
  });

  it("at 'max', the cursor is hashed as it goes: no status has thousands of lines to hash at once", () => {
    const cloud = readFileSync(
      new URL('../../public/scenarios/cloud-100-hosts-300-boots.json', import.meta.url),
      'utf8',
    );
    // a clock read costs a millisecond: the hashing after a tick runs out of time at once
    const h = harness({ msPerRead: 1 });
    h.send({ type: 'load', scenarioText: cloud });
    h.send({ type: 'setSpeed', x: 'max' });
    h.send({ type: 'play' });
    const run = () =>
      (h.controller as unknown as { run: { seq: number; hashes: { hashedLines: number } } }).run;
    for (let tick = 0; tick < 5; tick++) {
      h.advance(60);
      expect(run().seq).toBeGreaterThan(0);
      expect(run().hashes.hashedLines, `tick ${tick}`).toBeGreaterThanOrEqual(run().seq);
    }
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
    expect(jsonlOf(trace).split('\n').length - 1).toBe(s.eventCount);
  });

  it('exports the whole run, byte for byte as the headless runner prints it, wherever the cursor is', () => {
    const text = readFileSync(
      new URL('../../public/scenarios/reschedule.json', import.meta.url),
      'utf8',
    );
    let cli = '';
    createEngine(parseScenarioText(text), {
      sink: (ev) => void (cli += `${toJsonLine(ev)}\n`),
    }).run();
    const h = harness();
    h.send({ type: 'load', scenarioText: text });
    h.send({ type: 'step', n: 3 });
    const [trace] = h.send({ type: 'exportTrace' });
    expect(trace?.type).toBe('trace');
    expect(jsonlOf(trace)).toBe(cli);
    h.advance(20);
    const lines = cli.split('\n').length - 1;
    expect(h.status()).toMatchObject({ seq: 3, complete: true, eventCount: lines });
  });

  it('never sends RPC payloads to the UI', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({ type: 'step', n: 100 });
    const text = JSON.stringify(h.posted.filter((m) => m.type === 'events'));
    expect(text).not.toContain('oslo.message');
    expect(text).not.toContain('"payload"');
  });

  it('a view off screen waits, playing or not; it follows when it comes on screen', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({
      type: 'watch',
      views: {
        timeline: { request_id: null },
        table: { database: null, table: null, page: 0 },
        onScreen: { timeline: false, inspector: true, table: true },
      },
    });
    h.send({ type: 'setSpeed', x: 0.5 });
    h.send({ type: 'play' });
    const before = h.posted.length;
    h.advance(3000);
    const views = (from: number) =>
      h.posted.slice(from).flatMap((m) => (m.type === 'view' ? [m.data.view] : []));
    expect(views(before)).toContain('table');
    expect(views(before)).not.toContain('timeline');
    const paused = h.posted.length;
    h.send({ type: 'pause' });
    h.send({ type: 'seek', seq: 5 });
    expect(views(paused)).not.toContain('timeline');
    const shown = h.posted.length;
    h.send({
      type: 'watch',
      views: { onScreen: { timeline: true, inspector: true, table: true } },
    });
    expect(views(shown)).toEqual(['timeline']);
  });

  it('while playing, a view that comes on screen is sent at once', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    const onScreen = { timeline: false, inspector: false, table: false };
    h.send({ type: 'watch', views: { timeline: { request_id: null }, onScreen } });
    h.send({ type: 'setSpeed', x: 0.5 });
    h.send({ type: 'play' });
    h.advance(1000);
    const before = h.posted.length;
    h.send({ type: 'watch', views: { onScreen: { ...onScreen, timeline: true } } });
    const sent = h.posted.slice(before).flatMap((m) => (m.type === 'view' ? [m.data.view] : []));
    expect(sent).toEqual(['timeline']);
    expect(h.status().playing).toBe(true);
  });

  it("the database view's caption follows a step over events that write nothing", () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    const events: TraceEvent[] = [];
    createEngine(parseScenarioText(oneBoot), { sink: (e) => events.push(e) }).run();
    // two events in a row after a write that write nothing themselves
    const at = events.findIndex(
      (e, i) =>
        i > 2 && events[i - 1]!.type === 'db' && e.type !== 'db' && events[i + 1]!.type !== 'db',
    );
    h.send({
      type: 'watch',
      views: {
        table: { database: null, table: null, page: 0 },
        onScreen: { timeline: false, inspector: false, table: true },
      },
    });
    const tableAt = (seq: number) => {
      const from = h.posted.length;
      h.send({ type: 'seek', seq });
      const m = h.posted.slice(from).find((x) => x.type === 'view' && x.data.view === 'table');
      return m?.type === 'view' && m.data.view === 'table' ? m.data : null;
    };
    const first = tableAt(at + 1);
    const next = tableAt(at + 2);
    expect(first?.seq).toBe(at + 1);
    expect(next?.seq).toBe(at + 2);
    // the same rows: only the cursor moved
    expect(next?.rows).toEqual(first?.rows);
    expect(tableAt(at + 1)?.seq).toBe(at + 1);
  });

  it('shows a compute host in the inspector as the tables are at the cursor, after any seek', () => {
    const h = harness();
    h.send({ type: 'load', scenarioText: oneBoot });
    h.send({
      type: 'watch',
      views: { inspector: { kind: 'process', id: 'nova-compute@compute' } },
    });
    const computeAt = (seq: number) => {
      h.send({ type: 'seek', seq });
      const view = [...h.posted]
        .reverse()
        .find((m) => m.type === 'view' && m.data.view === 'inspector');
      if (view?.type !== 'view' || view.data.view !== 'inspector') throw new Error('no view');
      const result = view.data.result as { compute?: { node: unknown; vms: unknown[] } };
      return result.compute!;
    };
    const end = computeAt(1e9);
    expect(end.node).toMatchObject({ host: 'compute' });
    expect(end.vms).toHaveLength(1);
    // back before the node's row was written: the tables moved back with the cursor
    expect(computeAt(1).node).toBeNull();
    expect(computeAt(1e9).node).toMatchObject({ host: 'compute' });
  });
});
