import { openDB, type IDBPDatabase } from 'idb';
import { decodeText } from './codec';
import {
  CHUNK_FORMAT,
  DB_NAME,
  EVENT_CHUNK,
  META_LAST_RUN,
  RUN_FORMAT,
  SCHEMA_VERSION,
  STORES,
  upgradeSchema,
  type EventChunkRecord,
  type NovaDb,
  type RunRecord,
  type SnapshotRecord,
} from './schema';

/** Anything wrong with the saved data. The message says what, and that nothing was deleted. */
export class StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageError';
  }
}

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Everything written at once, in one transaction: a write lands whole or not at all. */
export interface WriteBatch {
  run: RunRecord;
  chunks: EventChunkRecord[];
  /** deletes the run's chunks from this seq on (the trace changed after an injection) */
  truncateFrom?: number;
  /** replaces the run's snapshot */
  snapshot?: SnapshotRecord;
  /** marks the run as the one to bring back on the next page load */
  makeLast?: boolean;
}

const isInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks a run record read back from the browser; throws a message naming what is wrong. */
export function checkRunRecord(v: unknown, runId: string): RunRecord {
  const bad = (what: string) => new StorageError(`saved run ${runId} is unreadable: ${what}`);
  if (typeof v !== 'object' || v === null) throw bad('not an object');
  const r = v as Partial<Record<keyof RunRecord, unknown>>;
  if (r.format !== RUN_FORMAT)
    throw bad(`format is ${JSON.stringify(r.format)}, expected "${RUN_FORMAT}"`);
  if (r.runId !== runId) throw bad('runId does not match its key');
  if (typeof r.scenarioText !== 'string') throw bad('scenarioText is missing');
  if (typeof r.name !== 'string') throw bad('name is missing');
  if (r.source !== null && typeof r.source !== 'string')
    throw bad('source is not a string or null');
  if (!isInt(r.seed)) throw bad('seed is not a whole number');
  if (!Array.isArray(r.injections)) throw bad('injections is not a list');
  r.injections.forEach((i: unknown, k) => {
    const inj = i as { kind?: unknown; at?: unknown } | null;
    if (
      typeof inj !== 'object' ||
      inj === null ||
      (inj.kind !== 'boot' && inj.kind !== 'fault') ||
      !isInt(inj.at)
    )
      throw bad(`injections[${k}] is not a boot or a fault with a virtual time`);
  });
  for (const k of ['cursor', 'persistedEvents', 'createdAt', 'updatedAt'] as const)
    if (!isInt(r[k])) throw bad(`${k} is not a whole number`);
  if (typeof r.traceHash !== 'string' || !/^[0-9a-f]{16}$/.test(r.traceHash))
    throw bad('traceHash is not a hash');
  if (typeof r.complete !== 'boolean') throw bad('complete is not true or false');
  if ((r.cursor as number) > (r.persistedEvents as number))
    throw bad('the cursor is past the saved events');
  return r as RunRecord;
}

/** The saved runs in IndexedDB: schema, reads that check what they read, one-transaction writes. */
export class RunStorage {
  private constructor(private readonly db: IDBPDatabase<NovaDb>) {}

  /**
   * Opens (and upgrades) the database. A database from a newer version of the app is never
   * touched: opening it fails with a StorageError that says so.
   */
  static async open(name = DB_NAME, version = SCHEMA_VERSION): Promise<RunStorage> {
    let db: IDBPDatabase<NovaDb> | undefined;
    try {
      db = await openDB<NovaDb>(name, version, {
        upgrade: (d, oldVersion, newVersion, tx) =>
          upgradeSchema(d, oldVersion, newVersion ?? version, tx),
        blocking: () => db?.close(), // another tab wants to upgrade: let it
      });
    } catch (e) {
      if (e instanceof Error && e.name === 'VersionError')
        throw new StorageError(
          `the saved runs were written by a newer version of this app (schema newer than ${version}); they are left untouched and this page will not save`,
        );
      throw new StorageError(
        `the browser's storage cannot be opened (${describe(e)}); this page will not save`,
      );
    }
    return new RunStorage(db);
  }

  close(): void {
    this.db.close();
  }

  async lastRunId(): Promise<string | null> {
    const m = await this.db.get(STORES.meta, META_LAST_RUN);
    return typeof m?.value === 'string' ? m.value : null;
  }

