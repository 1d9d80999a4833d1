import type { TraceEvent } from '../engine/trace';

/**
 * Something going wrong, wherever it shows: a spawn error, an RPC reply carrying an
 * exception, a message dropped or a call timed out, a REST answer of 400 or more, no host
 * left to the scheduler, an error notification, a fault row, an instance going to ERROR, a
 * request that did not end ACTIVE. Not the injected fault itself: that is what the user set.
 */
export function isFailure(ev: TraceEvent): boolean {
  switch (ev.type) {
    case 'hypervisor':
      return ev.phase === 'error';
    case 'rpc':
      return ev.phase === 'reply' && ev.outcome === 'failure';
    case 'mq':
      return ev.op === 'drop' || ev.op === 'timeout';
    case 'rest':
      return ev.phase === 'response' && (ev.status ?? 0) >= 400;
    case 'schedule':
      return ev.chosen === null;
    case 'notification':
      return ev.event_type.endsWith('.error');
    case 'db':
      return ev.table === 'instance_faults' && ev.op === 'insert';
    case 'state':
      return ev.vm_state === 'error';
    case 'client':
      return ev.status !== 'ACTIVE';
    default:
      return false;
  }
}
