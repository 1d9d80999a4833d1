import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeLines } from './codec';
import { RunStorage, StorageError } from './runStorage';
import {
  CHUNK_FORMAT,
  RUN_FORMAT,
  SCHEMA_VERSION,
  STORES,
  upgradeSchema,
  type EventChunkRecord,
  type NovaDb,
  type RunRecord,
} from './schema';

let dbCounter = 0;
const freshName = () => `novaviz-test-${++dbCounter}-${Math.random().toString(36).slice(2)}`;

function runRecord(runId: string, patch: Partial<RunRecord> = {}): RunRecord {
  return {
    format: RUN_FORMAT,
    runId,
    name: 'one boot',
    source: 'one-boot.json',
    scenarioText: '{}',
    seed: 42,
    injections: [],
    createdAt: 1,
    updatedAt: 2,
    cursor: 2,
    traceHash: '0123456789abcdef',
    persistedEvents: 3,
    complete: false,
    ...patch,
  };
}

async function chunk(runId: string, seq: number, lines: string[]): Promise<EventChunkRecord> {
  return {
    format: CHUNK_FORMAT,
    runId,
    seq,
    count: lines.length,
    ...(await encodeLines(lines)),
    hashEnd: null,
  };
}

describe('IndexedDB schema', () => {
  it('has the four frozen stores, and the upgrade is safe to run twice', async () => {
    const name = freshName();
    const s = await RunStorage.open(name);
    await s.write({
      run: runRecord('r1'),
      chunks: [await chunk('r1', 0, ['a', 'b', 'c'])],
      makeLast: true,
    });
    s.close();

    // Run every migration again from zero over the existing database, twice.
    const db = await openDB<NovaDb>(name, SCHEMA_VERSION + 1, {
      upgrade(d, _old, _new, tx) {
        upgradeSchema(d, 0, SCHEMA_VERSION, tx);
        upgradeSchema(d, 0, SCHEMA_VERSION, tx);
      },
    });
    expect([...db.objectStoreNames].sort()).toEqual(Object.values(STORES).sort());
    expect([...db.transaction(STORES.runs).store.indexNames]).toEqual(['updatedAt']);
    db.close();

    const again = await RunStorage.open(name, SCHEMA_VERSION + 1);
    expect((await again.readRun('r1')).name).toBe('one boot');
    expect(await again.readEventLines('r1', 3)).toEqual(['a', 'b', 'c']);
    again.close();
    expect(Object.isFrozen(STORES)).toBe(true);
  });

  it('refuses a database from a newer version of the app, and leaves it alone', async () => {
    const name = freshName();
    const db = await openDB(name, SCHEMA_VERSION + 5, {
      upgrade: (d) => void d.createObjectStore('runs', { keyPath: 'runId' }),
    });
    await db.put('runs', { runId: 'future', format: 'nova-boot-visualizer/stored-run@9' });
    db.close();
    await expect(RunStorage.open(name)).rejects.toThrow(
      /newer version of this app.*left untouched/,
    );
    const still = await openDB(name);
    expect(still.version).toBe(SCHEMA_VERSION + 5);
    expect(await still.get('runs', 'future')).toBeTruthy();
    still.close();
  });
});

describe('RunStorage', () => {
  it('writes a run in one transaction and reads it back, the last run first', async () => {
    const s = await RunStorage.open(freshName());
    expect(await s.lastRunId()).toBeNull();
    const lines = Array.from({ length: 3 }, (_, i) => `{"seq":${i}}`);
    await s.write({ run: runRecord('r1'), chunks: [await chunk('r1', 0, lines)], makeLast: true });
    expect(await s.lastRunId()).toBe('r1');
    expect(await s.readRun('r1')).toEqual(runRecord('r1'));
    expect(await s.readEventLines('r1', 2)).toEqual(lines.slice(0, 2));
    // truncation after an injection deletes later chunks
    await s.write({
      run: runRecord('r1', { persistedEvents: 0, cursor: 0 }),
      chunks: [],
      truncateFrom: 0,
    });
    await expect(s.readEventLines('r1', 1)).rejects.toThrow(/only 0 of 1 events/);
    s.close();
  });

  it('names what is wrong with bad records, and deletes nothing', async () => {
    const name = freshName();
    const s = await RunStorage.open(name);
    await s.write({
      run: runRecord('r1'),
      chunks: [await chunk('r1', 0, ['x', 'y', 'z'])],
      makeLast: true,
    });
    s.close();
    const db = await openDB(name);
    await db.put(STORES.runs, { ...runRecord('r1'), cursor: 'nine' });
    await db.put(STORES.events, {
      ...(await chunk('r1', 0, ['x'])),
      encoding: 'gzip',
      data: 'not bytes',
      count: 1,
    });
    db.close();
    const again = await RunStorage.open(name);
    await expect(again.readRun('r1')).rejects.toThrow(StorageError);
    await expect(again.readRun('r1')).rejects.toThrow(
      /saved run r1 is unreadable: cursor is not a whole number/,
    );
    await expect(again.readEventLines('r1', 1)).rejects.toThrow(/events from 0: cannot be decoded/);
    // pruning leaves unreadable runs alone
    expect(await again.prune(0, 'other')).toBe(0);
    again.close();
    const check = await openDB(name);
    expect(await check.get(STORES.runs, 'r1')).toMatchObject({ cursor: 'nine' });
    check.close();
  });

  it('keeps only the newest runs', async () => {
    const s = await RunStorage.open(freshName());
    for (let i = 1; i <= 4; i++)
      await s.write({
        run: runRecord(`r${i}`, { updatedAt: i }),
        chunks: [await chunk(`r${i}`, 0, ['a', 'b', 'c'])],
      });
    expect(await s.prune(2, 'r1')).toBe(1);
    await expect(s.readRun('r2')).rejects.toThrow(/missing/);
    for (const id of ['r1', 'r3', 'r4']) expect((await s.readRun(id)).runId).toBe(id);
    s.close();
  });

  it('gzip round-trips lines, whatever their characters', async () => {
    const lines = [...Array<string>(100).fill('{"seq":0,"x":"ü"}'), 'ノヴァ', '😀', '', 'a\ud800b'];
    const { encoding, data } = await encodeLines(lines);
    expect(encoding).toBe('gzip');
    const text = lines.map((l) => `${l}\n`).join('');
    expect((data as Uint8Array).length).toBeLessThan(text.length / 5);
    // a lone surrogate is stored as U+FFFD, as TextEncoder writes it
    expect(await decodeText(encoding, data)).toBe(text.replace('\ud800', '\ufffd'));
  });
});
