/**
 * What a rescheduled build carries in filter_properties['retry']: the attempts so far, the
 * hosts tried, and why the last one failed (exc_reason from nova-compute; once populate_retry
 * has popped it, the last line of exc, the RescheduledException's own text).
 */
export interface RetryInfo {
  attempts: number;
  hosts: string[];
  reason: string;
}

export function retryInfo(args: unknown): RetryInfo | null {
  if (!args || typeof args !== 'object') return null;
  const fp = (args as { filter_properties?: unknown }).filter_properties;
  if (!fp || typeof fp !== 'object') return null;
  const retry = (fp as { retry?: unknown }).retry;
  if (!retry || typeof retry !== 'object') return null;
  const r = retry as {
    num_attempts?: unknown;
    hosts?: unknown;
    exc?: unknown;
    exc_reason?: unknown;
  };
  const lastExc = Array.isArray(r.exc) ? r.exc.at(-1) : undefined;
  const reason =
    typeof r.exc_reason === 'string'
      ? r.exc_reason
      : typeof lastExc === 'string'
        ? lastExc.trimEnd()
        : null;
  // a first build carries retry too (one attempt, its own host): only a failure says more
  if (reason === null) return null;
  return {
    attempts: typeof r.num_attempts === 'number' ? r.num_attempts : 0,
    hosts: Array.isArray(r.hosts)
      ? r.hosts.map((h) => (Array.isArray(h) ? String(h[0]) : String(h)))
      : [],
    reason,
  };
}
