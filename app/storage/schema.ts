import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Injection } from '../engine/api';

/**
 * The IndexedDB schema of saved runs. Store names are frozen: a name once shipped is never
 * renamed or reused, because a browser may hold data under it from any earlier version.
 * Change the schema only by appending a migration; every migration must be safe to run twice
 * (an upgrade interrupted by a closed tab runs again from the same old version).
 */
export const DB_NAME = 'nova-boot-visualizer';

export const STORES = Object.freeze({
  runs: 'runs',
  events: 'events',
  snapshots: 'snapshots',
  meta: 'meta',
} as const);

/** Record formats, checked on read: a record this code cannot read is reported, never used. */
export const RUN_FORMAT = 'nova-boot-visualizer/stored-run@1';
export const CHUNK_FORMAT = 'nova-boot-visualizer/stored-events@1';

/** Events are stored in chunks of this many (the trace's seq k*EVENT_CHUNK … k*EVENT_CHUNK+n-1). */
export const EVENT_CHUNK = 500;

/** One run: what is needed to recreate it (the engine is deterministic) and where the user was. */
export interface RunRecord {
  format: typeof RUN_FORMAT;
  runId: string;
  name: string;
  /** the scenario file name, or null for a scenario loaded from text */
  source: string | null;
  /** the scenario exactly as loaded */
  scenarioText: string;
  seed: number;
  /** what the user did to the running simulation, in order */
  injections: Injection[];
  /** wall-clock milliseconds */
  createdAt: number;
  updatedAt: number;
  /** the cursor: events 0 … cursor-1 had happened; never more than persistedEvents */
  cursor: number;
  /** the trace hash at the cursor */
  traceHash: string;
  /** events 0 … persistedEvents-1 are in the events store */
  persistedEvents: number;
  /** the whole trace is stored (the engine had finished) */
  complete: boolean;
}

/** A chunk of the trace as JSON Lines, possibly gzip-compressed. */
export interface EventChunkRecord {
  format: typeof CHUNK_FORMAT;
  runId: string;
  /** seq of the first event in the chunk (a multiple of EVENT_CHUNK) */
  seq: number;
  count: number;
  encoding: 'gzip' | 'text';
  /** JSON Lines (each line ending in "\n"), as text or gzip bytes */
  data: string | Uint8Array;
  /** the trace hash after the chunk's last event, when it was known at write time */
  hashEnd: string | null;
}

/** The fold of the trace at the saved cursor (instances, counts), to check a restore by. */
export interface SnapshotRecord {
  runId: string;
  seq: number;
  t: number;
  traceHash: string;
  instances: unknown[];
  counts: Record<string, number>;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export const META_LAST_RUN = 'lastRunId';

export interface NovaDb extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { updatedAt: number } };
  events: { key: [string, number]; value: EventChunkRecord };
  snapshots: { key: [string, number]; value: SnapshotRecord };
  meta: { key: string; value: MetaRecord };
}

type UpgradeTx = IDBPTransaction<NovaDb, StoreNames<NovaDb>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<NovaDb>, tx: UpgradeTx) => void;

/** migrations[v-1] takes the database from version v-1 to v. Append only. */
const migrations: readonly Migration[] = [
  // 1: the four stores
  (db) => {
    if (!db.objectStoreNames.contains(STORES.runs))
      db.createObjectStore(STORES.runs, { keyPath: 'runId' });
    if (!db.objectStoreNames.contains(STORES.events))
      db.createObjectStore(STORES.events, { keyPath: ['runId', 'seq'] });
    if (!db.objectStoreNames.contains(STORES.snapshots))
      db.createObjectStore(STORES.snapshots, { keyPath: ['runId', 'seq'] });
    if (!db.objectStoreNames.contains(STORES.meta))
      db.createObjectStore(STORES.meta, { keyPath: 'key' });
  },
  // 2: runs by last update, to keep only the newest runs
  (_db, tx) => {
    const runs = tx.objectStore(STORES.runs);
    if (!runs.indexNames.contains('updatedAt')) runs.createIndex('updatedAt', 'updatedAt');
  },
];

export const SCHEMA_VERSION = migrations.length;

/** Runs the migrations from `oldVersion` up to `newVersion`; safe to run again. */
export function upgradeSchema(
  db: IDBPDatabase<NovaDb>,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTx,
): void {
  for (let v = oldVersion; v < Math.min(newVersion, migrations.length); v++) migrations[v]!(db, tx);
}
