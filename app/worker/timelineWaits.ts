import type { TraceEvent } from '../engine/trace';
import type { TimelineWait } from '../protocol/views';

/**
 * What a request is waiting on at a point of its trace: calls not yet answered, REST
 * requests not yet responded to, a hypervisor step not yet ended. Fed the request's events
 * in order; the timeline says it over a long pause, so that a minute of nothing reads as a
 * minute of waiting for something.
 */
export class PendingWork {
  private readonly calls = new Map<string, TimelineWait>();
  private readonly requests = new Map<string, TimelineWait[]>();
  private readonly steps = new Map<string, TimelineWait>();

  see(ev: TraceEvent): void {
    switch (ev.type) {
      case 'rpc':
        if (ev.msg_id === null || ev.kind !== 'call') return;
        if (ev.phase === 'send') this.calls.set(ev.msg_id, { who: ev.from, what: ev.method });
        else if (ev.phase === 'reply') this.calls.delete(ev.msg_id);
        return;
      case 'mq':
        if (ev.op === 'timeout' && ev.msg_id) this.calls.delete(ev.msg_id);
        return;
      case 'rest': {
        const [caller, server] = ev.phase === 'request' ? [ev.from, ev.to] : [ev.to, ev.from];
        const key = `${caller}\t${server}\t${ev.method}\t${ev.path}`;
        const open = this.requests.get(key) ?? [];
        if (ev.phase === 'request') open.push({ who: caller, what: `${ev.method} ${ev.path}` });
        else open.shift();
        if (open.length > 0) this.requests.set(key, open);
        else this.requests.delete(key);
        return;
      }
      case 'hypervisor':
        if (ev.phase === 'start')
          this.steps.set(ev.host, { who: `nova-compute@${ev.host}`, what: ev.op });
        else this.steps.delete(ev.host);
        return;
      default:
        return;
    }
  }

  /** Everything still open, oldest first by kind: calls, REST requests, hypervisor steps. */
  now(): TimelineWait[] {
    return [...this.calls.values(), ...[...this.requests.values()].flat(), ...this.steps.values()];
  }
}
