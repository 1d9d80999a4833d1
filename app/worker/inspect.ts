import type {
  DbEvent,
  MqEvent,
  RestEvent,
  RpcEvent,
  RpcPayload,
  RpcReplyPayload,
  ScheduleEvent,
  TraceEvent,
} from '../engine/trace';
import { envelopeOf, toRecord } from '../engine/traceRecord';
import type { InstanceRow } from '../protocol/messages';
import { queueOfId } from '../protocol/processes';
import type {
  ComputeHostInspection,
  ConductorBuild,
  EventInspection,
  MqDetail,
  ProcessInspection,
  QueueInspection,
  QueueMessage,
  ResourceRow,
  RestDetail,
  RestHalf,
  RpcDetail,
  SchedulerDecision,
  SchedulerHostRow,
  Shortfall,
} from '../protocol/views';
import { summarize } from './summary';
import { causeOf } from './cause';
import type { DbTables } from './tables';
import { countBelow, lastBelow, messageKey, type TraceIndex } from './traceIndex';
import {
  type PlacementProvider,
  candidatesQuery,
  isRebuiltCandidates,
  placementAt,
  rebuildCandidates,
  shortfall,
} from './candidates';
import { nodenameOf } from '../engine/services/hypervisor';
import { NOTIFICATIONS_QUEUE, publisherProcess } from '../engine/services/notifier';
import { transitEnd } from './sceneTokens';

/** What the inspector reads: the trace, its index, the tables and instances at the cursor. */
export interface InspectContext {
  events: readonly TraceEvent[];
  index: TraceIndex;
  /** the tables at `seq` (moved there when read) */
  readonly tables: DbTables;
  instances: ReadonlyMap<string, InstanceRow>;
  /** the cursor: events 0 … seq-1 have happened */
  seq: number;
  /** the placement aggregate of a resource provider (by its name) of a zone, if any */
  aggregateOf?: (node: string) => string | null;
  /** the scenario's service_down_time, s */
  serviceDownTime?: number;
}

/**
 * Names with numbers in their order (cmp2 before cmp10). One collator: localeCompare with
 * options makes one a call, and the inspector sorts hundreds of processes a seek.
 */
const naturally = new Intl.Collator('en', { numeric: true });

const RECENT = 8;
const MAX_QUEUE_MESSAGES = 100;
const MAX_SCHEDULER_HOSTS = 60;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------- one event

/** The routing key oslo publishes with: `topic.server` for a server, none on a fanout. */
function routingKey(ev: RpcEvent): string {
  if (ev.phase === 'reply') return ev.queue;
  if (ev.fanout) return '';
  return ev.server ? `${ev.topic}.${ev.server}` : ev.topic;
}

function rpcDetail(ev: RpcEvent, ctx: InspectContext): RpcDetail {
  const envelope = envelopeOf(ev);
  const message = parseJson(envelope['oslo.message']) as Record<string, unknown>;
  const context: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(message))
    if (k.startsWith('_context_')) context[k.slice('_context_'.length)] = v;
  const related = new Set<number>([
    ...(ctx.index.byMessage.get(messageKey(ev)) ?? []),
    ...(ev.msg_id ? (ctx.index.byMsgId.get(ev.msg_id) ?? []) : []),
  ]);
  related.delete(ev.seq);
  const detail: RpcDetail = {
    kind: 'rpc',
    phase: ev.phase,
    callKind: ev.kind,
    method: ev.method,
    version: ev.version,
    namespace: ev.namespace,
    from: ev.from,
    to: ev.to,
    exchange: ev.exchange,
    topic: ev.topic,
    server: ev.server,
    fanout: ev.fanout,
    routing_key: routingKey(ev),
    queue: ev.queue,
    msg_id: ev.msg_id,
    reply_q: ev.phase === 'reply' ? null : (ev.payload as RpcPayload).reply_q,
    outcome: ev.outcome ?? null,
    envelope,
    message,
    context,
    args: ev.phase === 'reply' ? null : (message.args ?? null),
    related: [...related]
      .sort((a, b) => a - b)
      .map((s) => {
        const r = ctx.events[s] as RpcEvent;
        return { seq: s, phase: r.phase, from: r.from, to: r.to };
      }),
  };
  if (ev.phase === 'reply') {
    const p = ev.payload as RpcReplyPayload;
    if (p.failure) detail.failure = p.failure;
    else detail.result = message.result ?? null;
  }
  return detail;
}

