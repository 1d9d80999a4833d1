import type { Injection } from '../engine/api';
import { parseScenarioText } from '../engine/scenario';
import { toJsonLine } from '../engine/traceRecord';
import {
  CHUNK_FORMAT,
  encodeLines,
  EVENT_CHUNK,
  RUN_FORMAT,
  StorageError,
  type EventChunkRecord,
  type RunRecord,
  type RunStorage,
  type SnapshotRecord,
  type WriteBatch,
} from '../storage';
import { checkInjections } from './inject';
import { Run } from './run';

/**
 * Writes the run behind the engine into IndexedDB: the run record (scenario text, seed,
 * injections, cursor), the trace in gzip chunks, and the fold at the cursor. Writes are
 * throttled and batched (one transaction each), retried with backoff, and never hold the
 * worker for more than a slice at a time; pending() resolves once everything is written.
 */

/** A cursor or injection change is written at most this often. */
export const WRITE_THROTTLE_MS = 200;
/** Wall time one slice may spend serializing events before yielding to the simulation. */
const SLICE_MS = 10;
/**
 * While the page plays (PersistHost.busy), a smaller slice and a long pause between slices
 * (about 2 % of a core): on two cores the engine, the trace hash and the page's drawing come
 * first, and the backlog is written once play stops.
 */
const BUSY_SLICE_MS = 4;
const BUSY_GAP_MS = 200;
/** Events written per transaction, at most. */
const MAX_BATCH_EVENTS = 4 * EVENT_CHUNK;
/** Retries of a failed transaction, and the wait before each. */
const RETRY_DELAYS_MS = [100, 400, 1600];
/** How many runs the browser keeps; older ones are deleted when a new run starts. */
export const KEEP_RUNS = 5;

export interface PersistHost {
  /** monotonic wall time (ms) */
  now(): number;
  /** calendar time (ms), for the records' createdAt/updatedAt */
  wallClock(): number;
  setTimer(fn: () => void, ms: number): number;
  clearTimer(id: number): void;
  /** saving failed for good: tell the user (the simulation goes on unsaved) */
  onError(message: string): void;
  /** the worker is busy playing: save in smaller, sparser slices */
  busy?(): boolean;
}

/** What identifies a run besides its engine: enough to recreate it. */
export interface RunSpec {
  runId: string;
  name: string;
  source: string | null;
  scenarioText: string;
  seed: number;
}

interface Tracked {
  run: Run;
  spec: RunSpec;
  createdAt: number;
  /** bumped when the run object is replaced (an injection): in-flight results are then stale */
  generation: number;
  /** events 0 … base-1 are saved in full chunks */
  base: number;
  /** events saved, counting a partial chunk after `base` */
  saved: number;
  /** serialized lines of the chunk starting at `base` (with `ready`, after it) */
  tail: string[];
  /** chunks serialized and encoded, waiting for the next transaction */
  ready: EventChunkRecord[];
  truncateFrom: number | undefined;
  makeLast: boolean;
  /** what the last written record said, to skip writes that change nothing */
  written: string;
}

export class Persister {
  private tracked: Tracked | null = null;
  private timer: number | null = null;
  private busy = false;
  private lastWrite = -Infinity;
  private broken: string | null = null;
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(
    private readonly storage: Promise<RunStorage | null>,
    private readonly host: PersistHost,
  ) {}

  /** A run was loaded: it becomes the run the next page load brings back. */
  startRun(run: Run, spec: RunSpec): void {
    this.track(run, spec, this.host.wallClock(), 0, true);
    void this.storage.then((s) => s?.prune(KEEP_RUNS, spec.runId)).catch(() => undefined);
  }

  /** A run brought back from storage: its saved events need no rewriting. */
  resumeRun(run: Run, spec: RunSpec, record: RunRecord): void {
    const persisted = Math.floor(record.persistedEvents / EVENT_CHUNK) * EVENT_CHUNK;
    this.track(run, spec, record.createdAt, persisted, true);
  }

  /**
   * The run was recreated with a new injection: events from `keep` on may differ, and are
   * deleted from storage with the next write.
   */
  replaceRun(run: Run, keep: number): void {
    const t = this.tracked;
    if (!t) return;
    const persisted = Math.floor(Math.min(t.base, keep) / EVENT_CHUNK) * EVENT_CHUNK;
    t.run = run;
    run.hashes.keepLines();
    t.generation++;
    t.base = persisted;
    t.saved = persisted;
    t.tail = [];
    t.ready = [];
    t.truncateFrom = Math.min(t.truncateFrom ?? Infinity, persisted);
    this.touch();
  }

  /** Something moved (cursor, events, injections): write it soon. */
  touch(): void {
    if (!this.tracked || this.broken !== null || this.timer !== null || this.busy) return;
    const delay = Math.max(0, this.lastWrite + WRITE_THROTTLE_MS - this.host.now());
    this.timer = this.host.setTimer(() => void this.work(), delay);
  }

