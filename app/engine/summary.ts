import type { TraceEvent } from './trace';

interface RequestOutcome {
  name: string;
  status: string;
  instance: string | null;
  /**
   * false: the client was still polling a server in BUILD when the run ended, or still
   * waiting for the answer to its POST (status NO ANSWER, no instance yet)
   */
  finished: boolean;
}

/** A short account of a run: what each request became, and counts by event type. */
export function summarize(events: TraceEvent[]) {
  const byType: Record<string, number> = {};
  const requests: RequestOutcome[] = [];
  /** servers the client has polled, by id: their name and the status last seen */
  const polled = new Map<string, { name: string; status: string }>();
  const finished = new Set<string>();
  /** the client's POSTs not answered yet, by request id: the server's name */
  const unanswered = new Map<string, string>();
  const rpc: string[] = [];
  for (const e of events) {
    byType[e.type] = (byType[e.type] ?? 0) + 1;
    if (e.type === 'client') {
      requests.push({
        name: e.name,
        status: e.status,
        instance: e.instance ?? null,
        finished: true,
      });
      if (e.instance) {
        finished.add(e.instance);
        polled.delete(e.instance);
      }
    }
    if (e.type === 'rest' && e.from === 'client' && e.method === 'POST' && e.request_id)
      unanswered.set(
        e.request_id,
        (e.body as { server?: { name?: string } } | undefined)?.server?.name ?? '',
      );
    if (e.type === 'rest' && e.to === 'client' && e.method === 'POST' && e.request_id) {
      const name = unanswered.get(e.request_id) ?? '';
      unanswered.delete(e.request_id);
      // accepted: BUILD until the client sees otherwise
      const id = (e.body as { server?: { id?: string } } | undefined)?.server?.id;
      if (id && !finished.has(id)) polled.set(id, { name, status: 'BUILD' });
    }
    if (e.type === 'rest' && e.phase === 'response' && e.to === 'client' && e.method === 'GET') {
      const server = (e.body as { server?: { id?: string; name?: string; status?: string } })
        ?.server;
      if (server?.id && server.status && !finished.has(server.id))
        polled.set(server.id, { name: server.name ?? '', status: server.status });
    }
    if (e.type === 'rpc' && e.phase === 'send' && e.method !== 'object_action')
      rpc.push(`${e.kind} ${e.method} ${e.version} → ${e.topic}${e.server ? `.${e.server}` : ''}`);
  }
  for (const [instance, { name, status }] of polled)
    requests.push({ name, status, instance, finished: false });
  for (const name of unanswered.values())
    requests.push({ name, status: 'NO ANSWER', instance: null, finished: false });
  const last = events[events.length - 1];
  return {
    events: events.length,
    virtual_ms: last?.t ?? 0,
    requests,
    byType,
    rpc: rpc.length > 60 ? [...rpc.slice(0, 60), `… ${rpc.length - 60} more`] : rpc,
  };
}
