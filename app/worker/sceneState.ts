import type { RpcEvent, TraceEvent } from '../engine/trace';
import { NOTIFICATIONS_QUEUE } from '../engine/services/notifier';
import type { VmChipState } from '../protocol/messages';
import { transitEnd } from './sceneTokens';

/**
 * What the live diagram needs at the cursor, kept incrementally as the cursor moves: the
 * messages in flight, the broker's queues, the VMs on each host, the services that are down
 * and the row count of each database table. Pure, like the fold: the controller drives it.
 */

export const SCENE_SNAPSHOT_INTERVAL = 500;

interface QueueStat {
  consumers: number;
  /** messages that were published to it (counted when the publish happened) */
  sent: number;
  delivered: number;
  dropped: number;
  /** published but held by their publisher while RabbitMQ is down: not in the queue yet */
  held: number;
}

export interface VmRecord {
  uuid: string;
  name: string | null;
  host: string | null;
  state: VmChipState;
  /** Nova's task_state (networking, spawning…), null between tasks */
  task: string | null;
  request_id: string | null;
}

interface HostService {
  stopped: boolean;
  forcedDown: boolean;
  /** its last report, virtual ms (the services row's last_seen_ms; its creation at first) */
  lastSeenMs: number;
  /**
   * Down as Nova's servicegroup sees it at the scene's time: forced down, or not heard from
   * for longer than service_down_time. A stopped process is up to Nova until then.
   */
  down: boolean;
}

/** Records in the maps are replaced, never mutated, so a snapshot can share them. */
export interface SceneState {
  seq: number;
  t: number;
  queues: Map<string, QueueStat>;
  vms: Map<string, VmRecord>;
  services: Map<string, HostService>;
  /** `${database}\t${table}` → rows */
  tables: Map<string, number>;
  brokerUp: boolean;
  /** transit events that may still be moving at `t` (pruned lazily) */
  inflight: TraceEvent[];
  /** prune `inflight` when it grows to this length */
  pruneAt: number;
  hostsVersion: number;
  tablesVersion: number;
  /** RPC calls sent and not answered yet (no reply, no timeout), by msg_id */
  calls: Map<string, PendingCall>;
  /** host → the servers whose spawn failed there (lists replaced, never mutated) */
  spawnFailures: Map<string, readonly string[]>;
  /** the scenario's service_down_time, ms */
  downMs: number;
  /** no service seen up can be seen down before this virtual time (a lower bound) */
  nextDownCheck: number;
}

/** A call its caller waits on: a call blocks the caller until its reply or its timeout. */
export interface PendingCall {
  from: string;
  method: string;
  /** its send event */
  seq: number;
  /** when it was sent (virtual ms) */
  t: number;
}

/** Nova's default service_down_time, 60 s */
export const SERVICE_DOWN_MS = 60_000;

export function emptyScene(downMs = SERVICE_DOWN_MS): SceneState {
  return {
    seq: 0,
    t: 0,
    queues: new Map(),
    vms: new Map(),
    services: new Map(),
    tables: new Map(),
    brokerUp: true,
    inflight: [],
    pruneAt: 64,
    hostsVersion: 0,
    tablesVersion: 0,
    calls: new Map(),
    spawnFailures: new Map(),
    downMs,
    nextDownCheck: Infinity,
  };
}

export function cloneScene(s: SceneState): SceneState {
  return {
    ...s,
    queues: new Map(s.queues),
    vms: new Map(s.vms),
    services: new Map(s.services),
    tables: new Map(s.tables),
    inflight: s.inflight.slice(),
    calls: new Map(s.calls),
    spawnFailures: new Map(s.spawnFailures),
  };
}

const blankQueue: QueueStat = { consumers: 0, sent: 0, delivered: 0, dropped: 0, held: 0 };