  /** Resolves when everything produced so far is saved; rejects if saving failed for good. */
  pending(): Promise<void> {
    if (this.broken !== null) return Promise.reject(new Error(this.broken));
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.touch();
    });
  }

  private track(
    run: Run,
    spec: RunSpec,
    createdAt: number,
    persisted: number,
    makeLast: boolean,
  ): void {
    if (this.timer !== null) this.host.clearTimer(this.timer);
    this.timer = null;
    const generation = (this.tracked?.generation ?? 0) + 1;
    run.hashes.keepLines();
    this.tracked = {
      run,
      spec,
      createdAt,
      generation,
      base: persisted,
      saved: persisted,
      tail: [],
      ready: [],
      truncateFrom: undefined,
      makeLast,
      written: '',
    };
    this.touch();
  }

  /** the next event to serialize */
  private next(t: Tracked): number {
    return t.base + t.ready.reduce((n, c) => n + c.count, 0) + t.tail.length;
  }

  private idle(): boolean {
    const t = this.tracked;
    if (!t) return true;
    if (this.busy || this.timer !== null) return false;
    return t.saved === t.run.events.length && t.written === this.recordKey(t, t.saved);
  }

  private recordKey(t: Tracked, persisted: number): string {
    const cursor = Math.min(t.run.seq, persisted);
    return `${t.generation}/${cursor}/${persisted}/${t.run.complete}`;
  }

  private settle(): void {
    if (this.broken !== null) {
      for (const w of this.waiters.splice(0)) w.reject(new Error(this.broken));
    } else if (this.idle()) {
      for (const w of this.waiters.splice(0)) w.resolve();
    }
  }

  private async work(): Promise<void> {
    this.timer = null;
    const t = this.tracked;
    if (!t || this.busy || this.broken !== null) return;
    this.busy = true;
    try {
      const storage = await this.storage;
      if (!storage) {
        // No storage (private mode, or a newer schema): nothing to wait for.
        t.run.hashes.stopKeepingLines();
        this.tracked = null;
        return;
      }
      const generation = t.generation;
      const caughtUp = await this.serialize(t, generation);
      if (t.generation !== generation) return; // replaced meanwhile: start over
      const chunks = t.ready.splice(0);
      const base = t.base + chunks.reduce((n, c) => n + c.count, 0);
      let saved = base;
      if (caughtUp && t.tail.length > 0 && base + t.tail.length > t.saved) {
        // The partial last chunk is saved too, and rewritten when it has grown (not when
        // only the cursor moved).
        chunks.push(await this.chunk(t, base, t.tail));
        if (t.generation !== generation) return;
        saved += t.tail.length;
      }
      // Full chunks are done with; a partial tail stays in memory to grow.
      t.base = base;
      const key = this.recordKey(t, Math.max(saved, t.saved));
      if (chunks.length > 0 || key !== t.written || t.truncateFrom !== undefined) {
        saved = Math.max(saved, t.saved);
        const batch = this.batch(t, chunks, saved);
        await this.writeWithRetry(storage, batch);
        if (t.generation !== generation) return;
        t.saved = saved;
        t.written = key;
        t.makeLast = false;
        if (batch.truncateFrom !== undefined && t.truncateFrom === batch.truncateFrom)
          t.truncateFrom = undefined;
        this.lastWrite = this.host.now();
      }
    } catch (e) {
      this.broken = `saving this run in the browser failed: ${e instanceof Error ? e.message : String(e)}. The simulation goes on, unsaved.`;
      this.host.onError(this.broken);
    } finally {
      this.busy = false;
      if (this.tracked && this.broken === null && !this.idle()) {
        const backlog = this.tracked.saved < this.tracked.run.events.length;
        const gap = this.host.busy?.() ? BUSY_GAP_MS : 0;
        this.timer = this.host.setTimer(() => void this.work(), backlog ? gap : WRITE_THROTTLE_MS);
      }
      this.settle();
    }
  }

  /**
   * Serializes events into chunk lines for up to a slice of wall time, feeding the run's hash
   * chain on the way (one JSON serialization per event for both); returns true when every
   * event the engine has produced is serialized.
   */
  private async serialize(t: Tracked, generation: number): Promise<boolean> {
    const deadline = this.host.now() + (this.host.busy?.() ? BUSY_SLICE_MS : SLICE_MS);
    const events = t.run.events;
    let i = this.next(t);
    const stop = Math.min(events.length, t.base + MAX_BATCH_EVENTS);
    while (i < stop && this.host.now() < deadline) {
      const end = Math.min(stop, i + 50);
      for (; i < end; i++) {
        // the status's trace hash may have serialized it already (traceHash.ts, keepLines)
        const line = t.run.hashes.takeLine(i) ?? toJsonLine(events[i]!);
        t.run.hashes.extend(i, line);
        t.tail.push(line);
        if (t.tail.length === EVENT_CHUNK) {
          const start = i + 1 - EVENT_CHUNK;
          const lines = t.tail;
          t.tail = [];
          const chunk = await this.chunk(t, start, lines);
          if (t.generation !== generation) return false;
          t.ready.push(chunk);
        }
      }
    }
    return i === events.length;
  }

  private async chunk(t: Tracked, start: number, lines: string[]): Promise<EventChunkRecord> {
    const { encoding, data } = await encodeLines(lines);
    return {
      format: CHUNK_FORMAT,
      runId: t.spec.runId,
      seq: start,
      count: lines.length,
      encoding,
      data,
      // known when the chain has come this far (always, except just after a restore)
      hashEnd:
        t.run.hashes.hashedLines >= start + lines.length
          ? t.run.hashes.at(start + lines.length)
          : null,
    };
  }

  private batch(t: Tracked, chunks: EventChunkRecord[], persisted: number): WriteBatch {
    const run = t.run;
    const cursor = Math.min(run.seq, persisted);
    const record: RunRecord = {
      format: RUN_FORMAT,
      ...t.spec,
      injections: [...run.injections] as Injection[],
      createdAt: t.createdAt,
      updatedAt: this.host.wallClock(),
      cursor,
      traceHash: run.hashes.at(cursor),
      persistedEvents: persisted,
      complete: run.complete && persisted === run.events.length,
    };
    const batch: WriteBatch = { run: record, chunks, makeLast: t.makeLast };
    if (t.truncateFrom !== undefined) batch.truncateFrom = t.truncateFrom;
    if (cursor === run.seq) batch.snapshot = foldSnapshot(run, record.traceHash);
    return batch;
  }

  private async writeWithRetry(storage: RunStorage, batch: WriteBatch): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await storage.write(batch);
        return;
      } catch (e) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) throw e;
        await new Promise<void>((r) => this.host.setTimer(r, delay));
      }
    }
  }
}

