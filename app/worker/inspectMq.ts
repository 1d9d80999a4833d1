import type { MqEvent, RpcEvent, TraceEvent } from '../engine/trace';
import { toRecord } from '../engine/traceRecord';
import type { MqDetail } from '../protocol/views';
import type { InspectContext } from './inspectContext';

/**
 * A broker event: a timeout, drop or held message with the call it is about and its other
 * broker events; an outage; a consumer coming or going.
 */
export function mqDetail(ev: MqEvent, ctx: InspectContext): MqDetail {
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