function patchQueue(s: SceneState, name: string, patch: (q: QueueStat) => Partial<QueueStat>) {
  const q = s.queues.get(name) ?? blankQueue;
  s.queues.set(name, { ...q, ...patch(q) });
}

/** The queues a published message lands in: its own, or every queue bound to a fanout. */
export function targetQueues(s: SceneState, ev: RpcEvent): string[] {
  if (!ev.fanout) return [ev.queue];
  const prefix = `${ev.queue}_`;
  const out: string[] = [];
  for (const name of s.queues.keys()) if (name.startsWith(prefix)) out.push(name);
  return out;
}

/**
 * The queues a held message is for: none for a reply's queue, which counts no publishes, nor
 * for the notifications' queue, which counts a notification only once it is published.
 */
function heldQueues(s: SceneState, queue: string | null): string[] {
  if (queue === null || queue.startsWith('reply_') || queue === NOTIFICATIONS_QUEUE) return [];
  if (s.queues.has(queue)) return [queue];
  const prefix = `${queue}_`;
  return [...s.queues.keys()].filter((name) => name.startsWith(prefix));
}

/**
 * The resource tracker's claim gives a building instance its host, but the hypervisor has no
 * guest until the driver's spawn: until then its chip says so.
 */
const chipState = (vmState: string, taskState: string | null, host: string | null): VmChipState =>
  vmState === 'active' || vmState === 'error' || vmState === 'deleted'
    ? vmState
    : host !== null && taskState !== 'spawning'
      ? 'claimed'
      : 'building';

function setVm(s: SceneState, uuid: string, patch: Partial<VmRecord>): void {
  const old = s.vms.get(uuid) ?? {
    uuid,
    name: null,
    host: null,
    state: 'building' as const,
    task: null,
    request_id: null,
  };
  const next = { ...old, ...patch };
  if (
    next.name === old.name &&
    next.host === old.host &&
    next.state === old.state &&
    next.task === old.task &&
    next.request_id === old.request_id &&
    s.vms.has(uuid)
  )
    return;
  s.vms.set(uuid, next);
  s.hostsVersion++;
}

function setService(s: SceneState, host: string, patch: Partial<HostService>): void {
  const old = s.services.get(host) ?? {
    stopped: false,
    forcedDown: false,
    lastSeenMs: s.t,
    down: false,
  };
  const next = { ...old, ...patch };
  next.down = next.forcedDown || s.t - next.lastSeenMs > s.downMs;
  if (!next.down) s.nextDownCheck = Math.min(s.nextDownCheck, next.lastSeenMs + s.downMs);
  if (
    next.stopped === old.stopped &&
    next.forcedDown === old.forcedDown &&
    next.down === old.down &&
    s.services.has(host)
  ) {
    // a report that changes nothing drawn: kept without a new version
    if (next.lastSeenMs !== old.lastSeenMs) s.services.set(host, next);
    return;
  }
  s.services.set(host, next);
  s.hostsVersion++;
}

/**
 * Time passing with no report is what makes Nova see a service down (ComputeFilter asks
 * servicegroup's is_up at each scheduling): looked at once the earliest a service could
 * be seen down has passed, not at every event.
 */
