import type { TraceEvent } from '../engine/trace';
import { publisherProcess } from '../engine/services/notifier';
import { LATENCY } from '../engine/world';
import type { SceneToken, TokenKind } from '../protocol/messages';
import { queueId } from '../protocol/processes';

/** What each event draws on the diagram, and for how long it moves. */

/** A database write has no delivery time in the trace: draw it for this long (virtual ms). */
export const DB_WRITE_MS = 12;
/** How long a lost message's mark stays where it was lost (virtual ms, before stretching). */
export const LOST_MS = 1500;

export const lost = (ev: TraceEvent) =>
  ev.type === 'mq' && (ev.op === 'drop' || ev.op === 'timeout');

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

export function tokenOf(ev: TraceEvent, after: number | null): SceneToken | null {
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
      // A drop happens in the broker, at the queue that held the message; a timeout in the
      // caller, which stops waiting.
      const drop = ev.op === 'drop';
      const at = drop ? 'rabbitmq' : ev.by;
      const where = drop && ev.queue ? queueId(ev.queue) : at;
      const label = `${drop ? 'dropped' : 'timeout'} ${ev.method ?? ''}`.trim();
      return token(ev, after, 'lost', at, where, null, ev.t + LOST_MS, label);
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
