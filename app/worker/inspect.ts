import type {
  DbEvent,
  RestEvent,
  RpcEvent,
  RpcPayload,
  RpcReplyPayload,
  TraceEvent,
} from '../engine/trace';
import { envelopeOf, toRecord } from '../engine/traceRecord';
import type { EventInspection, RestDetail, RestHalf, RpcDetail } from '../protocol/views';
import { summarize } from './summary';
import { causeOf } from './cause';
import { countBelow, messageKey } from './traceIndex';
import { isRebuiltCandidates, rebuildCandidates } from './candidates';
import type { InspectContext } from './inspectContext';
import { mqDetail } from './inspectMq';
import { schedulerDecision } from './inspectScheduler';

export type { InspectContext } from './inspectContext';

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
