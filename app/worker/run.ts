import type { Injection } from '../engine/api';
import { MAX_TRACE_EVENTS } from '../protocol/messages';
import { createEngine } from '../engine/engine';
import type { ResolvedScenario } from '../engine/scenario';
import type { TraceEvent } from '../engine/trace';
import { toJsonLine } from '../engine/traceRecord';
import { FoldCursor } from './fold';
import { applyInjections } from './inject';
import { HashChain } from './traceHash';

/** Kernel actions run between two looks at the wall clock (a fraction of a millisecond). */
const PRODUCE_STEPS = 64;

/**
 * One loaded scenario: the engine, the whole trace it has produced so far, and a cursor into
 * that trace. The engine is deterministic, so everything before the end of the trace is
 * known; the engine only runs when the cursor (or the prefetch) needs events past the end.
 */
export class Run {
  readonly events: TraceEvent[] = [];
  readonly fold: FoldCursor;
  readonly hashes: HashChain;
  private readonly engine: ReturnType<typeof createEngine>;
  /** set when the engine threw: the trace before it stays usable, nothing comes after it */
  failure: string | null = null;
  /** the failure has been reported to the UI */
  failureReported = false;

  constructor(
    readonly runId: string,
    readonly scenario: ResolvedScenario,
    readonly seed: number,
    /** the user's actions, replayed in order (inject.ts) */
    readonly injections: readonly Injection[] = [],
  ) {
    this.engine = createEngine(scenario, { sink: (ev) => void this.events.push(ev), seed });
    this.fold = new FoldCursor(this.events);
    this.hashes = new HashChain((i) => toJsonLine(this.events[i]!));
    if (injections.length > 0) this.guard(() => applyInjections(this.engine, injections));
  }

  get seq(): number {
    return this.fold.state.seq;
  }

  /** virtual time of the last event before the cursor */
  get t(): number {
    return this.fold.state.t;
  }

  /** where this run's trace stops growing (MAX_TRACE_EVENTS; lower in tests) */
  maxEvents = MAX_TRACE_EVENTS;

  /** the engine has nothing more to do: the trace is final */
  get complete(): boolean {
    return this.failure !== null || this.engine.done || this.events.length >= this.maxEvents;
  }

  /** the trace stopped at its limit with the engine still busy: boots in flight never end */
  get capped(): boolean {
    return this.failure === null && !this.engine.done && this.events.length >= this.maxEvents;
  }

  /**
   * the engine stopped long after the scenario's last request or fault, with builds that
   * nothing left in the cloud would end
   */
  get gaveUp(): boolean {
    return this.failure === null && this.complete && !this.capped && this.engine.gaveUp;
  }

  get atEnd(): boolean {
    return this.complete && this.seq === this.events.length;
  }

  get traceHash(): string {
    return this.hashes.at(this.seq);
  }

  /**
   * The first event of the first boot request (the client's POST): the events before it
   * start the cloud (cells, services, queues). Looked for in the first `limit` events.
   */
  firstRequestSeq(limit = 5000): number | null {
    for (let i = 0; i < limit; i++) {
      if (i >= this.events.length) this.produce(i + 1);
      const ev = this.events[i];
      if (ev === undefined) return null;
      if (ev.type === 'rest' && ev.from === 'client') return i;
    }
    return null;
  }

  /**
   * What the scenario does to the cloud before its first boot request (a service forced
   * down, an injected fault): the setup note names them, as skipping the setup skips them.
   */
  setupEvents(first: number | null): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let i = 0; i < (first ?? 0); i++) {
      const ev = this.events[i]!;
      if (ev.type === 'fault' || forcedDown(ev) !== null) out.push(ev);
    }
    return out;
  }

  /** Runs the engine until the trace holds at least `n` events or the run is over. */
  produce(n: number): void {
    const limit = Math.min(n, this.maxEvents);
    this.guard(() => {
      while (this.events.length < limit && !this.complete && this.engine.step()) {
        /* each kernel action emits zero or more events */
      }
    });
  }

  /**
   * Runs the engine until its trace holds every event up to virtual time `t` (the cursor
   * stays), in small steps, stopping early once `now()` passes `deadline`. True when it got
   * there (or the run is over).
   */
  produceUntil(t: number, deadline = Infinity, now: () => number = () => 0): boolean {
    for (;;) {
      if (this.complete) return true;
      const last = this.events[this.events.length - 1];
      if (last && last.t > t) return true;
      if (now() >= deadline) return false;
      // Events come in time order: once one is past `t`, every one up to `t` is made.
      this.guard(() => {
        for (let i = 0; i < PRODUCE_STEPS && this.engine.step(); i++) {
          /* one kernel action each */
        }
      });
    }
  }

  /** An engine bug must not take the page down: keep what was traced, stop the run there. */
  private guard(work: () => void): void {
    if (this.failure !== null) return;
    try {
      work();
    } catch (e) {
      this.failure = `the engine failed after event ${this.events.length - 1}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Moves the cursor to `seq`, running the engine first if the trace is not that long yet. */
  moveTo(seq: number): number {
    this.produce(seq);
    return this.fold.moveTo(seq);
  }

  /**
   * Moves the cursor past every event at or before virtual time `t`, at most `maxSteps`
   * events; returns false when it stopped at `maxSteps` with events still due. With
   * `produce` false it moves only over the events made already.
   */
  advanceToTime(t: number, maxSteps: number, produce = true): boolean {
    const stop = this.seq + maxSteps;
    for (;;) {
      const next = this.events[this.seq];
      if (next === undefined) {
        if (this.complete || !produce) return true;
        const before = this.events.length;
        this.guard(() => this.engine.runUntil(t));
        if (this.events.length === before) return true;
        continue;
      }
      if (next.t > t) return true;
      if (this.seq >= stop) return false;
      this.fold.moveTo(this.seq + 1);
    }
  }

  /**
   * The trace the engine has produced so far, in the CLI's JSON Lines, as UTF-8 parts of
   * about `partChars` characters: a long run is more text than one string may hold (V8's
   * limit is half a gigabyte), and parts can be transferred to the page instead of copied.
   */
  exportParts(partChars = 4_000_000): Uint8Array<ArrayBuffer>[] {
    const encoder = new TextEncoder();
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let out = '';
    for (const ev of this.events) {
      out += `${toJsonLine(ev)}\n`;
      if (out.length >= partChars) {
        parts.push(encoder.encode(out));
        out = '';
      }
    }
    if (out !== '') parts.push(encoder.encode(out));
    return parts;
  }
}

/**
 * The service an admin forces down (`openstack compute service set --down`: nova-api's
 * write of forced_down), as `host/binary`, or null.
 */
export function forcedDown(ev: TraceEvent): string | null {
  return ev.type === 'db' && ev.table === 'services' && ev.fields.forced_down === true
    ? ev.key
    : null;
}