const noZone = () => null;

const restHalf = (ev: RestEvent): RestHalf => ({
  seq: ev.seq,
  t: ev.t,
  from: ev.from,
  to: ev.to,
  headers: ev.headers ?? null,
  body: ev.body ?? null,
});

/** The other half of a REST exchange: same request id, method and path, ends swapped. */
function restPartner(ev: RestEvent, ctx: InspectContext): RestEvent | null {
  const fits = (o: TraceEvent): o is RestEvent =>
    o.type === 'rest' &&
    o.phase !== ev.phase &&
    o.method === ev.method &&
    o.path === ev.path &&
    o.from === ev.to &&
    o.to === ev.from;
  const list = ev.request_id ? ctx.index.byRequest.get(ev.request_id) : undefined;
  const at = list ? countBelow(list, ev.seq) : 0;
  if (ev.phase === 'request') {
    if (list) {
      for (let i = at + 1; i < list.length; i++) {
        const o = ctx.events[list[i]!]!;
        if (fits(o)) return o;
      }
      return null;
    }
    for (let s = ev.seq + 1; s < Math.min(ctx.events.length, ev.seq + 2000); s++) {
      const o = ctx.events[s]!;
      if (fits(o)) return o;
    }
    return null;
  }
  if (list) {
    for (let i = at - 1; i >= 0; i--) {
      const o = ctx.events[list[i]!]!;
      if (fits(o)) return o;
    }
    return null;
  }
  for (let s = ev.seq - 1; s >= Math.max(0, ev.seq - 2000); s--) {
    const o = ctx.events[s]!;
    if (fits(o)) return o;
  }
  return null;
}

function restDetail(ev: RestEvent, ctx: InspectContext): RestDetail {
  const partner = restPartner(ev, ctx);
  const request = ev.phase === 'request' ? ev : partner;
  const response = ev.phase === 'response' ? ev : partner;
  return {
    kind: 'rest',
    method: ev.method,
    path: ev.path,
    status: response?.status ?? null,
    request: request ? restHalf(request) : null,
    response: response ? responseHalf(response, ctx) : null,
  };
}

/** A response's half; placement's candidates rebuilt, as the trace does not keep them. */
function responseHalf(ev: RestEvent, ctx: InspectContext): RestHalf {
  if (!isRebuiltCandidates(ev)) return restHalf(ev);
  const r = rebuildCandidates(ev, ctx.events, ctx.index.dbWrites, ctx.aggregateOf ?? noZone);
  return { ...restHalf(ev), body: r.body, rebuilt: { shown: r.shown, total: r.total } };
}

/**
 * The whole row right before and right after write `ev`: its writes folded from the last
 * insert (null before an insert, and after a delete).
 */
function rowAround(
  ev: DbEvent,
  ctx: InspectContext,
): { rowBefore: Record<string, unknown> | null; rowAfter: Record<string, unknown> | null } {
  const chain: DbEvent[] = [];
  const writes = ctx.index.dbWrites;
  for (let i = countBelow(writes, ev.seq + 1) - 1; i >= 0; i--) {
    const o = ctx.events[writes[i]!] as DbEvent;
    if (o.key !== ev.key || o.table !== ev.table || o.database !== ev.database) continue;
    if (o.op === 'delete' && o !== ev) break;
    chain.push(o);
    if (o.op === 'insert') break;
  }
  // chain[0] is `ev` itself, then the row's earlier writes back to its insert
  let before: Record<string, unknown> = {};
  for (let i = chain.length - 1; i >= 1; i--) before = { ...before, ...chain[i]!.fields };
  return {
    rowBefore: ev.op === 'insert' ? null : before,
    rowAfter: ev.op === 'delete' ? null : { ...before, ...ev.fields },
  };
}

