import type { RpcEvent, RpcPayload, TraceEvent } from '../engine/trace';
import { playingStretch, sameChips, sameQueues, tokenEnd, tokenStart } from '../protocol/messages';
import { NOTIFICATIONS_QUEUE, publisherProcess } from '../engine/services/notifier';
import { LATENCY } from '../engine/world';
import { NumberHeap } from './numberHeap';
import type {
  HostRow,
  QueueRow,
  SceneMessage,
  SceneToken,
  Speed,
  TokenKind,
  TableCount,
  TokensMessage,
  VmChip,
  VmChipState,
} from '../protocol/messages';

/**
 * What the live diagram needs at the cursor, kept incrementally as the cursor moves: the
 * messages in flight, the broker's queues, the VMs on each host, the services that are down
 * and the row count of each database table. Pure, like the fold: the controller drives it.
 */

/** A database write has no delivery time in the trace: draw it for this long (virtual ms). */
export const DB_WRITE_MS = 12;
/** How long a lost message's mark stays where it was lost (virtual ms, before stretching). */
export const LOST_MS = 1500;

const lost = (ev: TraceEvent) => ev.type === 'mq' && (ev.op === 'drop' || ev.op === 'timeout');
/** At most this many tokens go to the UI in one tokens message. */
export const MAX_TOKENS = 600;
/**
 * While playing, at most this many tokens are on screen at once by their times: a burst's
 * other messages are not sent (counted as dropped). A little above the token layer's own cap
 * (ui/diagram/TokenLayer.tsx), which decides in the end what is drawn.
 */
export const MAX_TOKENS_SHOWN = 450;
/** Wall time the UI may extrapolate the clock past a scene message (look-ahead window). */
export const LOOKAHEAD_WALL_MS = 250;
/** Events scanned past the cursor for the look-ahead, at most. */
const LOOKAHEAD_SCAN = 4000;
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

interface VmRecord {
  uuid: string;
  name: string | null;
  host: string | null;
  state: VmChipState;
  request_id: string | null;
}

interface HostService {
  stopped: boolean;
  forcedDown: boolean;
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
}

export function emptyScene(): SceneState {
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
  };
}

/** When a moving event reaches its end, or null if it is not a message that moves. */
export function transitEnd(ev: TraceEvent): number | null {
  switch (ev.type) {
    case 'rpc':
    case 'rest':
      return ev.arrive_t;
    case 'db':
      return ev.t + DB_WRITE_MS;
    case 'mq':
      return lost(ev) ? ev.t + LOST_MS : null;
    case 'notification':
      // published to the broker: an AMQP hop, as a cast's
      return ev.t + LATENCY.amqp;
    default:
      return null;
  }
}

const blankQueue: QueueStat = { consumers: 0, sent: 0, delivered: 0, dropped: 0, held: 0 };

function patchQueue(s: SceneState, name: string, patch: (q: QueueStat) => Partial<QueueStat>) {
  const q = s.queues.get(name) ?? blankQueue;
  s.queues.set(name, { ...q, ...patch(q) });
}

/** The queues a published message lands in: its own, or every queue bound to a fanout. */
function targetQueues(s: SceneState, ev: RpcEvent): string[] {
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
    request_id: null,
  };
  const next = { ...old, ...patch };
  if (
    next.name === old.name &&
    next.host === old.host &&
    next.state === old.state &&
    next.request_id === old.request_id &&
    s.vms.has(uuid)
  )
    return;
  s.vms.set(uuid, next);
  s.hostsVersion++;
}

