import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/engine';
import { parseScenario } from '../engine/scenario';
import type { TraceEvent } from '../engine/trace';
import type { HostRow, SceneMessage, SceneToken } from '../protocol/messages';
import { DB_WRITE_MS, foldScene, SceneCursor, SceneFeed, shortPath, transitEnd } from './scene';

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

/** The scene at the time of event `seq - 1`, as the paused UI sees it. */
function sceneAt(file: string, seq: number, feed?: SceneFeed): SceneMessage {
  const { events, hosts } = trace(file);
  const f = feed ?? new SceneFeed('r', events, hosts);
  const clock = seq > 0 ? events[seq - 1]!.t : 0;
  return f.message(seq, clock, 1);
}

const comparable = (m: SceneMessage) => ({
  seq: m.seq,
  tokens: m.tokens.map((t) => t.seq),
  queues: m.queues,
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

  it('every token is in flight at the clock or starts within the look-ahead', () => {
    const { events, hosts } = trace('ten-boots-three-hosts.json');
    const feed = new SceneFeed('r', events, hosts);
    // what the UI holds: replaced by a reset, else kept while moving, with the new ones added
    let held: SceneToken[] = [];
    let appended = 0;
    for (let seq = 1; seq < events.length; seq += 37) {
      const clock = events[seq - 1]!.t;
      const m = feed.message(seq, clock, 2, true);
      if (!m.tokensReset) appended++;
      held = m.tokensReset
        ? m.tokens
        : [...held.filter((t) => t.arrive_t > clock), ...m.tokens];
      for (const t of m.tokens) expect(t.t).toBeLessThanOrEqual(clock + 2 * 250);
      for (const t of held) expect(t.arrive_t).toBeGreaterThan(clock);
      expect(new Set(held.map((t) => t.seq)).size).toBe(held.length);
      // and nothing in flight is missing
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
    expect(feed.message(5, events[4]!.t, 2, true).tokensReset).toBe(true);
  });

  it('while paused, no token of an event after the cursor is drawn', () => {
    const { events, hosts } = trace('one-boot.json');
    const feed = new SceneFeed('r', events, hosts);
    for (const seq of [0, 10, 50, 90]) {
      const m = feed.message(seq, seq > 0 ? events[seq - 1]!.t : 0, 1, false);
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
    const names = m.queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['conductor', 'scheduler', 'compute']));
    expect(m.queues.find((q) => q.name === 'conductor')!.consumers).toBe(1);
    expect(m.queues.every((q) => q.depth === 0)).toBe(true);
  });

  it('a queue with no consumer keeps its messages (unacked while delivering)', () => {
    const { events } = trace('one-boot.json');
    const deliver = events.find((e) => e.type === 'rpc' && e.phase === 'deliver')!;
    const feed = new SceneFeed('r', events, ['compute']);
    const m = feed.message(deliver.seq + 1, deliver.t, 1);
    const q = m.queues.find((r) => r.name === (deliver.type === 'rpc' ? deliver.queue : ''))!;
    expect(q.unacked).toBe(1);
  });

  it('ends one-boot with one active VM on the compute host and the cell rows written', () => {
    const { events } = trace('one-boot.json');
    const m = sceneAt('one-boot.json', events.length);
    const host = m.hosts!.find((h) => h.host === 'compute')!;
    expect(host.up).toBe(true);
    expect(host.vms).toHaveLength(1);
    expect(host.vms[0]).toMatchObject({ state: 'active', name: 'vm1' });
    expect(host.vms[0]!.request_id).toMatch(/^req-/);
    const rows = (db: string, table: string) =>
      m.tables!.find((t) => t.database === db && t.table === table)?.rows;
    expect(rows('nova-cell1-db', 'instances')).toBe(1);
    expect(rows('nova-api-db', 'build_requests')).toBe(0);
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
    expect(m.hosts!.map((h) => [h.host, h.up])).toEqual([
      ['host1', false],
      ['host2', false],
      ['host3', true],
    ]);
    expect(m.queues.find((q) => q.name.startsWith('compute'))).toBeDefined();
  });

  it('no-valid-host: the instance buried in cell0 is unplaced and in error', () => {
    const { events } = trace('no-valid-host.json');
    const m = sceneAt('no-valid-host.json', events.length);
    expect(m.unplaced!.map((v) => v.state)).toEqual(['error']);
  });

  it('groups alike queues in a large cloud', () => {
    const { events } = trace('cloud-100-hosts-300-boots.json');
    const m = sceneAt('cloud-100-hosts-300-boots.json', Math.floor(events.length / 2));
    expect(m.queues.length).toBeLessThanOrEqual(10);
    const compute = m.queues.find((q) => q.name === 'compute.*')!;
    expect(compute.queues).toBe(100);
    expect(m.tokens.length).toBeLessThanOrEqual(600);
  });
});

describe('scene: moving the cursor', () => {
  it('any path to a seq gives the same scene as folding from scratch', () => {
    const { events, hosts } = trace('reschedule.json');
    const feed = new SceneFeed('r', events, hosts, 40);
    const targets = [150, 20, 200, 199, 3, events.length, 77, 78, 0, 130];
    for (const seq of targets) {
      const clock = seq > 0 ? events[seq - 1]!.t : 0;
      const fresh = new SceneFeed('r', events, hosts).message(seq, clock, 1);
      const moved = feed.message(seq, clock, 1);
      expect(comparable(moved)).toEqual(comparable(fresh));
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
    const a = feed.message(10, events[9]!.t, 1);
    expect(a.hosts?.map((h) => h.host)).toEqual(hosts);
    hold(a);
    const b = feed.message(10, events[9]!.t, 1);
    expect(b.hosts).toBeUndefined();
    expect(b.tables).toBeUndefined();
    // forward, back (a snapshot restore) and forward again: the rows held are always right
    for (const seq of [events.length, 120, 5, events.length - 3, 60]) {
      const m = feed.message(seq, events[seq - 1]!.t, 1);
      hold(m);
      const fresh = new SceneFeed('r', events, hosts).message(seq, events[seq - 1]!.t, 1);
      expect(fresh.hosts!.map((h) => held.get(h.host))).toEqual(fresh.hosts);
    }
  });

  it('steps back on a 1,000-boot run well under 100 ms', () => {
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
    feed.message(end, events[end - 1]!.t, 1);
    let worst = 0;
    for (const back of [1, 1, 7, 499, 501, 10_000]) {
      const seq = feed.cursor.state.seq - back;
      const t0 = performance.now();
      feed.message(seq, events[seq - 1]!.t, 1);
      worst = Math.max(worst, performance.now() - t0);
    }
    expect(worst).toBeLessThan(100);
    const cursor = new SceneCursor(events);
    cursor.moveTo(end);
    expect(cursor.state.vms.size).toBeGreaterThan(900);
  });
});
