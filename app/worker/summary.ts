import type { TraceEvent } from '../engine/trace';
import { assertNever, type EventSummary, type InstanceRow } from '../protocol/messages';
import { storyOf, withSpawnHistory } from './story';

/**
 * The compact projection of an event the UI gets: no payloads, no envelopes, no bodies.
 * `instances` (the fold at the cursor, when there is one) lets a failed boot's last sentence
 * name the hosts that failed to spawn it.
 */
export function summarize(
  ev: TraceEvent,
  instances?: ReadonlyMap<string, InstanceRow>,
): EventSummary {
  const row = ev.type === 'client' && ev.instance ? instances?.get(ev.instance) : undefined;
  const base = {
    seq: ev.seq,
    t: ev.t,
    type: ev.type,
    instance: ev.instance ?? null,
    request_id: ev.request_id ?? null,
    story: row ? withSpawnHistory(storyOf(ev), row) : storyOf(ev),
  };
  switch (ev.type) {
    case 'rpc':
      return {
        ...base,
        from: ev.from,
        to: ev.to,
        what: `${ev.kind} ${ev.method} (${ev.phase}${ev.outcome ? ` ${ev.outcome}` : ''})`,
      };
    case 'rest':
      return {
        ...base,
        from: ev.from,
        to: ev.to,
        what: `${ev.method} ${ev.path}${ev.status !== undefined ? ` → ${ev.status}` : ''}`,
      };
    case 'db':
      return { ...base, from: ev.by, to: ev.database, what: `${ev.op} ${ev.table}` };
    case 'state':
      return {
        ...base,
        from: ev.host ? `nova-compute@${ev.host}` : null,
        to: null,
        what: `${ev.vm_state} / ${ev.task_state ?? 'None'}`,
      };
    case 'notification':
      return { ...base, from: ev.publisher, to: null, what: ev.event_type };
    case 'hypervisor':
      return { ...base, from: `hypervisor@${ev.host}`, to: null, what: `${ev.op} ${ev.phase}` };
    case 'mq':
      return {
        ...base,
        from: ev.by,
        to: 'rabbitmq',
        what: `${ev.op}${ev.queue ? ` ${ev.queue}` : ''}${ev.method ? ` ${ev.method}` : ''}`,
      };
    case 'schedule':
      return {
        ...base,
        from: ev.by,
        to: null,
        // as the timeline writes it: Nova's names, the same in both languages
        what: ev.chosen ? `→ ${ev.chosen}` : 'NoValidHost',
      };
    case 'service':
      return { ...base, from: `${ev.binary}@${ev.host}`, to: null, what: `${ev.binary} ${ev.op}` };
    case 'fault':
      return { ...base, from: null, to: ev.target, what: `${ev.kind}: ${ev.detail}` };
    case 'client':
      return { ...base, from: 'client', to: null, what: `${ev.name} ${ev.status}` };
    default:
      return assertNever(ev, 'trace event');
  }
}