export function inspectEvent(seq: number, ctx: InspectContext): EventInspection | null {
  const ev = ctx.events[seq];
  if (!ev) return null;
  const base = {
    target: 'event' as const,
    seq: ev.seq,
    t: ev.t,
    type: ev.type,
    request_id: ev.request_id ?? null,
    instance: ev.instance ?? null,
    future: seq >= ctx.seq,
    cause: causeLink(ev, ctx),
  };
  switch (ev.type) {
    case 'rpc':
      return { ...base, detail: rpcDetail(ev, ctx) };
    case 'rest':
      return { ...base, detail: restDetail(ev, ctx) };
    case 'db':
      return {
        ...base,
        detail: {
          kind: 'db',
          by: ev.by,
          database: ev.database,
          table: ev.table,
          op: ev.op,
          key: ev.key,
          fields: ev.fields,
          ...rowAround(ev, ctx),
        },
      };
    case 'state': {
      const list = ctx.index.byInstance.get(ev.instance) ?? [];
      let previous = null;
      for (let i = countBelow(list, ev.seq) - 1; i >= 0; i--) {
        const o = ctx.events[list[i]!]!;
        if (o.type === 'state') {
          previous = {
            vm_state: o.vm_state,
            task_state: o.task_state,
            power_state: o.power_state,
            host: o.host,
            node: o.node,
          };
          break;
        }
      }
      return {
        ...base,
        detail: {
          kind: 'state',
          instance: ev.instance,
          vm_state: ev.vm_state,
          task_state: ev.task_state,
          power_state: ev.power_state,
          host: ev.host,
          node: ev.node,
          previous,
        },
      };
    }
    case 'schedule':
      return {
        ...base,
        detail: { kind: 'schedule', decision: schedulerDecision(ev, ctx), record: toRecord(ev) },
      };
    case 'mq':
      return { ...base, detail: mqDetail(ev, ctx) };
    default:
      return { ...base, detail: { kind: 'other', record: toRecord(ev) } };
  }
}

function causeLink(ev: TraceEvent, ctx: InspectContext): EventInspection['cause'] {
  const cause = causeOf(ev, ctx.events, ctx.index);
  if (!cause) return null;
  const { words, from } = summarize(cause);
  return { seq: cause.seq, words, from };
}

/**
 * A broker event: a timeout, drop or held message with the call it is about and its other
 * broker events; an outage; a consumer coming or going.
 */
function mqDetail(ev: MqEvent, ctx: InspectContext): MqDetail {
  const id = ev.msg_id ?? null;
  const sent =
    id === null
      ? undefined
      : (ctx.index.byMsgId.get(id) ?? [])
          .map((s) => ctx.events[s] as RpcEvent)
          .find((o) => o.phase === 'send');
  // the message's broker events carry its request's ids: look among them
  const own =
    id === null
      ? []
      : ev.instance
        ? (ctx.index.byInstance.get(ev.instance) ?? [])
        : ev.request_id
          ? (ctx.index.byRequest.get(ev.request_id) ?? [])
          : [];
  const related = own
    .map((s) => ctx.events[s]!)
    .filter((o): o is MqEvent => o.type === 'mq' && o.msg_id === id && o.seq !== ev.seq)
    .map((o) => ({ seq: o.seq, op: o.op }));
  const other = heldPair(ev, ctx.events);
  return {
    kind: 'mq',
    op: ev.op,
    by: ev.by,
    queue: ev.queue,
    method: ev.method ?? null,
    held: other
      ? ev.op === 'held'
        ? { heldSeq: ev.seq, releasedSeq: other.seq, ms: other.t - ev.t }
        : { heldSeq: other.seq, releasedSeq: ev.seq, ms: ev.t - other.t }
      : null,
    sent: sent ? { seq: sent.seq, t: sent.t, from: sent.from, to: sent.topic } : null,
    waitedMs: ev.op === 'timeout' && sent ? ev.t - sent.t : null,
    monitorTimeout:
      ev.op === 'timeout' && sent && 'call_monitor_timeout' in sent.payload
        ? sent.payload.call_monitor_timeout
        : null,
    related,
    outage: outageOf(ev, ctx.events),
    record: toRecord(ev),
  };
}

