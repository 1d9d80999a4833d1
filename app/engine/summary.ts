import type { TraceEvent } from './trace';

/** A short account of a run: what each request became, and counts by event type. */
export function summarize(events: TraceEvent[]) {
  const byType: Record<string, number> = {};
  const requests: { name: string; status: string; instance: string | null }[] = [];
  const rpc: string[] = [];
  for (const e of events) {
    byType[e.type] = (byType[e.type] ?? 0) + 1;
    if (e.type === 'client')
      requests.push({ name: e.name, status: e.status, instance: e.instance ?? null });
    if (e.type === 'rpc' && e.phase === 'send' && e.method !== 'object_action')
      rpc.push(`${e.kind} ${e.method} ${e.version} → ${e.topic}${e.server ? `.${e.server}` : ''}`);
  }
  const last = events[events.length - 1];
  return {
    events: events.length,
    virtual_ms: last?.t ?? 0,
    requests,
    byType,
    rpc: rpc.length > 60 ? [...rpc.slice(0, 60), `… ${rpc.length - 60} more`] : rpc,
  };
}
