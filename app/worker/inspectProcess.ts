import type { RpcEvent, ScheduleEvent } from '../engine/trace';
import { queueOfId } from '../protocol/processes';
import type {
  ComputeHostInspection,
  ConductorBuild,
  ProcessInspection,
  QueueInspection,
  QueueMessage,
  ResourceRow,
} from '../protocol/views';
import { summarize } from './summary';
import { countBelow, lastBelow, messageKey } from './traceIndex';
import { nodenameOf } from '../engine/services/hypervisor';
import { NOTIFICATIONS_QUEUE, publisherProcess } from '../engine/services/notifier';
import { transitEnd } from './sceneTokens';
import type { InspectContext } from './inspectContext';
import { schedulerDecision } from './inspectScheduler';

const RECENT = 8;
const MAX_QUEUE_MESSAGES = 100;

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
    if (ev.type === 'fault' && ev.kind === 'service-down') return ev.t;
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
