import { publisherProcess } from '../engine/services/notifier';
import type { TraceEvent } from '../engine/trace';
import type { TimelineMessage, TimelineView } from '../protocol/views';
import { byProcessOrder } from './inspect';
import type { TraceIndex } from './traceIndex';

/** A sequence diagram past this many messages shows the first ones only. */
export const MAX_TIMELINE_MESSAGES = 600;

/** One event of a request as a message between lanes, or null if it is not drawn. */
/** a reply's mark after its method: answered, failed, or still at work (a heartbeat) */
const REPLY_MARK = { result: ' ↩', failure: ' ✗', heartbeat: ' ♥' } as const;

export function timelineMessage(ev: TraceEvent): TimelineMessage | null {
  const base = { seq: ev.seq, t: ev.t, type: ev.type };
  switch (ev.type) {
    case 'rpc':
      return {
        ...base,
        from: ev.from,
        to: ev.to,
        label: `${ev.method}${ev.phase === 'reply' ? REPLY_MARK[ev.outcome ?? 'result'] : ''}`,
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
    case 'hypervisor':
      return {
        ...base,
        from: `nova-compute@${ev.host}`,
        to: `hypervisor@${ev.host}`,
        label: `${ev.op} ${ev.phase}`,
        words: [{ term: ev.op }, ' ', { term: ev.phase }],
        style: 'hypervisor',
      };
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
  for (const s of list) {
    const m = timelineMessage(events[s]!);
    if (!m) continue;
    if (messages.length >= MAX_TIMELINE_MESSAGES) truncated++;
    else messages.push(m);
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