export function foldSnapshot(run: Run, traceHash: string): SnapshotRecord {
  const s = run.fold.state;
  return {
    runId: run.runId,
    seq: s.seq,
    t: s.t,
    traceHash,
    instances: [...s.instances.values()],
    counts: { ...s.counts } as Record<string, number>,
  };
}

/** How many events before the saved cursor are compared in full with the re-run engine. */
const VERIFY_FULL = EVENT_CHUNK;

/**
 * Brings back the last saved run: recreates it from its scenario and injections (the engine
 * is deterministic), moves to the saved cursor, and checks it against what was saved: the
 * trace hash of the saved events, the last events line by line, every event's seq, time and
 * type, and the fold at the cursor. Anything that does not match is a StorageError that says
 * what; nothing saved is changed or deleted. Resolves to null when nothing is saved.
 */
export async function restoreSaved(
  storage: RunStorage,
): Promise<{ run: Run; spec: RunSpec; record: RunRecord; replayed?: string } | null> {
  const runId = await storage.lastRunId();
  if (runId === null) return null;
  const record = await storage.readRun(runId);
  const fail = (what: string) =>
    new StorageError(
      `saved run "${record.name}" (${runId}) cannot be brought back: ${what}. It is kept as it was.`,
    );
  let run: Run;
  try {
    const scenario = parseScenarioText(record.scenarioText);
    run = new Run(runId, scenario, record.seed, checkInjections(record.injections, scenario));
  } catch (e) {
    throw fail(e instanceof Error ? e.message : String(e));
  }
  const cursor = record.cursor;
  const lines = await storage.readEventLines(runId, cursor);
  run.moveTo(cursor);
  if (run.failure) throw fail(run.failure);
  if (run.seq !== cursor)
    throw fail(
      `the simulator now ends this run after ${run.seq} events, the saved cursor is at ${cursor}`,
    );
  // The saved lines are the trace: hash them (no need to serialize the events again).
  for (let i = 0; i < cursor; i++) run.hashes.extend(i, lines[i]!);
  if (run.hashes.at(cursor) !== record.traceHash)
    throw fail(`the saved events do not match the saved trace hash ${record.traceHash} (damaged)`);
  const spec: RunSpec = {
    runId,
    name: record.name,
    source: record.source,
    scenarioText: record.scenarioText,
    seed: record.seed,
  };
  // An older version of the simulator wrote this trace: what the user made (scenario, seed,
  // actions, cursor) is replayed with this one rather than lost, and the page says so.
  const replay = (what: string) => {
    const again = new Run(runId, run.scenario, record.seed, run.injections);
    again.moveTo(cursor);
    return { run: again, spec, record, replayed: what };
  };
  for (let i = 0; i < cursor; i++) {
    const ev = run.events[i]!;
    if (!lines[i]!.startsWith(`{"seq":${i},"t":${ev.t},"type":"${ev.type}"`))
      return replay(`event ${i} differs`);
  }
  for (let i = Math.max(0, cursor - VERIFY_FULL); i < cursor; i++) {
    if (toJsonLine(run.events[i]!) !== lines[i]) return replay(`event ${i} differs`);
  }
  const snapshot = await storage.readSnapshot(runId);
  if (snapshot && snapshot.seq === cursor) {
    const now = JSON.stringify([...run.fold.state.instances.values()]);
    if (JSON.stringify(snapshot.instances) !== now)
      return replay(`the instances at event ${cursor} differ`);
  }
  return { run, spec, record };
}