/** The outage a broker-down or broker-up event is part of (mqDetail's `outage`). */
function outageOf(ev: MqEvent, events: readonly TraceEvent[]): MqDetail['outage'] {
  if (ev.op !== 'broker-down' && ev.op !== 'broker-up') return null;
  const isOp = (o: TraceEvent | undefined, op: string) => o?.type === 'mq' && o.op === op;
  let down = ev.seq;
  if (ev.op === 'broker-up') while (down > 0 && !isOp(events[down], 'broker-down')) down--;
  if (!isOp(events[down], 'broker-down')) return null;
  let up: number | null = null;
  let held = 0;
  for (let s = down + 1; s < events.length; s++) {
    if (isOp(events[s], 'broker-up')) {
      up = s;
      break;
    }
    if (isOp(events[s], 'held')) held++;
  }
  const end = up === null ? events.at(-1)! : events[up]!;
  return { downSeq: down, upSeq: up, ms: end.t - events[down]!.t, held };
}

/**
 * The other half of a message a publisher held while RabbitMQ was down: the release of a
 * held message, or the hold of a released one. A notification has no msg_id: the same
 * publisher, queue, event type and request say it is the same message.
 */
function heldPair(ev: MqEvent, events: readonly TraceEvent[]): MqEvent | null {
  if (ev.op !== 'held' && ev.op !== 'released') return null;
  const want = ev.op === 'held' ? 'released' : 'held';
  const same = (o: TraceEvent): o is MqEvent =>
    o.type === 'mq' &&
    o.op === want &&
    o.by === ev.by &&
    o.queue === ev.queue &&
    o.method === ev.method &&
    (o.msg_id ?? null) === (ev.msg_id ?? null) &&
    o.request_id === ev.request_id;
  // an outage is short beside the run: the scan stops at the first match, or at the run's end
  if (want === 'released') {
    for (let s = ev.seq + 1; s < events.length; s++)
      if (same(events[s]!)) return events[s] as MqEvent;
  } else {
    for (let s = ev.seq - 1; s >= 0; s--) if (same(events[s]!)) return events[s] as MqEvent;
  }
  return null;
}

// ---------------------------------------------------------------- nova-scheduler

/**
 * What placement lacked on each host it offered no candidate on (by host), from its tables
 * when the scheduler asked it for allocation candidates: the operator need not work out which
 * class was short, nor by how much, from the inventories and allocations.
 */
function shortfalls(ev: ScheduleEvent, ctx: InspectContext): Map<string, Shortfall> {
  const known = shortfallsOf.get(ev);
  if (known) return known;
  const out = new Map<string, Shortfall>();
  // the fold below reads every placement write before the decision: once per decision, not
  // at every step while the scheduler's panel is open
  shortfallsOf.set(ev, out);
  if (ev.no_capacity.length === 0 || !ev.request_id) return out;
  let asked: RestEvent | undefined;
  for (const s of ctx.index.byRequest.get(ev.request_id) ?? []) {
    if (s >= ev.seq) break;
    const e = ctx.events[s]!;
    if (
      e.type === 'rest' &&
      e.phase === 'response' &&
      e.from === 'placement-api' &&
      e.path.startsWith('/allocation_candidates')
    )
      asked = e;
  }
  if (!asked) return out;
  const { want } = candidatesQuery(asked.path);
  const byNode = new Map<string, PlacementProvider>();
  for (const p of placementAt(asked.seq, ctx.events, ctx.index.dbWrites).values())
    byNode.set(p.name, p);
  for (const host of ev.no_capacity.slice(0, MAX_SCHEDULER_HOSTS)) {
    const p = byNode.get(nodenameOf(host));
    const short = p && shortfall(p, want);
    if (short) out.set(host, short);
  }
  return out;
}