  async readRun(runId: string): Promise<RunRecord> {
    const v: unknown = await this.db.get(STORES.runs, runId);
    if (v === undefined) throw new StorageError(`saved run ${runId} is missing`);
    return checkRunRecord(v, runId);
  }

  /** The JSON Lines of events 0 … count-1, checked for gaps; throws if any chunk is unreadable. */
  async readEventLines(runId: string, count: number): Promise<string[]> {
    const lines: string[] = [];
    if (count === 0) return lines;
    const range = IDBKeyRange.bound([runId, 0], [runId, count - 1]);
    const chunks: unknown[] = await this.db.getAll(STORES.events, range);
    for (const c of chunks) {
      const rec = c as Partial<EventChunkRecord>;
      const where = `saved run ${runId}, events from ${String(rec.seq)}`;
      if (rec.format !== CHUNK_FORMAT)
        throw new StorageError(`${where}: unknown format ${JSON.stringify(rec.format)}`);
      if (rec.seq !== lines.length)
        throw new StorageError(
          `saved run ${runId}: events ${lines.length} … ${String(rec.seq)} are missing`,
        );
      let text: string;
      try {
        text = await decodeText(rec.encoding, rec.data);
      } catch (e) {
        throw new StorageError(`${where}: cannot be decoded (${describe(e)})`);
      }
      const got = text.split('\n');
      got.pop(); // the text ends in a newline
      if (got.length !== rec.count)
        throw new StorageError(`${where}: holds ${got.length} events, says ${String(rec.count)}`);
      for (const l of got) lines.push(l);
    }
    if (lines.length < count)
      throw new StorageError(
        `saved run ${runId}: only ${lines.length} of ${count} events are saved`,
      );
    lines.length = count;
    return lines;
  }

  async readSnapshot(runId: string): Promise<SnapshotRecord | null> {
    const all = await this.db.getAll(
      STORES.snapshots,
      IDBKeyRange.bound([runId, 0], [runId, Infinity]),
    );
    return all.at(-1) ?? null;
  }

  async write(batch: WriteBatch): Promise<void> {
    const tx = this.db.transaction(
      [STORES.runs, STORES.events, STORES.snapshots, STORES.meta],
      'readwrite',
    );
    const { runId } = batch.run;
    const work: Promise<unknown>[] = [];
    if (batch.truncateFrom !== undefined) {
      const from = Math.floor(batch.truncateFrom / EVENT_CHUNK) * EVENT_CHUNK;
      work.push(
        tx.objectStore(STORES.events).delete(IDBKeyRange.bound([runId, from], [runId, Infinity])),
      );
    }
    for (const c of batch.chunks) work.push(tx.objectStore(STORES.events).put(c));
    if (batch.snapshot) {
      const snaps = tx.objectStore(STORES.snapshots);
      work.push(snaps.delete(IDBKeyRange.bound([runId, 0], [runId, Infinity])));
      work.push(snaps.put(batch.snapshot));
    }
    work.push(tx.objectStore(STORES.runs).put(batch.run));
    if (batch.makeLast)
      work.push(tx.objectStore(STORES.meta).put({ key: META_LAST_RUN, value: runId }));
    await Promise.all([...work, tx.done]);
  }

  /**
   * Deletes all but the `keep` newest runs (never `except`). A run whose record this code
   * cannot read is left alone: it may be a newer format, or worth a look.
   */
  async prune(keep: number, except: string): Promise<number> {
    const keys = await this.db.getAllKeysFromIndex(STORES.runs, 'updatedAt');
    const old = keys
      .reverse()
      .slice(keep)
      .filter((k) => k !== except);
    let deleted = 0;
    for (const runId of old) {
      const tx = this.db.transaction([STORES.runs, STORES.events, STORES.snapshots], 'readwrite');
      const v: unknown = await tx.objectStore(STORES.runs).get(runId);
      try {
        checkRunRecord(v, runId);
      } catch {
        await tx.done;
        continue;
      }
      const all = IDBKeyRange.bound([runId, 0], [runId, Infinity]);
      await Promise.all([
        tx.objectStore(STORES.runs).delete(runId),
        tx.objectStore(STORES.events).delete(all),
        tx.objectStore(STORES.snapshots).delete(all),
        tx.done,
      ]);
      deleted++;
    }
    return deleted;
  }
}