function reviewServices(s: SceneState): void {
  if (s.t <= s.nextDownCheck) return;
  s.nextDownCheck = Infinity;
  for (const host of s.services.keys()) setService(s, host, {});
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** What a services row's write tells of its service: forced down or not, its last report. */
function servicePatch(fields: Record<string, unknown>): Partial<HostService> {
  const patch: Partial<HostService> = {};
  if (typeof fields.forced_down === 'boolean') patch.forcedDown = fields.forced_down;
  if (typeof fields.last_seen_ms === 'number') patch.lastSeenMs = fields.last_seen_ms;
  return patch;
}

/** Applies one event in place. Events must come in order. */
export function applySceneEvent(s: SceneState, ev: TraceEvent): void {
  if (ev.seq !== s.seq)
    throw new Error(`scene out of order: expected event ${s.seq}, got ${ev.seq}`);
  s.seq = ev.seq + 1;
  s.t = ev.t;
  reviewServices(s);
  if (transitEnd(ev) !== null) s.inflight.push(ev);
  switch (ev.type) {
    case 'rpc':
      if (ev.phase === 'send') {
        for (const q of targetQueues(s, ev)) patchQueue(s, q, (o) => ({ sent: o.sent + 1 }));
        if (ev.kind === 'call' && ev.msg_id)
          s.calls.set(ev.msg_id, { from: ev.from, method: ev.method, seq: ev.seq, t: ev.t });
      } else if (ev.phase === 'deliver') {
        patchQueue(s, ev.queue, (o) => ({ delivered: o.delivered + 1 }));
      } else if (ev.outcome !== 'heartbeat' && ev.msg_id) {
        // the reply that ends the call (a call monitor's heartbeat does not)
        s.calls.delete(ev.msg_id);
      }
      break;
    case 'mq':
      switch (ev.op) {
        case 'consumer-up':
          if (ev.queue) patchQueue(s, ev.queue, (o) => ({ consumers: o.consumers + 1 }));
          break;
        case 'consumer-down':
          if (ev.queue)
            patchQueue(s, ev.queue, (o) => ({ consumers: Math.max(0, o.consumers - 1) }));
          break;
        case 'drop':
          if (ev.queue && s.queues.has(ev.queue))
            patchQueue(s, ev.queue, (o) => ({ dropped: o.dropped + 1 }));
          break;
        case 'held':
        case 'released': {
          const d = ev.op === 'held' ? 1 : -1;
          for (const q of heldQueues(s, ev.queue))
            patchQueue(s, q, (o) => ({ held: Math.max(0, o.held + d) }));
          break;
        }
        case 'timeout':
          // the caller gave up: MessagingTimeout, it waits no more
          if (ev.msg_id) s.calls.delete(ev.msg_id);
          break;
        case 'broker-down':
          s.brokerUp = false;
          break;
        case 'broker-up':
          s.brokerUp = true;
          break;
        default:
          break;
      }
      break;
    case 'notification':
      // no Nova service consumes it: the queue keeps every one (a telemetry service would read them)
      patchQueue(s, NOTIFICATIONS_QUEUE, (o) => ({ sent: o.sent + 1 }));
      break;
    case 'state':
      setVm(s, ev.instance, {
        host: ev.host,
        state: chipState(ev.vm_state, ev.task_state, ev.host),
        task: ev.task_state,
      });
      break;
    case 'hypervisor':
      // A failed spawn shows on its host until nova-compute hands the instance back; the host
      // keeps saying it failed there after, for the class to see where the boot broke.
      if (ev.instance && ev.op === 'spawn' && ev.phase === 'error') {
        const name = s.vms.get(ev.instance)?.name ?? ev.instance.slice(0, 8);
        s.spawnFailures.set(ev.host, [...(s.spawnFailures.get(ev.host) ?? []), name]);
        setVm(s, ev.instance, { host: ev.host, state: 'error' });
        s.hostsVersion++;
      }
      break;
    case 'fault':
      // the process is gone from the fault on: its consumers' and its service's events follow
      if (ev.kind === 'service-down')
        setService(s, ev.target.slice(ev.target.indexOf('@') + 1), { stopped: true });
      break;
    case 'service': {
      if (ev.binary !== 'nova-compute') break;
      if (ev.op === 'stop') setService(s, ev.host, { stopped: true });
      else if (ev.op === 'start') setService(s, ev.host, { stopped: false });
      else setService(s, ev.host, { forcedDown: true });
      break;
    }
    case 'db': {
      const key = `${ev.database}\t${ev.table}`;
      if (ev.op !== 'update') {
        s.tables.set(key, (s.tables.get(key) ?? 0) + (ev.op === 'insert' ? 1 : -1));
        s.tablesVersion++;
      }
      if (ev.table === 'instances' && ev.op === 'insert') {
        const f = ev.fields;
        setVm(s, ev.key, {
          name: str(f.display_name),
          host: str(f.host),
          state: chipState(str(f.vm_state) ?? 'building', str(f.task_state), str(f.host)),
        });
      }
      if (ev.table === 'services' && ev.op !== 'delete') {
        const [host, binary] =
          ev.fields.binary !== undefined
            ? [str(ev.fields.host), ev.fields.binary]
            : ev.key.split('/');
        if (host && binary === 'nova-compute') setService(s, host, servicePatch(ev.fields));
      }
      break;
    }
    default:
      break;
  }
  // The request that built an instance: the first one seen with it (the POST's).
  if (ev.instance && ev.request_id) {
    const vm = s.vms.get(ev.instance);
    if (vm && vm.request_id === null) setVm(s, ev.instance, { request_id: ev.request_id });
    else if (!vm && (ev.type === 'db' || ev.type === 'rpc')) {
      // nova-api writes the BuildRequest before the cell knows the instance: remember the
      // request now, the chip appears with the instance record.
      s.vms.set(ev.instance, {
        uuid: ev.instance,
        name: null,
        host: null,
        state: 'building',
        task: null,
        request_id: ev.request_id,
      });
      s.hostsVersion++;
    }
  }
}

/** Drops the transits that ended before `t` (they can never be in flight again going forward). */
function prune(s: SceneState): void {
  if (s.inflight.length < s.pruneAt) return;
  s.inflight = s.inflight.filter((e) => (transitEnd(e) ?? 0) > s.t);
  s.pruneAt = Math.max(64, 2 * s.inflight.length);
}

export function foldScene(
  events: readonly TraceEvent[],
  n: number,
  downMs = SERVICE_DOWN_MS,
): SceneState {
  const s = emptyScene(downMs);
  for (let i = 0; i < n; i++) {
    applySceneEvent(s, events[i]!);
    prune(s);
  }
  return s;
}

/**
 * A cursor over the growing trace, with a snapshot every `interval` events, so that a step
 * back replays at most `interval` events (as FoldCursor does for the instance table).
 */
export class SceneCursor {
  private current: SceneState;
  private restores = 0;
  private readonly snapshots: SceneState[];
  /** events applied since the cursor was made: the work its moves cost */
  applied = 0;

  constructor(
    private readonly events: readonly TraceEvent[],
    private readonly interval = SCENE_SNAPSHOT_INTERVAL,
    downMs = SERVICE_DOWN_MS,
  ) {
    this.current = emptyScene(downMs);
    this.snapshots = [emptyScene(downMs)];
  }

  get state(): Readonly<SceneState> {
    return this.current;
  }

  /** Changes whenever hosts/VMs may differ from the last read (a restore can reuse versions). */
  get hostsStamp(): string {
    return `${this.restores}:${this.current.hostsVersion}`;
  }

  get tablesStamp(): string {
    return `${this.restores}:${this.current.tablesVersion}`;
  }

  moveTo(seq: number): number {
    const target = Math.max(0, Math.min(Math.floor(seq), this.events.length));
    if (target < this.current.seq || target - this.current.seq > this.interval) {
      const k = Math.min(Math.floor(target / this.interval), this.snapshots.length - 1);
      if (target < this.current.seq || k * this.interval > this.current.seq) {
        this.current = cloneScene(this.snapshots[k]!);
        this.restores++;
      }
    }
    while (this.current.seq < target) {
      applySceneEvent(this.current, this.events[this.current.seq]!);
      this.applied++;
      prune(this.current);
      const s = this.current.seq;
      if (s % this.interval === 0 && s / this.interval === this.snapshots.length) {
        this.snapshots.push(cloneScene(this.current));
      }
    }
    return this.current.seq;
  }
}