const shortfallsOf = new WeakMap<ScheduleEvent, Map<string, Shortfall>>();

/** The scheduler's decision as a table of hosts; with `ctx`, why placement had no room on some. */
export function schedulerDecision(ev: ScheduleEvent, ctx?: InspectContext): SchedulerDecision {
  const short = ctx ? shortfalls(ev, ctx) : new Map<string, Shortfall>();
  const filterNames = ev.filters.map((f) => f.name);
  const weigherNames: string[] = [];
  for (const w of ev.weighed)
    for (const n of Object.keys(w.weights)) if (!weigherNames.includes(n)) weigherNames.push(n);
  const rows = new Map<string, SchedulerHostRow>();
  const row = (host: string): SchedulerHostRow => {
    let r = rows.get(host);
    if (!r) {
      r = {
        host,
        filters: filterNames.map(() => ({ result: 'pass' as const })),
        noCapacity: false,
        shortfall: null,
        weight: null,
        weights: null,
        role: null,
      };
      rows.set(host, r);
    }
    return r;
  };
  ev.filters.forEach((f, i) => {
    for (const rej of f.rejected) {
      const r = row(rej.host);
      r.filters[i] = { result: 'fail', reason: rej.reason };
      for (let j = i + 1; j < filterNames.length; j++) r.filters[j] = { result: 'skipped' };
    }
  });
  for (const w of ev.weighed) {
    const r = row(w.host);
    r.weight = w.weight;
    r.weights = w.weights;
  }
  if (ev.chosen) row(ev.chosen).role = 'chosen';
  for (const a of ev.alternates) row(a).role = 'alternate';
  for (const h of ev.no_capacity) {
    const r = row(h);
    r.noCapacity = true;
    r.shortfall = short.get(h) ?? null;
    r.filters = filterNames.map(() => ({ result: 'skipped' as const }));
  }
  const roleRank = (r: SchedulerHostRow) =>
    r.role === 'chosen' ? 0 : r.role === 'alternate' ? 1 : 2;
  const failedAt = (r: SchedulerHostRow) => {
    const i = r.filters.findIndex((f) => f.result === 'fail');
    return r.noCapacity ? filterNames.length + 1 : i < 0 ? -1 : i;
  };
  const hosts = [...rows.values()].sort(
    (a, b) =>
      roleRank(a) - roleRank(b) ||
      failedAt(a) - failedAt(b) ||
      (b.weight ?? -Infinity) - (a.weight ?? -Infinity) ||
      naturally.compare(a.host, b.host),
  );
  const passed = ev.filters.length
    ? ev.filters[ev.filters.length - 1]!.remaining
    : ev.candidate_count;
  return {
    seq: ev.seq,
    t: ev.t,
    request_id: ev.request_id ?? null,
    instance: ev.instance ?? null,
    candidate_count: ev.candidate_count,
    filterNames,
    remaining: ev.filters.map((f) => f.remaining),
    weigherNames,
    hosts: hosts.slice(0, MAX_SCHEDULER_HOSTS),
    unlisted:
      Math.max(0, passed - ev.weighed.length) + Math.max(0, hosts.length - MAX_SCHEDULER_HOSTS),
    chosen: ev.chosen,
    alternates: ev.alternates,
  };
}

// ---------------------------------------------------------------- nova-conductor

const BUILD_METHODS = new Set(['schedule_and_build_instances', 'build_instances']);

