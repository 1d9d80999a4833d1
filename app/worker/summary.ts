import type { TraceEvent } from '../engine/trace';
import {
  assertNever,
  refusalCode,
  type EventSummary,
  type InstanceRow,
  type SummaryTerm,
  type SummaryWord,
} from '../protocol/messages';
import { droppedMessage, storyOf, withSiblings, withSpawnHistory } from './story';

/**
 * The compact projection of an event the UI gets: no payloads, no envelopes, no bodies.
 * `instances` (the fold at the cursor, when there is one) lets a failed boot's last sentence
 * name the hosts that failed to spawn it.
 */
export function summarize(
  ev: TraceEvent,
  instances?: ReadonlyMap<string, InstanceRow>,
): EventSummary {
  const told = ev.type === 'client' || (ev.type === 'state' && ev.vm_state === 'error');
  const row = told && ev.instance ? instances?.get(ev.instance) : undefined;
  const base = {
    seq: ev.seq,
    t: ev.t,
    type: ev.type,
    instance: ev.instance ?? null,
    request_id: ev.request_id ?? null,
    story: row ? withSiblings(withSpawnHistory(storyOf(ev), row), row, instances!) : storyOf(ev),
    server: serverOf(ev, instances),
  };
  const said = (from: string | null, to: string | null, ...words: SummaryWord[]) => ({
    ...base,
    from,
    to,
    what: words.map((w) => (typeof w === 'string' ? w : w.term)).join(''),
    words,
  });
  const term = (t: SummaryTerm): SummaryWord => ({ term: t });
  switch (ev.type) {
    case 'rpc':
      return boundFor(
        said(
          ev.from,
          ev.to,
          `${ev.kind} ${ev.method} (`,
          term(ev.phase),
          ...(ev.outcome ? [' ', term(ev.outcome)] : []),
          ')',
        ),
        ev.phase === 'send' ? ev.queue : null,
      );
    case 'rest':
      return said(
        ev.from,
        ev.to,
        `${ev.method} ${ev.path}${ev.status !== undefined ? ` → ${ev.status}` : ''}`,
      );
    case 'db':
      return said(ev.by, ev.database, term(ev.op), ` ${ev.table}`);
    case 'state':
      return said(
        ev.host ? `nova-compute@${ev.host}` : null,
        null,
        `${ev.vm_state} / ${ev.task_state ?? 'None'}`,
      );
    case 'notification':
      return said(ev.publisher, null, ev.event_type);
    case 'hypervisor':
      return said(`hypervisor@${ev.host}`, null, term(ev.op), ' ', term(ev.phase));
    case 'mq':
      // a reply queue's name (reply_5d7bae84…) says nothing a reader needs: the method does,
      // or, for a queue taken up or left, that it is a reply queue
      return boundFor(
        said(ev.by, 'rabbitmq', term(ev.op), queueWord(ev.queue, ev.method), methodWord(ev.method)),
        ev.op === 'drop' ? ev.queue : null,
      );
    case 'schedule':
      // as the timeline writes it: Nova's names, the same in both languages
      return said(ev.by, null, ev.chosen ? `→ ${ev.chosen}` : 'NoValidHost');
    case 'service':
      return said(`${ev.binary}@${ev.host}`, null, `${ev.binary} `, term(ev.op));
    case 'fault':
      // `what` keeps the engine's English sentence; the words say it in the page's language
      return {
        ...said(null, ev.target, `${ev.kind}: `, faultWord(ev)),
        what: `${ev.kind}: ${ev.detail}`,
      };
    case 'client': {
      // `rejected 403` is the engine's own word for a refused request: translated, its code kept
      const code = refusalCode(ev.status);
      return code !== null
        ? said('client', null, `${ev.name} `, term('rejected'), ` ${code}`)
        : said('client', null, `${ev.name} ${ev.status}`);
    }
    default:
      return assertNever(ev, 'trace event');
  }
}

/** `summary` with the process that reads `queue`, when the queue is one service's. */
function boundFor(summary: EventSummary, queue: string | null): EventSummary {
  const reader = queue === null ? null : readerOf(queue);
  return reader === null ? summary : { ...summary, bound: reader };
}

/**
 * Who reads a topic queue: `conductor` (and `conductor.<its host>`) → nova-conductor,
 * `compute.host1` → nova-compute@host1: only nova-compute is drawn once a host. None for a
 * reply queue, a fanout queue or the notifications'.
 */
export function readerOf(queue: string): string | null {
  if (queue.startsWith('reply_') || queue.includes('_fanout_') || queue.includes('notifications'))
    return null;
  const dot = queue.indexOf('.');
  const topic = dot < 0 ? queue : queue.slice(0, dot);
  if (!/^[a-z]+$/.test(topic)) return null;
  return topic === 'compute' && dot > 0 ? `nova-compute@${queue.slice(dot + 1)}` : `nova-${topic}`;
}

function serverOf(ev: TraceEvent, instances?: ReadonlyMap<string, InstanceRow>): string | null {
  if (ev.instance) return instances?.get(ev.instance)?.name ?? null;
  if (ev.type === 'rest' && ev.from === 'client' && ev.method === 'POST') {
    const name = (ev.body as { server?: { name?: unknown } } | undefined)?.server?.name;
    return typeof name === 'string' ? name : null;
  }
  return null;
}

/** A fault's sentence as a term, with the host or the number it names. */
function faultWord(ev: Extract<TraceEvent, { type: 'fault' }>): SummaryWord {
  switch (ev.kind) {
    case 'service-down':
      return { term: 'fault-service-down', name: ev.target.slice(ev.target.indexOf('@') + 1) };
    case 'broker-down':
      if (ev.amount !== undefined) return { term: 'fault-broker-down', n: ev.amount };
      break;
    case 'slow':
      if (ev.amount !== undefined) return { term: 'fault-slow', name: ev.target, n: ev.amount };
      break;
    case 'spawn-fails':
      return { term: 'fault-spawn-fails', name: ev.target.slice(ev.target.indexOf('@') + 1) };
    case 'message-drop':
      // `<method> (<queue>)`: Nova's names, the same in both languages
      return { term: 'fault-message-drop', name: droppedMessage(ev).message };
  }
  return ev.detail;
}

/** A broker event's queue: a reply queue by its kind alone, and not at all beside its method. */
function queueWord(queue: string | null, method: string | undefined): string {
  if (!queue) return '';
  if (!queue.startsWith('reply_')) return ` ${queue}`;
  return method ? '' : ' reply_…';
}

const methodWord = (method: string | undefined): string => (method ? ` ${method}` : '');
