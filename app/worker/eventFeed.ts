import type { RestEvent, TraceEvent } from '../engine/trace';
import type { EventSummary, WorkerToUi } from '../protocol/messages';
import type { Run } from './run';
import { withClaimHost, withRescheduleFrom, withWait } from './story';
import { summarize } from './summary';

/** How many recent event summaries the UI keeps; a longer jump resends this many. */
export const RECENT_EVENTS = 200;

/**
 * How many events before the cursor the page must still hold after a step back: the latest
 * events' list and, playing, the sentence's last big step are read from them.
 */
const KEEP_BEFORE = RECENT_EVENTS / 2;

/** Where a claim is made: the host, and its compute node (the resource provider's name). */
type ClaimedOn = { host: string; node: string };

/**
 * The events' summaries the page is sent, with what a story needs that its event alone
 * does not say: how long a timed-out call was waited for, the host a claim is made on, the
 * host a rescheduled build left.
 */
export class EventFeed {
  /** the cursor the page's events end at; -1 makes the next send a reset */
  private sentSeq = 0;
  /** the first event the page holds: its list runs from here to sentSeq, without a gap */
  private heldFrom = 0;

  /** The next send replaces what the page holds (a run was loaded). */
  reset(): void {
    this.sentSeq = -1;
  }

  /** how long a timed-out call was waited for, in seconds, by its event (found once) */
  private readonly waits = new WeakMap<object, number | null>();

  /** How long the caller waited for the call that timed out at `seq`: from the call's send. */
  private waitedSeconds(run: Run, seq: number): number | null {
    const ev = run.events[seq]!;
    const known = this.waits.get(ev);
    if (known !== undefined) return known;
    let waited: number | null = null;
    if (ev.type === 'mq' && ev.msg_id)
      for (let i = seq - 1; i >= 0; i--) {
        const e = run.events[i]!;
        if (e.type === 'rpc' && e.phase === 'send' && e.msg_id === ev.msg_id) {
          waited = Math.round((ev.t - e.t) / 1000);
          break;
        }
      }
    this.waits.set(ev, waited);
    return waited;
  }

  /** the compute nodes' host and node name by uuid (a provider's), of the run they were read from */
  private providerNames: { runId: string; names: Map<string, ClaimedOn> } | null = null;

  /**
   * The host a placement claim (PUT /allocations/…) is made on, and its compute node: the
   * provider's uuid is its compute node's, whose row the run wrote before any request.
   */
  private claimHost(run: Run, ev: RestEvent): ClaimedOn | null {
    if (ev.phase !== 'request' || ev.to !== 'placement-api') return null;
    const rp = Object.keys(
      (ev.body as { allocations?: Record<string, unknown> } | undefined)?.allocations ?? {},
    )[0];
    if (rp === undefined) return null;
    if (this.providerNames?.runId !== run.runId) {
      const names = new Map<string, ClaimedOn>();
      for (const e of run.events)
        if (e.type === 'db' && e.table === 'compute_nodes' && e.op === 'insert')
          names.set(e.key, {
            host: String(e.fields.host),
            node: String(e.fields.hypervisor_hostname),
          });
        else if (e.type === 'rest' && e.from === 'client') break;
      this.providerNames = { runId: run.runId, names };
    }
    return this.providerNames.names.get(rp) ?? null;
  }

  /**
   * Posts (into `out`) the summaries of the events up to the cursor the page has not seen:
   * appended after a short step forward, cut after a step back that leaves the page enough
   * events before the cursor, otherwise the last RECENT_EVENTS anew.
   */
  send(run: Run, out: WorkerToUi[]): void {
    const seq = run.seq;
    if (seq === this.sentSeq) return;
    if (
      this.sentSeq >= 0 &&
      seq < this.sentSeq &&
      seq - this.heldFrom >= Math.min(seq, KEEP_BEFORE)
    ) {
      // A short step back: the UI drops what it holds after the cursor, nothing to resend.
      out.push({ type: 'events', reset: false, events: [], before: seq });
      this.sentSeq = seq;
      return;
    }
    const append = this.sentSeq >= 0 && seq > this.sentSeq && seq - this.sentSeq <= RECENT_EVENTS;
    const from = append ? this.sentSeq : Math.max(0, seq - RECENT_EVENTS);
    // the page keeps the last RECENT_EVENTS of what it holds
    this.heldFrom = Math.max(append ? this.heldFrom : from, seq - RECENT_EVENTS);
    const events: EventSummary[] = [];
    const instances = run.fold.state.instances;
    for (let i = from; i < seq; i++) {
      const ev = run.events[i]!;
      const s = summarize(ev, instances);
      const waited = ev.type === 'mq' && ev.op === 'timeout' ? this.waitedSeconds(run, i) : null;
      let story = waited === null ? s.story : withWait(s.story, waited);
      const claimedOn = ev.type === 'rest' && ev.method === 'PUT' ? this.claimHost(run, ev) : null;
      if (claimedOn !== null) story = withClaimHost(story, claimedOn.host, claimedOn.node);
      if (ev.type === 'state' && ev.task_state === 'scheduling' && ev.host === null) {
        const from = hostBefore(run.events, i, ev.instance);
        if (from !== null) story = withRescheduleFrom(story, from);
      }
      events.push(story === s.story ? s : { ...s, story });
    }
    out.push({ type: 'events', reset: !append, events });
    this.sentSeq = seq;
  }
}

/** How far back an instance's previous state is looked for (a build's states are close). */
const STATE_LOOKBACK = 20_000;

/**
 * The last host the instance was on before event `at`, if any: the failed build's (its
 * claim aborted, the state just before has no host already).
 */
function hostBefore(events: readonly TraceEvent[], at: number, instance: string): string | null {
  for (let s = at - 1; s >= Math.max(0, at - STATE_LOOKBACK); s--) {
    const e = events[s]!;
    if (e.type === 'state' && e.instance === instance && e.host !== null) return e.host;
  }
  return null;
}