function setService(s: SceneState, host: string, patch: Partial<HostService>): void {
  const old = s.services.get(host) ?? { stopped: false, forcedDown: false };
  const next = { ...old, ...patch };
  if (next.stopped === old.stopped && next.forcedDown === old.forcedDown && s.services.has(host))
    return;
  s.services.set(host, next);
  s.hostsVersion++;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Applies one event in place. Events must come in order. */
export function applySceneEvent(s: SceneState, ev: TraceEvent): void {
  if (ev.seq !== s.seq)
    throw new Error(`scene out of order: expected event ${s.seq}, got ${ev.seq}`);
  s.seq = ev.seq + 1;
  s.t = ev.t;
  if (transitEnd(ev) !== null) s.inflight.push(ev);
  switch (ev.type) {
    case 'rpc':
      if (ev.phase === 'send') {
        for (const q of targetQueues(s, ev)) patchQueue(s, q, (o) => ({ sent: o.sent + 1 }));
      } else if (ev.phase === 'deliver') {
        patchQueue(s, ev.queue, (o) => ({ delivered: o.delivered + 1 }));
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
      });
      break;
    case 'hypervisor':
      // A failed spawn shows on its host until nova-compute hands the instance back.
      if (ev.instance && ev.op === 'spawn' && ev.phase === 'error')
        setVm(s, ev.instance, { host: ev.host, state: 'error' });
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
      if (ev.table === 'services' && ev.op !== 'delete' && ev.fields.binary !== undefined) {
        const host = str(ev.fields.host);
        if (
          host &&
          ev.fields.binary === 'nova-compute' &&
          typeof ev.fields.forced_down === 'boolean'
        )
          setService(s, host, { forcedDown: ev.fields.forced_down });
      } else if (ev.table === 'services' && ev.op === 'update') {
        const [host, binary] = ev.key.split('/');
        if (host && binary === 'nova-compute' && typeof ev.fields.forced_down === 'boolean')
          setService(s, host, { forcedDown: ev.fields.forced_down });
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

export function foldScene(events: readonly TraceEvent[], n: number): SceneState {
  const s = emptyScene();
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
  private current = emptyScene();
  private restores = 0;
  private readonly snapshots: SceneState[] = [emptyScene()];
  /** events applied since the cursor was made: the work its moves cost */
  applied = 0;

  constructor(
    private readonly events: readonly TraceEvent[],
    private readonly interval = SCENE_SNAPSHOT_INTERVAL,
  ) {}

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

// ---------------------------------------------------------------- the scene message

/** A token of one shape (the same fields, in the same order): made for every event played. */
function token(
  ev: TraceEvent,
  after: number | null,
  kind: TokenKind,
  from: string,
  to: string,
  via: string | null,
  arrive_t: number,
  label: string,
): SceneToken {
  return {
    seq: ev.seq,
    kind,
    from,
    to,
    via,
    t: ev.t,
    arrive_t,
    after,
    label,
    instance: ev.instance ?? null,
    request_id: ev.request_id ?? null,
  };
}

function tokenOf(ev: TraceEvent, after: number | null): SceneToken | null {
  switch (ev.type) {
    case 'rpc':
      if (ev.phase === 'reply') {
        const label = ev.outcome === 'heartbeat' ? `${ev.method} ♥` : ev.method;
        return token(ev, after, 'reply', ev.from, ev.to, 'rabbitmq', ev.arrive_t, label);
      }
      return token(ev, after, ev.kind, ev.from, ev.to, null, ev.arrive_t, ev.method);
    case 'rest': {
      const request = ev.phase === 'request';
      const label = request
        ? `${ev.method} ${shortPath(ev.path)}`
        : `${ev.status ?? ''} ${ev.method}`.trim();
      const kind = request ? 'rest-request' : 'rest-response';
      return token(ev, after, kind, ev.from, ev.to, null, ev.arrive_t, label);
    }
    case 'db':
      return token(
        ev,
        after,
        'db-write',
        ev.by,
        ev.database,
        null,
        ev.t + DB_WRITE_MS,
        `${ev.op} ${ev.table}`,
      );
    case 'notification': {
      const from = publisherProcess(ev.publisher);
      return token(ev, after, 'notify', from, 'rabbitmq', null, transitEnd(ev)!, ev.event_type);
    }
    case 'mq': {
      if (!lost(ev)) return null;
      // a drop happens in the broker; a timeout in the caller, which stops waiting
      const at = ev.op === 'drop' ? 'rabbitmq' : ev.by;
      const label = `${ev.op === 'drop' ? 'dropped' : 'timeout'} ${ev.method ?? ''}`.trim();
      return token(ev, after, 'lost', at, at, null, ev.t + LOST_MS, label);
    }
    default:
      return null;
  }
}

/** `/v2.1/servers/c7bc…` → `/servers/…`: what a classroom needs to read on a moving token. */
export function shortPath(path: string): string {
  const clean = path.split('?')[0] ?? path;
  const parts = clean.split('/').filter((p) => p !== '' && !/^v\d/.test(p));
  const named = parts.map((p) => (/^[0-9a-f-]{16,}$/i.test(p) ? '…' : p));
  return `/${named.slice(0, 2).join('/')}`;
}

type QueueClass = { key: string; label: string };

/** Alike queues share a class: `compute.*`, `reply_*`, `*_fanout_*`. */
function queueClass(name: string): QueueClass {
  if (name.startsWith('reply_')) return { key: 'reply', label: 'reply_*' };
  const fan = name.indexOf('_fanout_');
  if (fan > 0) return { key: 'fanout', label: '*_fanout_*' };
  const dot = name.indexOf('.');
  if (dot > 0) {
    const topic = name.slice(0, dot);
    return { key: `server:${topic}`, label: `${topic}.*` };
  }
  return { key: `topic:${name}`, label: name };
}

export function queueRows(
  s: Readonly<SceneState>,
  inflightSends: Map<string, number>,
  unacked: Map<string, number>,
): QueueRow[] {
  // Topic queues stay alone; reply and fanout queues are always one row each; per-server
  // queues of a topic become one row when there is more than one.
  const groups = new Map<string, { label: string; rows: QueueRow[] }>();
  for (const [name, q] of s.queues) {
    const depth = Math.max(
      0,
      q.sent - q.delivered - q.dropped - q.held - (inflightSends.get(name) ?? 0),
    );
    const row: QueueRow = {
      name,
      queues: 1,
      depth,
      consumers: q.consumers,
      unacked: unacked.get(name) ?? 0,
    };
    if (name === NOTIFICATIONS_QUEUE) row.unread = true;
    const c = queueClass(name);
    const g = groups.get(c.key) ?? { label: c.label, rows: [] };
    g.rows.push(row);
    groups.set(c.key, g);
  }
  const out: QueueRow[] = [];
  for (const [key, g] of groups) {
    if (g.rows.length === 1 && key !== 'reply' && key !== 'fanout') {
      out.push(g.rows[0]!);
      continue;
    }
    out.push(
      g.rows.reduce<QueueRow>(
        (a, r) => ({
          name: g.label,
          queues: a.queues + 1,
          depth: a.depth + r.depth,
          consumers: a.consumers + r.consumers,
          unacked: a.unacked + r.unacked,
        }),
        { name: g.label, queues: 0, depth: 0, consumers: 0, unacked: 0 },
      ),
    );
  }
  return out.sort((a, b) => rowOrder(a) - rowOrder(b));
}

/** The topic queues, the per-server ones, reply, fanout, then the notifications' (unread). */
function rowOrder(q: QueueRow): number {
  if (q.unread) return 5;
  if (q.name.startsWith('reply')) return 3;
  if (q.name.includes('fanout')) return 4;
  return q.name.includes('.') ? 2 : 1;
}

/** Host rows in the order hosts were first seen (the scenario's order). */
function hostRows(s: Readonly<SceneState>, hostNames: readonly string[]): HostRow[] {
  const byHost = new Map<string, VmChip[]>();
  for (const h of hostNames) byHost.set(h, []);
  for (const vm of s.vms.values()) {
    if (vm.host === null) continue;
    let list = byHost.get(vm.host);
    if (!list) byHost.set(vm.host, (list = []));
    list.push(chipOf(vm));
  }
  return [...byHost].map(([host, vms]) => {
    const svc = s.services.get(host);
    return { host, up: !svc || (!svc.stopped && !svc.forcedDown), vms };
  });
}

const chipOf = (vm: VmRecord): VmChip => ({
  uuid: vm.uuid,
  name: vm.name,
  state: vm.state,
  request_id: vm.request_id,
});

/** Instances not on any host (being scheduled, or buried in cell0), once the cell knows them. */
function unplacedVms(s: Readonly<SceneState>): VmChip[] {
  const out: VmChip[] = [];
  for (const vm of s.vms.values()) if (vm.host === null && vm.name !== null) out.push(chipOf(vm));
  return out;
}

function tableCounts(s: Readonly<SceneState>): TableCount[] {
  const out: TableCount[] = [];
  for (const [key, rows] of s.tables) {
    const [database = '', table = ''] = key.split('\t');
    out.push({ database, table, rows });
  }
  return out.sort((a, b) => a.database.localeCompare(b.database) || a.table.localeCompare(b.table));
}

/** Sends remembered for staging their deliver hops, at most (oldest forgotten first). */
const MAX_SENDS_REMEMBERED = 4096;

/**
 * Builds the messages the live diagram draws from, for one run. They are deltas, so that a
 * message per frame stays small in a big cloud: host rows only when they changed, tables and
 * queues only when they changed, and, while playing, only the tokens the UI does not hold yet
 * (it drops the ones whose time on screen is over).
 */
export class SceneFeed {
  readonly cursor: SceneCursor;
  private sentHosts: string | null = null;
  /** the host rows the UI holds, by host */
  private readonly sentHostRows = new Map<string, HostRow>();
  private sentUnplaced: VmChip[] | null = null;
  private sentTables: string | null = null;
  private sentQueues: QueueRow[] | null = null;
  /**
   * While playing: the first event not yet looked at for tokens. Every token of an event
   * before it that may still be drawn is with the UI already, so the next message only
   * appends. Null: the next message replaces the UI's tokens.
   */
  private tokensFrom: number | null = null;
  /** the cursor, clock and stretch of the last tokens message */
  private tokensSeq = -1;
  private tokensClock = -1;
  private stretch = 0;
  /**
   * The user paused while playing: the next message keeps the picture (the playing stretch)
   * instead of drawing exact times. A breakpoint, the end of the run, a step or a seek draw
   * exact times.
   */
  private mayHold = false;
  /** when each recent RPC send left (by oslo `_unique_id`): its deliver hops are drawn after it */
  private readonly sendTimes = new Map<string, number>();
  /** while playing: when the tokens sent since the last reset leave the screen */
  private readonly shownUntil = new NumberHeap();

  constructor(
    private readonly runId: string,
    private readonly events: readonly TraceEvent[],
    private readonly hostNames: readonly string[],
    interval = SCENE_SNAPSHOT_INTERVAL,
  ) {
    this.cursor = new SceneCursor(events, interval);
  }

  /**
   * The tokens at `clock`. While playing (not at 'max'), tokens are stretched to stay visible
   * and the look-ahead is added. Paused where it played, the picture stays as it was: the
   * pause keeps the stretch and only brings the UI's clock to where the run stopped, which is
   * a little after the last message while playing. After a step or a seek, exactly the
   * messages in flight at the cursor are drawn. Null when the UI's tokens are still right
   * (paused, nothing moved).
   */
  tokens(seq: number, clock: number, speed: Speed, playing: boolean): TokensMessage | null {
    this.cursor.moveTo(seq);
    const s = this.cursor.state;
    const animated = playing && speed !== 'max';
    const mayHold = this.mayHold;
    this.mayHold = false;
    if (!animated && s.seq === this.tokensSeq && clock === this.tokensClock) return null;
    const forward = s.seq >= this.tokensSeq;
    this.tokensSeq = s.seq;
    this.tokensClock = clock;
    const base = { type: 'tokens', runId: this.runId, clock } as const;
    const from = this.tokensFrom;
    const follows = forward && from !== null && from >= s.seq - LOOKAHEAD_SCAN;
    // the first message after playing stopped, the cursor where playing left it
    const hold = !animated && follows && mayHold;
    if (!hold) this.stretch = animated ? playingStretch(speed) : 0;
    const append = (animated || hold) && follows;
    const tokens: SceneToken[] = [];
    let dropped = 0;
    const stretch = this.stretch;
    const take = (ev: TraceEvent): boolean => {
      if (transitEnd(ev) === null) return true;
      if (tokens.length >= MAX_TOKENS) return false;
      const tok = this.tokenOf(ev)!;
      if (animated && !this.room(tokenStart(tok, stretch))) dropped++;
      else {
        if (animated) this.shownUntil.push(tokenEnd(tok, stretch));
        tokens.push(tok);
      }
      return true;
    };
    if (!append) {
      this.shownUntil.clear();
      for (const ev of s.inflight) {
        if ((transitEnd(ev) ?? 0) <= clock) continue;
        if (!take(ev)) dropped++;
      }
    }
    this.tokensFrom = null;
    if (append || animated) {
      // Look-ahead: what starts before the UI's extrapolated clock can reach the next message.
      // Held: only what happened before the cursor and is not with the UI yet.
      const horizon = animated ? clock + speed * LOOKAHEAD_WALL_MS : clock;
      let i = append ? from! : s.seq;
      const stop = Math.min(hold ? s.seq : this.events.length, i + LOOKAHEAD_SCAN);
      for (; i < stop; i++) {
        const ev = this.events[i]!;
        if (ev.t > horizon || !take(ev)) break;
      }
      this.tokensFrom = hold ? Math.max(i, from!) : i;
    }
    return {
      ...base,
      stretch: this.stretch,
      tokens,
      reset: !append,
      dropped,
      // held: the look-ahead the UI holds may reach past the cursor, where the run stopped
      ...(hold ? { before: s.seq } : {}),
    };
  }

  /** The user pauses: the next message keeps the picture as it is (see `tokens`). */
  holdPicture(): void {
    this.mayHold = this.stretch > 0;
  }

  /** Is there room on screen for a token starting at `start`? */
  private room(start: number): boolean {
    if (this.shownUntil.size < MAX_TOKENS_SHOWN) return true;
    this.shownUntil.dropUpTo(start);
    return this.shownUntil.size < MAX_TOKENS_SHOWN;
  }

  private tokenOf(ev: TraceEvent): SceneToken | null {
    let after: number | null = null;
    if (ev.type === 'rpc' && ev.phase !== 'reply') {
      const id = (ev.payload as RpcPayload).unique_id;
      if (ev.phase === 'send') {
        if (this.sendTimes.size >= MAX_SENDS_REMEMBERED) {
          const oldest = this.sendTimes.keys().next().value;
          if (oldest !== undefined) this.sendTimes.delete(oldest);
        }
        this.sendTimes.set(id, ev.t);
      } else {
        after = this.sendTimes.get(id) ?? null;
        // a fanout message has one deliver per queue; any other, one
        if (!ev.fanout) this.sendTimes.delete(id);
      }
    }
    return tokenOf(ev, after);
  }

  /** What the boxes show at `seq`: only what changed since the last call. */
  details(seq: number, clock: number): SceneMessage {
    this.cursor.moveTo(seq);
    const s = this.cursor.state;
    const inflightSends = new Map<string, number>();
    const unacked = new Map<string, number>();
    for (const ev of s.inflight) {
      if ((transitEnd(ev) ?? 0) <= clock) continue;
      if (ev.type === 'notification')
        inflightSends.set(NOTIFICATIONS_QUEUE, (inflightSends.get(NOTIFICATIONS_QUEUE) ?? 0) + 1);
      if (ev.type !== 'rpc') continue;
      if (ev.phase === 'send')
        for (const q of targetQueues(s as SceneState, ev))
          inflightSends.set(q, (inflightSends.get(q) ?? 0) + 1);
      else if (ev.phase === 'deliver') unacked.set(ev.queue, (unacked.get(ev.queue) ?? 0) + 1);
    }
    const msg: SceneMessage = {
      type: 'scene',
      runId: this.runId,
      seq: s.seq,
      brokerUp: s.brokerUp,
    };
    const queues = queueRows(s, inflightSends, unacked);
    if (!this.sentQueues || !sameQueues(this.sentQueues, queues)) {
      msg.queues = queues;
      this.sentQueues = queues;
    }
    const hostsStamp = this.cursor.hostsStamp;
    if (hostsStamp !== this.sentHosts) {
      this.sentHosts = hostsStamp;
      const changed: HostRow[] = [];
      for (const row of hostRows(s, this.hostNames)) {
        const old = this.sentHostRows.get(row.host);
        if (old && old.up === row.up && sameChips(old.vms, row.vms)) continue;
        changed.push(row);
        this.sentHostRows.set(row.host, row);
      }
      if (changed.length > 0) msg.hosts = changed;
      const unplaced = unplacedVms(s);
      if (!this.sentUnplaced || !sameChips(this.sentUnplaced, unplaced)) {
        msg.unplaced = unplaced;
        this.sentUnplaced = unplaced;
      }
    }
    const tablesStamp = this.cursor.tablesStamp;
    if (tablesStamp !== this.sentTables) {
      msg.tables = tableCounts(s);
      this.sentTables = tablesStamp;
    }
    return msg;
  }
}