function conductorBuilds(ctx: InspectContext): ConductorBuild[] {
  const { events, index, seq } = ctx;
  const started = new Map<string, number>();
  const conductor = index.byProcess.get('nova-conductor') ?? [];
  const n = countBelow(conductor, seq);
  for (let i = 0; i < n; i++) {
    const ev = events[conductor[i]!]!;
    if (
      ev.type === 'rpc' &&
      ev.phase === 'deliver' &&
      ev.to === 'nova-conductor' &&
      BUILD_METHODS.has(ev.method) &&
      ev.instance
    )
      if (!started.has(ev.instance)) started.set(ev.instance, ev.seq);
  }
  const out: ConductorBuild[] = [];
  for (const [uuid] of started) {
    const inst = ctx.instances.get(uuid);
    if (inst && inst.vm_state !== 'building') continue;
    const list = index.byInstance.get(uuid) ?? [];
    const k = countBelow(list, seq);
    let lastStep: ConductorBuild['lastStep'] = null;
    let waitingOn: ConductorBuild['waitingOn'] = null;
    let attempts = 1;
    let request_id: string | null = null;
    /** messages a publisher still holds (RabbitMQ is down): a held reply has not arrived */
    const held = new Set<string>();
    let lastCall: RpcEvent | null = null;
    for (let i = 0; i < k; i++) {
      const ev = events[list[i]!]!;
      if (ev.type === 'mq' && ev.msg_id && (ev.op === 'held' || ev.op === 'released')) {
        if (ev.op === 'held') held.add(ev.msg_id);
        else held.delete(ev.msg_id);
      }
      if (ev.type !== 'rpc') continue;
      const mine = ev.from === 'nova-conductor' || ev.to === 'nova-conductor';
      if (!mine || ev.method === 'object_action') continue;
      request_id ??= ev.request_id ?? null;
      lastStep = { seq: ev.seq, words: summarize(ev).words };
      // Nova's num_attempts: the first build is attempt 1, each reschedule (build_instances) one more
      if (ev.phase === 'deliver' && ev.to === 'nova-conductor' && ev.method === 'build_instances')
        attempts++;
      if (ev.phase === 'send' && ev.from === 'nova-conductor' && ev.kind === 'call') lastCall = ev;
    }
    if (lastCall) {
      const id = lastCall.msg_id ?? '';
      const answered =
        !held.has(id) &&
        (index.byMsgId.get(id) ?? []).some((s) => {
          const o = events[s]!;
          return s < seq && o.type === 'rpc' && o.phase === 'reply' && o.outcome !== 'heartbeat';
        });
      if (!answered) waitingOn = { seq: lastCall.seq, method: lastCall.method, to: lastCall.topic };
    }
    out.push({
      instance: uuid,
      name: inst?.name ?? null,
      request_id,
      vm_state: inst?.vm_state ?? 'building',
      // a build the cell has no row of yet is being scheduled; a row's None is its own
      task_state: inst ? inst.task_state : 'scheduling',
      host: inst?.host ?? null,
      lastStep,
      waitingOn,
      attempts,
    });
  }
  return out;
}

// ---------------------------------------------------------------- a compute host

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function computeHost(host: string, ctx: InspectContext): ComputeHostInspection {
  const t = ctx.tables;
  let service: Record<string, unknown> | null = null;
  let node: Record<string, unknown> | null = null;
  for (const db of t.catalog()) {
    if (db.name === 'placement') continue;
    service ??= t.row(db.name, 'services', `${host}/nova-compute`)?.values ?? null;
    node ??= t.rows(db.name, 'compute_nodes').find((r) => r.values.host === host)?.values ?? null;
  }
  // placement names a provider by its node (fake-mini for a host named compute)
  const nodename = nodenameOf(host);
  const provider = t
    .rows('placement', 'resource_providers')
    .find((r) => r.values.name === nodename);
  const placement: ResourceRow[] = [];
  if (provider) {
    const used = new Map<string, number>();
    for (const a of t.rows('placement', 'allocations'))
      if (a.values.resource_provider === provider.key) {
        const rc = String(a.values.resource_class);
        used.set(rc, (used.get(rc) ?? 0) + num(a.values.used));
      }
    for (const inv of t.rows('placement', 'inventories'))
      if (inv.values.resource_provider === provider.key) {
        const rc = String(inv.values.resource_class);
        placement.push({
          resource: rc,
          total: num(inv.values.total),
          used: used.get(rc) ?? 0,
          reserved: num(inv.values.reserved),
          allocation_ratio: num(inv.values.allocation_ratio),
        });
      }
  }
  const vms = [...ctx.instances.values()]
    .filter((i) => i.host === host)
    .map((i) => ({ uuid: i.uuid, name: i.name, vm_state: i.vm_state, task_state: i.task_state }));
  return {
    host,
    service,
    state: serviceState(service, ctx),
    stoppedAt: stoppedAt(host, ctx),
    node,
    placement,
    vms,
  };
}

