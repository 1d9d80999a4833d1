import { toPrimitive } from './objects';
import { pyDumps } from './pyJson';
import type { OsloEnvelope, RpcEvent, RpcPayload, RpcReplyPayload, TraceEvent } from './trace';

/**
 * The oslo wire message of an RPC event (amqpdriver: method, args, namespace, version, then
 * _msg_id/_reply_q for calls, _unique_id and the flattened context).
 */
export function envelopeOf(ev: RpcEvent): OsloEnvelope {
  // A message's send and deliver events carry the same payload, a few events apart when the
  // trace is read in order: its envelope is built once. The cache is small, so it keeps no
  // more than a window of the trace alive.
  let envelope = recentEnvelopes.get(ev.payload);
  if (envelope === undefined) {
    envelope = buildEnvelope(ev);
    if (recentEnvelopes.size >= RECENT_ENVELOPES)
      recentEnvelopes.delete(recentEnvelopes.keys().next().value!);
    recentEnvelopes.set(ev.payload, envelope);
  }
  return envelope;
}

const RECENT_ENVELOPES = 512;
const recentEnvelopes = new Map<object, OsloEnvelope>();

function buildEnvelope(ev: RpcEvent): OsloEnvelope {
  let inner: Record<string, unknown>;
  if (ev.phase === 'reply') {
    const p = ev.payload as RpcReplyPayload;
    // amqpdriver's _send_reply: both fields, one of them None
    inner = {
      result: p.failure || p.result === undefined ? null : toPrimitive(p.result),
      // serialize_remote_exception: the failure as json.dumps writes it
      failure: p.failure ? pyDumps(p.failure) : null,
      ending: p.ending ?? true,
      _msg_id: p.msg_id,
      _unique_id: p.unique_id,
    };
  } else {
    const p = ev.payload as RpcPayload;
    inner = { method: p.method, args: toPrimitive(p.args) };
    if (p.namespace !== null) inner.namespace = p.namespace;
    inner.version = p.version;
    if (p.msg_id !== null) {
      inner._msg_id = p.msg_id;
      inner._reply_q = p.reply_q;
      inner._timeout = p.call_monitor_timeout;
    }
    inner._unique_id = p.unique_id;
    for (const [k, v] of Object.entries(p.context)) inner[`_context_${k}`] = v;
  }
  return { 'oslo.version': '2.0', 'oslo.message': JSON.stringify(inner) };
}

/** The public form of an event (DESIGN.md trace format): RPC payloads become envelopes. */
export function toRecord(ev: TraceEvent): Record<string, unknown> {
  const { seq, t, ...rest } = ev;
  if (ev.type !== 'rpc') return { seq, t, ...rest };
  const { payload: _payload, ...fields } = rest as Omit<RpcEvent, 'seq' | 't'>;
  return { seq, t, ...fields, envelope: envelopeOf(ev) };
}

/**
 * `JSON.stringify(toRecord(ev))`. The engine stamps `seq` and `t` last onto events it made
 * without them (world.ts), so a non-RPC event's own JSON is its record's with those two
 * moved to the front: no copy of the event, which a worker playing a big cloud makes for
 * tens of thousands of events a second.
 */
export function toJsonLine(ev: TraceEvent): string {
  if (ev.type !== 'rpc') {
    const own = JSON.stringify(ev);
    const tail = `,"seq":${ev.seq},"t":${ev.t}}`;
    if (own.endsWith(tail)) return `{"seq":${ev.seq},"t":${ev.t},${own.slice(1, -tail.length)}}`;
  }
  return JSON.stringify(toRecord(ev));
}
