import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/engine';
import { parseScenario } from '../engine/scenario';
import type { TraceEvent } from '../engine/trace';
import type { HostRow, SceneMessage, SceneToken, TokensMessage } from '../protocol/messages';
import { MIN_TOKEN_WALL_MS, tokenWindow } from '../protocol/messages';
import { SceneFeed } from './scene';
import { foldScene, SceneCursor, SCENE_SNAPSHOT_INTERVAL } from './sceneState';
import { DB_WRITE_MS, LOST_MS, shortPath, transitEnd } from './sceneTokens';

function scenarioFile(name: string): unknown {
  const path = fileURLToPath(new URL(`../../public/scenarios/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'));
}

function traceOf(input: unknown): { events: TraceEvent[]; hosts: string[] } {
  const scenario = parseScenario(input);
  const events: TraceEvent[] = [];
  createEngine(scenario, { sink: (ev) => void events.push(ev) }).run();
  return { events, hosts: scenario.cloud.hosts.map((h) => h.name) };
}

const traces = new Map<string, { events: TraceEvent[]; hosts: string[] }>();
function trace(file: string) {
  let t = traces.get(file);
  if (!t) traces.set(file, (t = traceOf(scenarioFile(file))));
  return t;
}

/** What the worker sends at once: the tokens, then the boxes. */
type Frame = SceneMessage & { tokens: SceneToken[]; tokensReset: boolean; stretch: number };

function frame(feed: SceneFeed, seq: number, clock: number, speed: number, playing = false): Frame {
  const t: TokensMessage | null = feed.tokens(seq, clock, speed, playing);
  const d = feed.details(seq, clock);
  return {
    ...d,
    tokens: t?.tokens ?? [],
    tokensReset: t?.reset ?? false,
    stretch: t?.stretch ?? 0,
  };
}

/** The scene at the time of event `seq - 1`, as the paused UI sees it. */
function sceneAt(file: string, seq: number, feed?: SceneFeed): Frame {
  const { events, hosts } = trace(file);
  const f = feed ?? new SceneFeed('r', events, hosts);
  const clock = seq > 0 ? events[seq - 1]!.t : 0;
  return frame(f, seq, clock, 1);
}

const comparable = (m: Frame) => ({
  seq: m.seq,
  tokens: m.tokens.map((t) => t.seq),
  brokerUp: m.brokerUp,
});

describe('scene: messages in flight', () => {
  it('an RPC cast goes sender → broker, then broker → consumer', () => {
    const { events } = trace('one-boot.json');
    const send = events.find(
      (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'schedule_and_build_instances',
    )!;
    const m = sceneAt('one-boot.json', send.seq + 1);
    const tok = m.tokens.find((t) => t.seq === send.seq)!;
    expect(tok).toMatchObject({ kind: 'cast', from: 'nova-api', to: 'rabbitmq', via: null });
    expect(tok.arrive_t).toBeGreaterThan(tok.t);
    const deliver = events.find(
      (e) =>
        e.type === 'rpc' && e.phase === 'deliver' && e.method === 'schedule_and_build_instances',
    )!;
    const later = sceneAt('one-boot.json', deliver.seq + 1);
    expect(later.tokens.find((t) => t.seq === deliver.seq)).toMatchObject({
      kind: 'cast',
      from: 'rabbitmq',
      to: 'nova-conductor',
    });
    // the send has arrived by then: it is no longer drawn
    expect(later.tokens.some((t) => t.seq === send.seq)).toBe(false);
  });

  it('a reply is one event drawn through the broker', () => {
    const { events } = trace('one-boot.json');
    const reply = events.find((e) => e.type === 'rpc' && e.phase === 'reply')!;
    const m = sceneAt('one-boot.json', reply.seq + 1);
    expect(m.tokens.find((t) => t.seq === reply.seq)).toMatchObject({
      kind: 'reply',
      via: 'rabbitmq',
    });
  });

  it("a dropped message is a mark on the broker's queue, and the timeout that follows one on the caller", () => {
    const { events } = trace('rpc-timeout.json');
    const drop = events.find((e) => e.type === 'mq' && e.op === 'drop')!;
    const timeout = events.find((e) => e.type === 'mq' && e.op === 'timeout')!;
    expect(transitEnd(drop)).toBe(drop.t + LOST_MS);
    expect(
      sceneAt('rpc-timeout.json', drop.seq + 1).tokens.find((t) => t.seq === drop.seq),
    ).toMatchObject({
      kind: 'lost',
      from: 'rabbitmq',
      to: 'queue:scheduler',
      label: 'dropped select_destinations',
    });
    expect(
      sceneAt('rpc-timeout.json', timeout.seq + 1).tokens.find((t) => t.seq === timeout.seq),
    ).toMatchObject({
      kind: 'lost',
      from: 'nova-conductor',
      to: 'nova-conductor',
      label: 'timeout select_destinations',
    });
  });

  it('the queue a message was dropped from stays marked, also at the timeout that follows', () => {
    const { events } = trace('rpc-timeout.json');
    const drop = events.find((e) => e.type === 'mq' && e.op === 'drop')!;
    const timeout = events.find((e) => e.type === 'mq' && e.op === 'timeout')!;
    const row = (seq: number) =>
      sceneAt('rpc-timeout.json', seq).queues!.find((q) => q.name === 'scheduler')!;
    expect(row(drop.seq).dropped).toBeUndefined();
    expect(row(drop.seq + 1).dropped).toBe(1);
    expect(row(timeout.seq + 1).dropped).toBe(1);
    expect(row(events.length).dropped).toBe(1);
    expect(
      sceneAt('rpc-timeout.json', events.length).queues!.filter((q) => q.dropped !== undefined),
    ).toHaveLength(1);
  });

  it("a drop from one host's queue marks the row of all the hosts' queues, counted", () => {
    const base = scenarioFile('ten-boots-three-hosts.json') as Record<string, unknown>;
    const { events, hosts } = traceOf({
      ...base,
      faults: [{ kind: 'message-drop', method: 'build_and_run_instance', times: 2 }],
    });
    const drops = events.filter((e) => e.type === 'mq' && e.op === 'drop');
    expect(drops.map((e) => e.type === 'mq' && e.queue?.startsWith('compute.'))).toEqual([
      true,
      true,
    ]);
    const rows = (seq: number) =>
      new SceneFeed('r', events, hosts).details(seq, events[seq - 1]!.t).queues!;
    const computeRow = (seq: number) => rows(seq).find((q) => q.name === 'compute.*')!;
    expect(computeRow(drops[0]!.seq).dropped).toBeUndefined();
    expect(computeRow(drops[0]!.seq + 1).dropped).toBe(1);
    expect(computeRow(events.length).dropped).toBe(2);
    // and names the host queues it lost them from
    const from = [...new Set(drops.map((e) => (e.type === 'mq' ? e.queue : null)))];
    expect([...computeRow(events.length).droppedFrom!].sort()).toEqual([...from].sort());
    expect(rows(events.length).find((q) => q.name === 'scheduler')!.droppedFrom).toBeUndefined();
    // a row no message was dropped from says nothing of drops
    expect(rows(events.length).filter((q) => q.dropped !== undefined)).toHaveLength(1);
  });

  it('a DB write gets a short fixed duration from the writer to the database', () => {
    const { events } = trace('one-boot.json');
    const write = events.find((e) => e.type === 'db' && e.by === 'nova-api')!;
    expect(transitEnd(write)).toBe(write.t + DB_WRITE_MS);
    const m = sceneAt('one-boot.json', write.seq + 1);
    expect(m.tokens.find((t) => t.seq === write.seq)).toMatchObject({
      kind: 'db-write',
      from: 'nova-api',
      to: 'nova-api-db',
      arrive_t: write.t + DB_WRITE_MS,
    });
  });

  it("a REST call is a request then a response, each with the call's own ends and label", () => {
    const { events } = trace('one-boot.json');
    const post = events.find(
      (e) => e.type === 'rest' && e.phase === 'request' && e.from === 'client',
    )!;
    const answer = events.find(
      (e) => e.type === 'rest' && e.phase === 'response' && e.to === 'client',
    )!;
    const request = sceneAt('one-boot.json', post.seq + 1).tokens.find((t) => t.seq === post.seq);
    expect(request).toEqual({
      seq: post.seq,
      kind: 'rest-request',
      from: 'client',
      to: 'nova-api',
      via: null,
      t: post.t,
      arrive_t: post.type === 'rest' ? post.arrive_t : NaN,
      after: null,
      label: 'POST /servers',
      instance: post.instance ?? null,
      request_id: post.request_id ?? null,
    });
    expect(
      sceneAt('one-boot.json', answer.seq + 1).tokens.find((t) => t.seq === answer.seq),
    ).toMatchObject({ kind: 'rest-response', from: 'nova-api', to: 'client', label: '202 POST' });
  });

  it('while playing, every token on screen at the clock is held, or starts within the look-ahead', () => {
    const { events, hosts } = trace('ten-boots-three-hosts.json');
    const feed = new SceneFeed('r', events, hosts);
    const speed = 2;
    // what the UI holds: replaced by a reset, else kept while on screen, with the new ones added
    let held: SceneToken[] = [];
    let appended = 0;
    let stretch = 0;
    let clock = 0;
    for (let seq = 1; seq < events.length; seq += 37) {
      clock = Math.max(clock, events[seq - 1]!.t);
      const m = feed.tokens(seq, clock, speed, true)!;
      stretch = m.stretch;
      expect(stretch).toBe(MIN_TOKEN_WALL_MS * speed);
      if (!m.reset) appended++;
      held = m.reset
        ? m.tokens
        : [...held.filter((t) => tokenWindow(t, stretch).end > clock), ...m.tokens];
      for (const t of m.tokens) expect(t.t).toBeLessThanOrEqual(clock + speed * 250);
      expect(new Set(held.map((t) => t.seq)).size).toBe(held.length);
      // nothing still in flight is missing (a stretched token ends after its arrival)
      const expected = events
        .slice(0, seq)
        .filter((e) => {
          const end = transitEnd(e);
          return end !== null && end > clock;
        })
        .map((e) => e.seq);
      const got = new Set(held.map((t) => t.seq));
      for (const s of expected) expect(got.has(s)).toBe(true);
    }
    expect(appended).toBeGreaterThan(0);
    // a jump back replaces what the UI holds
    expect(feed.tokens(5, events[4]!.t, speed, true)!.reset).toBe(true);
  });

  it('while playing, a deliver hop is drawn after its send hop, and each for at least the minimum', () => {
    const { events, hosts } = trace('one-boot.json');
    const feed = new SceneFeed('r', events, hosts);
    const speed = 5;
    const held = new Map<number, SceneToken>();
    for (let seq = 1; seq <= events.length; seq++) {
      const m = feed.tokens(seq, events[seq - 1]!.t, speed, true)!;
      for (const t of m.tokens) held.set(t.seq, t);
    }
    const send = events.find(
      (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'select_destinations',
    )!;
    const deliver = events.find(
      (e) => e.type === 'rpc' && e.phase === 'deliver' && e.method === 'select_destinations',
    )!;
    const stretch = MIN_TOKEN_WALL_MS * speed;
    const s = tokenWindow(held.get(send.seq)!, stretch);
    const d = tokenWindow(held.get(deliver.seq)!, stretch);
    expect(held.get(deliver.seq)!.after).toBe(send.t);
    expect(s.start).toBe(send.t);
    expect(s.end - s.start).toBeGreaterThanOrEqual(stretch);
    expect(d.start).toBeGreaterThanOrEqual(s.end);
    expect(d.end - d.start).toBeGreaterThanOrEqual(stretch);
  });

  it('paused where it played, the tokens stay; a step draws exact times again', () => {
    const { events, hosts } = trace('one-boot.json');
    const feed = new SceneFeed('r', events, hosts);
    const seq = 60;
    const clock = events[seq - 1]!.t;
    expect(feed.tokens(seq, clock, 5, true)!.stretch).toBeGreaterThan(0);
    feed.holdPicture();
    expect(feed.tokens(seq, clock, 5, false)).toBeNull();
    const resumed = feed.tokens(seq, clock, 5, true)!;
    expect(resumed.reset).toBe(false);
    const stepped = feed.tokens(seq + 1, events[seq]!.t, 5, false)!;
    expect(stepped).toMatchObject({ reset: true, stretch: 0 });
  });

  it('paused after the last playing message, where the run went on a little, the picture stays', () => {
    const { events, hosts } = trace('one-boot.json');
    const feed = new SceneFeed('r', events, hosts);
    const seq = 60;
    const playing = feed.tokens(seq, events[seq - 1]!.t, 5, true)!;
    expect(playing.tokens.length).toBeGreaterThan(0);
    // the pause lands two events and a few virtual ms later
    const clock = events[seq + 1]!.t + 3;
    feed.holdPicture();
    const paused = feed.tokens(seq + 2, clock, 5, false)!;
    expect(paused).toMatchObject({
      reset: false,
      stretch: playing.stretch,
      clock,
      before: seq + 2,
    });
    // nothing the UI already has is sent again, and nothing after the cursor is drawn
    const had = new Set(playing.tokens.map((t) => t.seq));
    for (const t of paused.tokens) {
      expect(had.has(t.seq)).toBe(false);
      expect(t.seq).toBeLessThan(seq + 2);
    }
    // still paused: nothing changes; a step then draws exact times
    expect(feed.tokens(seq + 2, clock, 5, false)).toBeNull();
    expect(feed.tokens(seq + 3, events[seq + 2]!.t, 5, false)).toMatchObject({
      reset: true,
      stretch: 0,
    });
  });

  it('a stop that is not the user’s pause (a breakpoint, the end of the run) draws exact times', () => {
    const { events, hosts } = trace('one-boot.json');
    const feed = new SceneFeed('r', events, hosts);
    feed.tokens(60, events[59]!.t, 5, true);
    expect(feed.tokens(64, events[63]!.t, 5, false)).toMatchObject({ reset: true, stretch: 0 });
    // a pause whose message is not needed (nothing moved) leaves no hold behind for a step
    feed.tokens(70, events[69]!.t, 5, true);
    feed.holdPicture();
    expect(feed.tokens(70, events[69]!.t, 5, false)).toBeNull();
    expect(feed.tokens(71, events[70]!.t, 5, false)).toMatchObject({ reset: true, stretch: 0 });
  });

  it('while paused, no token of an event after the cursor is drawn', () => {
    const { events, hosts } = trace('one-boot.json');
    const feed = new SceneFeed('r', events, hosts);
    for (const seq of [0, 10, 50, 90]) {
      const m = frame(feed, seq, seq > 0 ? events[seq - 1]!.t : 0, 1, false);
      expect(m.tokens.every((t) => t.seq < seq)).toBe(true);
    }
  });

  it('REST tokens carry a short, readable path', () => {
    expect(shortPath('/v2.1/servers/c7bcdfd5-1977-4a98-858c-2d12b557c268')).toBe('/servers/…');
    expect(shortPath('/allocation_candidates?limit=1000')).toBe('/allocation_candidates');
  });
});

describe('scene: process state', () => {
  it('shows the broker queues with their consumers', () => {
    const m = sceneAt('one-boot.json', trace('one-boot.json').events.length);
    const names = m.queues!.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['conductor', 'scheduler', 'compute']));
    expect(m.queues!.find((q) => q.name === 'conductor')!.consumers).toBe(1);
    // every RPC message was consumed; the notifications' queue, last, keeps every notification
    const rpc = m.queues!.filter((q) => !q.unread);
    expect(rpc.every((q) => q.depth === 0)).toBe(true);
    const notified = trace('one-boot.json').events.filter((e) => e.type === 'notification');
    expect(notified.length).toBeGreaterThan(3);
    expect(m.queues!.at(-1)).toEqual({
      name: 'versioned_notifications.info',
      queues: 1,
      depth: notified.length,
      consumers: 0,
      unacked: 0,
      unread: true,
    });
  });

  it('a notification flies from its publisher into the broker, then waits in its queue', () => {
    const { events, hosts } = trace('one-boot.json');
    const ev = events.find(
      (e) => e.type === 'notification' && e.event_type === 'scheduler.select_destinations.start',
    )!;
    const before = events.filter((e) => e.type === 'notification' && e.seq < ev.seq).length;
    const feed = new SceneFeed('r', events, hosts);
    const depth = (m: Frame) =>
      m.queues?.find((q) => q.name === 'versioned_notifications.info')?.depth;
    // just published: on its way, not yet in the queue
    const sent = frame(feed, ev.seq + 1, ev.t, 1);
    expect(sent.tokens.find((t) => t.seq === ev.seq)).toMatchObject({
      kind: 'notify',
      from: 'nova-scheduler',
      to: 'rabbitmq',
      t: ev.t,
      arrive_t: transitEnd(ev),
      label: 'scheduler.select_destinations.start',
    });
    expect(depth(sent)).toBe(before);
    // arrived: one more message kept
    expect(depth(frame(feed, ev.seq + 1, transitEnd(ev)!, 1))).toBe(before + 1);
    // a compute's notification comes from that host's nova-compute
    const create = events.find(
      (e) => e.type === 'notification' && e.event_type === 'instance.create.start',
    )!;
    expect(
      frame(feed, create.seq + 1, create.t, 1).tokens.find((t) => t.seq === create.seq)!.from,
    ).toMatch(/^nova-compute@/);
  });

  it('a queue with no consumer keeps its messages (unacked while delivering)', () => {
    const { events } = trace('one-boot.json');
    const deliver = events.find((e) => e.type === 'rpc' && e.phase === 'deliver')!;
    const feed = new SceneFeed('r', events, ['compute']);
    const m = frame(feed, deliver.seq + 1, deliver.t, 1);
    const q = m.queues!.find((r) => r.name === (deliver.type === 'rpc' ? deliver.queue : ''))!;
    expect(q.unacked).toBe(1);
  });

  it('a message its publisher holds while RabbitMQ is down is not in the queue until released', () => {
    const input = scenarioFile('one-boot.json') as { faults?: unknown[] };
    input.faults = [{ kind: 'broker-down', at: 50, for: 20_000 }];
    const { events, hosts } = traceOf(input);
    const held = events.find((e) => e.type === 'mq' && e.op === 'held' && e.queue === 'conductor')!;
    const released = events.find(
      (e) => e.type === 'mq' && e.op === 'released' && e.queue === 'conductor',
    )!;
    const feed = new SceneFeed('r', events, hosts);
    const depth = (seq: number) =>
      frame(feed, seq, events[seq - 1]!.t + 100, 1).queues!.find((q) => q.name === 'conductor')!
        .depth;
    expect(depth(held.seq + 1)).toBe(0);
    // handed over: it is in the queue until nova-conductor takes it
    expect(depth(released.seq + 1)).toBe(1);
  });

  it('ends one-boot with one active VM on the compute host and the cell rows written', () => {
    const { events } = trace('one-boot.json');
    const m = sceneAt('one-boot.json', events.length);
    const host = m.hosts!.find((h) => h.host === 'compute')!;
    expect(host.service).toBe('up');
    expect(host.vms).toHaveLength(1);
    expect(host.vms[0]).toMatchObject({ state: 'active', name: 'vm1' });
    expect(host.vms[0]!.request_id).toMatch(/^req-/);
    const rows = (db: string, table: string) =>
      m.tables!.find((t) => t.database === db && t.table === table)?.rows;
    expect(rows('nova-cell1-db', 'instances')).toBe(1);
    expect(rows('nova-api-db', 'build_requests')).toBe(0);
  });

  it('a claimed VM is an outline on its host until the spawn begins', () => {
    const { events } = trace('one-boot.json');
    const states = events.filter((e) => e.type === 'state');
    const claimed = states.find((e) => e.host !== null && e.vm_state === 'building')!;
    const spawning = states.find((e) => e.task_state === 'spawning')!;
    expect(claimed.task_state).toBeNull();
    const chipAt = (seq: number) =>
      sceneAt('one-boot.json', seq).hosts!.find((h) => h.host === 'compute')!.vms;
    expect(chipAt(claimed.seq)).toEqual([]);
    expect(chipAt(claimed.seq + 1).map((v) => v.state)).toEqual(['claimed']);
    expect(chipAt(spawning.seq).map((v) => v.state)).toEqual(['claimed']);
    expect(chipAt(spawning.seq + 1).map((v) => v.state)).toEqual(['building']);
  });

  it("a VM on its host says nova-compute's task, each in its turn, and none once active", () => {
    const { events } = trace('one-boot.json');
    const chips = (seq: number) =>
      sceneAt('one-boot.json', seq).hosts!.find((h) => h.host === 'compute')!.vms;
    const tasks: (string | undefined)[] = [];
    for (const e of events)
      if (e.type === 'state') {
        const task = chips(e.seq + 1)[0]?.task;
        if (task !== tasks.at(-1)) tasks.push(task);
      }
    // none before the claim: the list starts with the first task
    expect(tasks).toEqual(['networking', 'block_device_mapping', 'spawning', undefined]);
    expect(chips(events.length).map((v) => [v.state, v.task])).toEqual([['active', undefined]]);
  });

  it('reschedule: the VM shows its failure on host1, then ends active on host2', () => {
    const { events } = trace('reschedule.json');
    const failed = events.find((e) => e.type === 'hypervisor' && e.phase === 'error')!;
    const atFail = sceneAt('reschedule.json', failed.seq + 1);
    const vmsOn = (hosts: HostRow[] | undefined, h: string) =>
      hosts!.find((r) => r.host === h)!.vms.map((v) => v.state);
    expect(vmsOn(atFail.hosts, 'host1')).toEqual(['error']);
    const end = sceneAt('reschedule.json', events.length);
    expect(vmsOn(end.hosts, 'host1')).toEqual([]);
    expect(vmsOn(end.hosts, 'host2')).toEqual(['active']);
  });

  it('host-down: host1 (forced down) and host2 (stopped) are down, host3 up', () => {
    const { events } = trace('host-down.json');
    const m = sceneAt('host-down.json', events.length);
    expect(m.hosts!.map((h) => [h.host, h.service])).toEqual([
      ['host1', 'forced-down'],
      ['host2', 'down'],
      ['host3', 'up'],
    ]);
    expect(m.queues!.find((q) => q.name.startsWith('compute'))).toBeDefined();
  });

  it('host-down: a stopped nova-compute is up to Nova until service_down_time passes without its report', () => {
    const { events, hosts } = trace('host-down.json');
    // the box says so from the fault on (the process's consumers and service events follow it)
    const stop = events.find((e) => e.type === 'fault' && e.kind === 'service-down')!;
    expect(stop).toMatchObject({ target: 'nova-compute@host2' });
    // its last report before it stopped: the services row's last_seen_ms
    let lastSeen = -1;
    for (const e of events.slice(0, stop.seq))
      if (e.type === 'db' && e.table === 'services' && e.key === 'host2/nova-compute')
        lastSeen = (e.fields.last_seen_ms as number | undefined) ?? lastSeen;
    expect(lastSeen).toBeGreaterThanOrEqual(0);
    for (const downMs of [60_000, 20_000]) {
      // one feed, moved as a user would (a frame only carries the hosts that changed)
      const feed = new SceneFeed('r', events, hosts, { serviceDownMs: downMs });
      const seen = events.find((e) => e.t > lastSeen + downMs)!;
      const looks = new Map<number, string>();
      let service = '';
      for (const seq of [stop.seq, stop.seq + 1, seen.seq, seen.seq + 1, events.length, seen.seq]) {
        service =
          sceneAt('host-down.json', seq, feed).hosts?.find((h) => h.host === 'host2')?.service ??
          service;
        looks.set(seq, service);
      }
      expect(looks.get(stop.seq)).toBe('up');
      expect(looks.get(stop.seq + 1)).toBe('stopped');
      // the first event past the deadline: Nova's is_up says no from then on
      expect(looks.get(seen.seq + 1)).toBe('down');
      expect(looks.get(events.length)).toBe('down');
      // stepping back undoes it (the last look, back at the deadline's event)
      expect(service).toBe('stopped');
    }
  });

  it('no-valid-host: the instance buried in cell0 is unplaced and in error', () => {
    const { events } = trace('no-valid-host.json');
    const m = sceneAt('no-valid-host.json', events.length);
    expect(m.unplaced!.map((v) => v.state)).toEqual(['error']);
  });

  it('groups alike queues in a large cloud', () => {
    const { events } = trace('cloud-100-hosts-300-boots.json');
    const m = sceneAt('cloud-100-hosts-300-boots.json', Math.floor(events.length / 2));
    expect(m.queues!.length).toBeLessThanOrEqual(10);
    const compute = m.queues!.find((q) => q.name === 'compute.*')!;
    expect(compute.queues).toBe(100);
    expect(m.tokens.length).toBeLessThanOrEqual(600);
  });
});

describe('scene: moving the cursor', () => {
  it('any path to a seq gives the same scene as folding from scratch', () => {
    const { events, hosts } = trace('reschedule.json');
    const feed = new SceneFeed('r', events, hosts, { interval: 40 });
    const targets = [150, 20, 200, 199, 3, events.length, 77, 78, 0, 130];
    for (const seq of targets) {
      const clock = seq > 0 ? events[seq - 1]!.t : 0;
      const fresh = frame(new SceneFeed('r', events, hosts), seq, clock, 1);
      const moved = frame(feed, seq, clock, 1);
      expect(comparable(moved)).toEqual(comparable(fresh));
      expect(moved.queues ?? fresh.queues).toEqual(fresh.queues);
      const s = foldScene(events, seq);
      expect(feed.cursor.state.vms).toEqual(s.vms);
      expect(feed.cursor.state.tables).toEqual(s.tables);
    }
  });

  it('sends hosts and tables only when they changed, and only the host rows that did', () => {
    const { events, hosts } = trace('reschedule.json');
    const feed = new SceneFeed('r', events, hosts);
    const held = new Map<string, HostRow>();
    const hold = (m: SceneMessage) => {
      for (const h of m.hosts ?? []) held.set(h.host, h);
    };
    const a = feed.details(10, events[9]!.t);
    expect(a.hosts?.map((h) => h.host)).toEqual(hosts);
    hold(a);
    const b = feed.details(10, events[9]!.t);
    expect(b.hosts).toBeUndefined();
    expect(b.tables).toBeUndefined();
    expect(b.queues).toBeUndefined();
    // forward, back (a snapshot restore) and forward again: the rows held are always right
    for (const seq of [events.length, 120, 5, events.length - 3, 60]) {
      const m = feed.details(seq, events[seq - 1]!.t);
      hold(m);
      const fresh = new SceneFeed('r', events, hosts).details(seq, events[seq - 1]!.t);
      expect(fresh.hosts!.map((h) => held.get(h.host))).toEqual(fresh.hosts);
    }
  });

  it('a step back on a 1,000-boot run replays at most one snapshot interval of events', () => {
    const scenario = {
      format: 'nova-boot-visualizer/scenario@1',
      name: 'thousand',
      seed: 3,
      cloud: {
        hosts: [{ name: 'h', count: 50, vcpus: 64, memory_mb: 262144, disk_gb: 4000 }],
        quotas: { instances: 2000, cores: 4000, ram: 4096000 },
      },
      requests: [
        {
          at: 0,
          name: 'vm',
          flavorRef: '1',
          imageRef: '155d900f-4e14-4e4c-a73d-069cbf4541e6',
          repeat: 1000,
          every: 40,
        },
      ],
    };
    const { events, hosts } = traceOf(scenario);
    expect(events.length).toBeGreaterThan(50_000);
    const feed = new SceneFeed('r', events, hosts);
    const end = events.length;
    frame(feed, end, events[end - 1]!.t, 1);
    // a step back restores the snapshot before it and replays what follows it, never the run
    for (const back of [1, 1, 7, 499, 501, 10_000]) {
      const seq = feed.cursor.state.seq - back;
      const before = feed.cursor.applied;
      frame(feed, seq, events[seq - 1]!.t, 1);
      expect(feed.cursor.state.seq).toBe(seq);
      expect(feed.cursor.applied - before).toBeLessThan(SCENE_SNAPSHOT_INTERVAL);
    }
    const cursor = new SceneCursor(events);
    cursor.moveTo(end);
    expect(cursor.state.vms.size).toBeGreaterThan(900);
  });
});

describe('scene: the calls a process waits on', () => {
  const seqOf = (file: string, test: (e: TraceEvent) => boolean) =>
    trace(file).events.find(test)!.seq;
  const isSend = (method: string) => (e: TraceEvent) =>
    e.type === 'rpc' && e.phase === 'send' && e.method === method;

  it('holds the conductor on select_destinations from its send to its reply', () => {
    const send = seqOf('one-boot.json', isSend('select_destinations'));
    const reply = seqOf(
      'one-boot.json',
      (e) => e.type === 'rpc' && e.phase === 'reply' && e.method === 'select_destinations',
    );
    expect(sceneAt('one-boot.json', send).waiting).toEqual([]);
    expect(sceneAt('one-boot.json', send + 1).waiting).toEqual([
      expect.objectContaining({
        process: 'nova-conductor',
        method: 'select_destinations',
        seq: send,
      }),
    ]);
    expect(sceneAt('one-boot.json', reply).waiting).toHaveLength(1);
    // the reply sent is still on its way to the conductor: it waits until the reply arrives
    const { events, hosts } = trace('one-boot.json');
    expect(sceneAt('one-boot.json', reply + 1).waiting).toEqual([
      expect.objectContaining({ process: 'nova-conductor', method: 'select_destinations' }),
    ]);
    const arrived = transitEnd(events[reply]!)! + 1;
    const feed = new SceneFeed('r', events, hosts);
    expect(frame(feed, reply + 1, arrived, 1).waiting).toEqual([]);
  });

  it('holds it through a lost call until the caller gives up, not after', () => {
    const send = seqOf('rpc-timeout.json', isSend('select_destinations'));
    const timeout = seqOf('rpc-timeout.json', (e) => e.type === 'mq' && e.op === 'timeout');
    expect(sceneAt('rpc-timeout.json', timeout).waiting).toEqual([
      expect.objectContaining({ process: 'nova-conductor', seq: send }),
    ]);
    expect(sceneAt('rpc-timeout.json', timeout + 1).waiting).toEqual([]);
  });

  it("leaves nova-compute's calls to the inspector, and agrees with a replay from a snapshot", () => {
    const { events, hosts } = trace('ten-boots-three-hosts.json');
    const feed = new SceneFeed('r', events, hosts);
    for (const seq of [900, 300, 1000, 40]) {
      const w = frame(feed, seq, events[seq - 1]!.t, 1).waiting;
      const fresh = sceneAt('ten-boots-three-hosts.json', seq).waiting;
      // a feed sends the list only when it changed: compare where it did
      if (w) expect(w).toEqual(fresh);
      for (const c of fresh ?? []) expect(c.process.startsWith('nova-compute@')).toBe(false);
    }
  });
});

describe('scene: where a spawn failed', () => {
  it('stays on the host after the server has gone on, for the class to see where it broke', () => {
    const { events } = trace('reschedule.json');
    const error = events.find((e) => e.type === 'hypervisor' && e.phase === 'error')!;
    const host1 = (seq: number) =>
      sceneAt('reschedule.json', seq).hosts!.find((h) => h.host === 'host1')!;
    expect(host1(error.seq).failed).toEqual([]);
    expect(host1(error.seq + 1).failed).toEqual(['vm1']);
    // at the end the server is ACTIVE on host2; host1 still says it failed there
    const end = sceneAt('reschedule.json', events.length).hosts!;
    expect(end.find((h) => h.host === 'host1')).toMatchObject({ failed: ['vm1'], vms: [] });
    expect(end.find((h) => h.host === 'host2')!.failed).toEqual([]);
  });
});