/** When nova-compute on `host` stopped, if it is stopped at the cursor (virtual ms). */
function stoppedAt(host: string, ctx: InspectContext): number | null {
  const list = ctx.index.byProcess.get(`nova-compute@${host}`) ?? [];
  for (let i = countBelow(list, ctx.seq) - 1; i >= 0; i--) {
    const ev = ctx.events[list[i]!]!;
    if (ev.type === 'service' && ev.op !== 'forced-down') return ev.op === 'stop' ? ev.t : null;
  }
  return null;
}

/** servicegroup's DB driver is_up, at the cursor's virtual time (as ComputeFilter asks it). */
function serviceState(
  service: Record<string, unknown> | null,
  ctx: InspectContext,
): ComputeHostInspection['state'] {
  if (!service) return null;
  const now = ctx.seq > 0 ? (ctx.events[ctx.seq - 1]?.t ?? 0) : 0;
  const last = typeof service.last_seen_ms === 'number' ? service.last_seen_ms : null;
  const downAfterS = ctx.serviceDownTime ?? 60;
  const heardAgoMs = last === null ? null : now - last;
  const up = service.forced_down !== true && heardAgoMs !== null && heardAgoMs <= downAfterS * 1000;
  return { up, heardAgoMs, downAfterS };
}

// ---------------------------------------------------------------- a queue

export function queueState(queue: string, ctx: InspectContext): QueueInspection {
  const { events, index, seq } = ctx;
  const list = index.byQueue.get(queue) ?? [];
  const n = countBelow(list, seq);
  const now = seq > 0 ? events[seq - 1]!.t : 0;
  const consumers = new Set<string>();
  const waiting = new Map<string, QueueMessage>();
  let delivered = 0;
  let dropped = 0;
  // replies their sender still holds (RabbitMQ is down): not arrived, whatever their arrive_t
  const held = new Set<string>();
  for (let i = 0; i < n; i++) {
    const ev = events[list[i]!]!;
    if (ev.type === 'mq' && ev.msg_id && ev.op === 'held') held.add(ev.msg_id);
    if (ev.type === 'mq' && ev.msg_id && ev.op === 'released') held.delete(ev.msg_id);
  }
  for (let i = 0; i < n; i++) {
    const ev = events[list[i]!]!;
    if (ev.type === 'mq') {
      if (ev.op === 'consumer-up') consumers.add(ev.by);
      else if (ev.op === 'consumer-down') consumers.delete(ev.by);
      else if (ev.op === 'drop') {
        // A dropped message leaves the queue: the oldest waiting one of that method.
        for (const [k, m] of waiting)
          if (m.method === ev.method) {
            waiting.delete(k);
            dropped++;
            break;
          }
      }
      continue;
    }
    if (ev.type === 'notification') {
      // kept from the moment it arrives: nothing consumes it
      if (transitEnd(ev)! <= now)
        waiting.set(`notify ${ev.seq}`, {
          seq: ev.seq,
          t: ev.t,
          method: ev.event_type,
          kind: 'notify',
          from: publisherProcess(ev.publisher),
          request_id: ev.request_id ?? null,
        });
      continue;
    }
    if (ev.type !== 'rpc') continue;
    if (ev.phase === 'send' || (ev.phase === 'reply' && ev.queue === queue)) {
      const key = messageKey(ev);
      const handled = (index.byMessage.get(key) ?? []).some(
        (s) =>
          s < seq &&
          s !== ev.seq &&
          events[s]!.type === 'rpc' &&
          (events[s] as RpcEvent).phase === 'deliver' &&
          // a fanout message is delivered from each of its queues: this one's delivery
          (!ev.fanout || (events[s] as RpcEvent).queue === queue),
      );
      if (ev.phase === 'reply') {
        // a reply is consumed by the caller as it arrives: waiting until then
        if (held.has(ev.msg_id ?? '') || ev.arrive_t > now) waiting.set(key, qm(ev));
        else delivered++;
      } else if (handled) delivered++;
      else waiting.set(key, qm(ev));
    }
  }
  const all = [...waiting.values()];
  return {
    queue,
    ...(queue === NOTIFICATIONS_QUEUE ? { unread: true as const } : {}),
    consumers: [...consumers].sort(),
    waiting: all.slice(0, MAX_QUEUE_MESSAGES),
    delivered,
    dropped,
  };
}

