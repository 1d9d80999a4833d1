import type { TraceEvent } from '../engine/trace';
import type { StuckBuild } from '../protocol/messages';

/**
 * Where each instance's build stands still at the end of a run that gave up: its last cast
 * (a cast has no reply, hence no timeout) not delivered, because RabbitMQ dropped it or
 * because it waits in a queue nothing reads (a stopped nova-compute's). Instances whose
 * casts all arrived are not listed. One pass over the run, made once when it gives up.
 */
export function stuckBuilds(events: readonly TraceEvent[]): StuckBuild[] {
  const last = new Map<string, StuckBuild>();
  for (const ev of events) {
    if (!ev.instance) continue;
    if (ev.type === 'rpc' && ev.kind === 'cast' && !ev.fanout) {
      if (ev.phase === 'send')
        last.set(ev.instance, {
          instance: ev.instance,
          method: ev.method,
          queue: ev.queue,
          dropped: false,
        });
      else if (ev.phase === 'deliver') {
        const s = last.get(ev.instance);
        if (s && s.method === ev.method && s.queue === ev.queue) last.delete(ev.instance);
      }
    } else if (ev.type === 'mq' && ev.op === 'drop') {
      const s = last.get(ev.instance);
      if (s && s.method === ev.method) s.dropped = true;
    }
  }
  return [...last.values()];
}
