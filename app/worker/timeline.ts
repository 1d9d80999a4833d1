import { publisherProcess } from '../engine/services/notifier';
import type { RpcEvent, RpcPayload, TraceEvent } from '../engine/trace';
import { TIMELINE_GAP_MS, type TimelineMessage, type TimelineView } from '../protocol/views';
import { byProcessOrder } from './processOrder';
import { PendingWork } from './timelineWaits';
import type { TraceIndex } from './traceIndex';

/** A sequence diagram past this many messages shows the first ones only. */
export const MAX_TIMELINE_MESSAGES = 600;

/** a reply's mark after its method: answered, failed, or still at work (a heartbeat) */
const REPLY_MARK = { result: ' ↩', failure: ' ✗', heartbeat: ' ♥' } as const;

/**
 * What an object_action call does (`Instance.save`, `InstanceFault.create`): the method is
 * the same for every write nova-compute asks the conductor for, the object and its method
 * are what tell them apart.
 */
export function remotedObjectMethod(ev: RpcEvent): string | null {
  if (ev.method !== 'object_action' || ev.phase === 'reply') return null;
  const { objinst, objmethod } = (ev.payload as RpcPayload).args as {
    objinst?: { $nova?: unknown };
    objmethod?: unknown;
  };
  const name = typeof objinst?.$nova === 'string' ? objinst.$nova : null;
  return name && typeof objmethod === 'string' ? `${name}.${objmethod}` : null;
}

/**
 * One event of a request as a message between lanes, or null if it is not drawn. `objects`
 * names an object_action reply by its call's object method (from the call's msg_id).
 */
export function timelineMessage(
  ev: TraceEvent,
  objects?: ReadonlyMap<string, string>,
): TimelineMessage | null {
  const base = { seq: ev.seq, t: ev.t, type: ev.type };
  switch (ev.type) {
    case 'rpc':
      return {
        ...base,
        from: ev.from,
        to: ev.to,
        label: `${ev.method}${rpcObject(ev, objects)}${ev.phase === 'reply' ? REPLY_MARK[ev.outcome ?? 'result'] : ''}`,
        style: ev.phase === 'reply' ? 'reply' : ev.kind,
      };
    case 'rest':
      return {
        ...base,
        from: ev.from,
        to: ev.to,
        label:
          ev.phase === 'request'
            ? `${ev.method} ${ev.path}`
            : `${ev.status ?? ''} ${ev.method} ${ev.path}`,
        style: ev.phase,
      };
    case 'db':
      return {
        ...base,
        from: ev.by,
        to: ev.database,
        label: `${ev.op} ${ev.table}`,
        words: [{ term: ev.op }, ` ${ev.table}`],
        style: 'db',
      };
    case 'hypervisor': {
      // nova-compute calls the driver; its end (or its exception) comes back to nova-compute
      const compute = `nova-compute@${ev.host}`;
      const driver = `hypervisor@${ev.host}`;
      const back = ev.phase !== 'start';
      return {
        ...base,
        from: back ? driver : compute,
        to: back ? compute : driver,
        label: `${ev.op} ${ev.phase}`,
        words: [{ term: ev.op }, ' ', { term: ev.phase }],
        style: 'hypervisor',
      };
    }
    case 'state': {
      const p = ev.host ? `nova-compute@${ev.host}` : 'nova-conductor';
      return {
        ...base,
        from: p,
        to: p,
        label: `${ev.vm_state} / ${ev.task_state ?? 'None'}`,
        style: 'state',
      };
    }
    case 'schedule':
      return {
        ...base,
        from: ev.by,
        to: ev.by,
        label: ev.chosen ? `→ ${ev.chosen}` : 'NoValidHost',
        style: 'schedule',
      };
    case 'mq':
      return ev.op === 'drop' || ev.op === 'timeout' || ev.op === 'held' || ev.op === 'released'
        ? {
            ...base,
            from: ev.by,
            to: ev.by,
            label: `${ev.op} ${ev.method ?? ''}`.trim(),
            words: [{ term: ev.op }, ...(ev.method ? [` ${ev.method}`] : [])],
            style: ev.op === 'released' ? 'state' : 'fault',
          }
        : null;
    case 'notification':
      // published to the broker, where it stays: drawn to its lane, as on the diagram
      return {
        ...base,
        from: publisherProcess(ev.publisher),
        to: 'rabbitmq',
        label: ev.event_type,
        style: 'notify',
      };
    case 'client':
      return { ...base, from: 'client', to: 'client', label: ev.status, style: 'state' };
    default:
      return null;
  }
}

/** ` Instance.save` after an object_action's method, for its call and its reply. */
function rpcObject(ev: RpcEvent, objects?: ReadonlyMap<string, string>): string {
  const named =
    ev.phase === 'reply'
      ? ev.msg_id !== null
        ? objects?.get(ev.msg_id)
        : undefined
      : remotedObjectMethod(ev);
  return named ? ` ${named}` : '';
}

/** The sequence diagram of one request: every event that carries its request id. */
export function timelineView(
  requestId: string | null,
  events: readonly TraceEvent[],
  index: TraceIndex,
): TimelineView {
  const requests = index.requests.map((r) => ({ ...r }));
  const id = requestId ?? requests[0]?.request_id ?? null;
  const list = id ? (index.byRequest.get(id) ?? []) : [];
  const messages: TimelineMessage[] = [];
  let truncated = 0;
  const objects = new Map<string, string>();
  const pending = new PendingWork();
  for (const s of list) {
    const ev = events[s]!;
    if (ev.type === 'rpc' && ev.phase === 'send' && ev.msg_id !== null) {
      const named = remotedObjectMethod(ev);
      if (named) objects.set(ev.msg_id, named);
    }
    const m = timelineMessage(ev, objects);
    if (m) {
      const previous = messages[messages.length - 1];
      if (previous && m.t - previous.t >= TIMELINE_GAP_MS) m.waited = pending.now();
      if (messages.length >= MAX_TIMELINE_MESSAGES) truncated++;
      else messages.push(m);
    }
    pending.see(ev);
  }
  const lanes = new Set<string>();
  for (const m of messages) {
    lanes.add(m.from);
    lanes.add(m.to);
  }
  return {
    view: 'timeline',
    requests,
    request_id: id,
    lanes: [...lanes].sort(byProcessOrder),
    messages,
    truncated,
  };
}