const qm = (ev: RpcEvent): QueueMessage => ({
  seq: ev.seq,
  t: ev.t,
  method: ev.method,
  kind: ev.kind,
  from: ev.from,
  request_id: ev.request_id ?? null,
});

// ---------------------------------------------------------------- a process

export function inspectProcess(id: string, ctx: InspectContext): ProcessInspection {
  const { events, index, seq } = ctx;
  const list = index.byProcess.get(id) ?? [];
  const k = countBelow(list, seq);
  const recent = list
    .slice(Math.max(0, k - RECENT), k)
    .reverse()
    .map((s) => ({ seq: s, words: summarize(events[s]!).words }));
  const out: ProcessInspection = { target: 'process', id, recent };
  const queue = queueOfId(id);
  if (queue !== null) {
    out.queue = queueState(queue, ctx);
    out.recent = [];
  } else if (id === 'nova-scheduler') {
    const s = lastBelow(index.schedules, seq);
    out.scheduler = s >= 0 ? schedulerDecision(events[s] as ScheduleEvent, ctx) : null;
  } else if (id === 'nova-conductor') {
    out.conductor = conductorBuilds(ctx);
  } else if (id.startsWith('nova-compute@') || id.startsWith('hypervisor@')) {
    out.compute = computeHost(id.slice(id.indexOf('@') + 1), ctx);
  }
  const held = heldBy(id, ctx);
  if (held.length > 0) out.held = held;
  return out;
}

/** What `process` holds at the cursor: held, and not yet released, in the order it began. */
function heldBy(process: string, ctx: InspectContext): NonNullable<ProcessInspection['held']> {
  const { events, index, seq } = ctx;
  const out: (NonNullable<ProcessInspection['held']>[number] & { msg_id: string | null })[] = [];
  const holds = index.holds;
  for (let i = 0, n = countBelow(holds, seq); i < n; i++) {
    const ev = events[holds[i]!]!;
    if (ev.type !== 'mq' || ev.by !== process) continue;
    const what = { method: ev.method ?? '', queue: ev.queue ?? '', msg_id: ev.msg_id ?? null };
    if (ev.op === 'held') out.push({ seq: ev.seq, ...what });
    else {
      // a release hands over the oldest of its kind (a message by its id)
      const k = out.findIndex((h) =>
        what.msg_id !== null
          ? h.msg_id === what.msg_id
          : h.msg_id === null && h.method === what.method && h.queue === what.queue,
      );
      if (k >= 0) out.splice(k, 1);
    }
  }
  return out.map(({ seq: s, method, queue }) => ({ seq: s, method, queue }));
}

/** The processes to pick from, in the order of the architecture (client first). */
const PROCESS_ORDER = [
  'client',
  'nova-api',
  'keystone',
  'glance-api',
  'neutron-server',
  'rabbitmq',
  'nova-conductor',
  'nova-scheduler',
  'placement-api',
  'nova-compute@',
  'hypervisor@',
  'nova-api-db',
  'nova-cell0-db',
  'nova-cell1-db',
  'placement',
];

export function processRank(p: string): number {
  const i = PROCESS_ORDER.findIndex((o) => (o.endsWith('@') ? p.startsWith(o) : p === o));
  return i < 0 ? PROCESS_ORDER.length : i;
}

export const byProcessOrder = (a: string, b: string): number =>
  processRank(a) - processRank(b) || naturally.compare(a, b);
