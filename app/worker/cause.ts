import type { TraceEvent } from '../engine/trace';
import { countBelow, type TraceIndex } from './traceIndex';

/**
 * Where something first goes wrong in a boot request: a spawn the hypervisor fails, a
 * scheduling that finds no host, a message RabbitMQ drops or a call that times out, a refusal
 * of the API, and the scenario's own injected faults.
 */
function isOrigin(ev: TraceEvent): boolean {
  switch (ev.type) {
    case 'hypervisor':
      return ev.phase === 'error';
    case 'schedule':
      return ev.chosen === null;
    case 'mq':
      return ev.op === 'timeout' || ev.op === 'drop';
    case 'rest':
      return ev.phase === 'response' && ev.to === 'client' && (ev.status ?? 0) >= 400;
    case 'fault':
      return true;
    default:
      return false;
  }
}

/** Origins that befall one instance of a request, not all of them. */
const ownedByInstance = (ev: TraceEvent): boolean =>
  ev.type === 'hypervisor' || (ev.type === 'fault' && ev.kind === 'spawn-fails');

/** Events that tell of a failure that happened before them, elsewhere. */
function tellsOfFailure(ev: TraceEvent): boolean {
  switch (ev.type) {
    case 'client':
      return ev.status !== 'ACTIVE';
    case 'state':
      return ev.vm_state === 'error';
    case 'db':
      return ev.table === 'instance_faults' && ev.op === 'insert';
    case 'notification':
      return /\.error$/.test(ev.event_type);
    case 'rpc':
      return ev.phase === 'reply' && ev.outcome === 'failure';
    default:
      return false;
  }
}

/** What may have made an origin happen, of the origins before it. */
function upstreamOf(ev: TraceEvent, earlier: TraceEvent): boolean {
  if (ev.type === 'hypervisor') return earlier.type === 'fault';
  // a call times out when its message is lost, its callee is stopped or slowed, or the broker
  // is down; a spawn made to fail has nothing to do with it
  if (ev.type === 'mq' && ev.op === 'timeout')
    return (
      (earlier.type === 'fault' && earlier.kind !== 'spawn-fails') ||
      (earlier.type === 'mq' && earlier.msg_id === ev.msg_id)
    );
  if (ev.type === 'mq' && ev.op === 'drop') return earlier.type === 'fault';
  return false;
}

/**
 * The event a failure goes back to, one link at a time: an instance in ERROR, its fault row,
 * an `.error` notification or a failure reply go back to the request's last origin before them
 * (the spawn that failed on the last host tried, the timeout); a failed spawn to the fault the
 * scenario injected, a timeout to the drop of its message. Null when the request has none.
 */
export function causeOf(ev: TraceEvent, events: readonly TraceEvent[], index: TraceIndex) {
  const origin = isOrigin(ev);
  if (!origin && !tellsOfFailure(ev)) return null;
  const list = ev.request_id ? index.byRequest.get(ev.request_id) : undefined;
  if (!list) return null;
  for (let i = countBelow(list, ev.seq) - 1; i >= 0; i--) {
    const earlier = events[list[i]!]!;
    if (!isOrigin(earlier)) continue;
    // a multi-create's request has several instances: another one's failed spawn is not this
    // one's (a scheduling that found no host, a lost call, a refusal are the whole request's)
    if (ownedByInstance(earlier) && ev.instance && earlier.instance !== ev.instance) continue;
    if (!origin || upstreamOf(ev, earlier)) return earlier;
  }
  return null;
}
