import { openDB } from 'idb';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
  LoadedMessage,
  StatusMessage,
  UiCommand,
  UiToWorker,
  UserAction,
  WorkerToUi,
} from '../protocol/messages';
import { RunStorage, STORES, type RunRecord, type WriteBatch } from '../storage';
import { Controller } from './controller';
import { Persister } from './persist';
import { Run } from './run';
import { parseScenarioText } from '../engine/scenario';

const oneBoot = readFileSync(
  new URL('../../public/scenarios/one-boot.json', import.meta.url),
  'utf8',
);
let n = 0;
const freshName = () => `novaviz-persist-${++n}-${Math.random().toString(36).slice(2)}`;

/** A controller on real timers with IndexedDB (fake-indexeddb) under `name`. */
function page(
  name: string,
  storage: Promise<RunStorage | null> = RunStorage.open(name),
  unsaved: Promise<string | null> = Promise.resolve(null),
) {
  const posted: WorkerToUi[] = [];
  const waiting = new Map<number, (m: WorkerToUi) => void>();
  const c = new Controller(
    {
      now: () => performance.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms) as unknown as number,
      clearTimer: (id) => clearTimeout(id),
      post: (m) => {
        posted.push(m);
        if ((m.type === 'status' || m.type === 'error') && m.ack !== null) waiting.get(m.ack)?.(m);
      },
    },
    { storage, wallClock: () => Date.now(), runTag: `${name}-`, unsaved },
  );
  c.start();
  let id = 0;
  const send = (cmd: UiCommand) =>
    new Promise<WorkerToUi>((resolve) => {
      waiting.set(++id, resolve);
      c.handle({ ...cmd, id } as UiToWorker);
    });
  const status = () => [...posted].reverse().find((m): m is StatusMessage => m.type === 'status')!;
  const loaded = () => [...posted].reverse().find((m): m is LoadedMessage => m.type === 'loaded');
  return { posted, send, status, loaded, storage };
}

const launch = (name: string): UserAction => ({
  kind: 'launch',
  name,
  flavorRef: '1',
  imageRef: '155d900f-4e14-4e4c-a73d-069cbf4541e6',
  count: 1,
  networks: 'none',
});

describe('saving and bringing back a run', () => {
  it('a new page brings back the same run, cursor and trace hash', async () => {
    const name = freshName();
    const a = page(name);
    await a.send({ type: 'load', scenarioText: oneBoot, source: 'one-boot.json' });
    await a.send({ type: 'step', n: 40 });
    expect(await a.send({ type: 'persisted' })).toMatchObject({ type: 'status' });
    const before = a.status();

    const b = page(name);
    const answer = await b.send({ type: 'restore' });
    expect(answer).toMatchObject({
      type: 'status',
      runId: before.runId,
      seq: 40,
      traceHash: before.traceHash,
    });
    expect(b.loaded()).toMatchObject({
      restored: true,
      name: 'one boot',
      source: 'one-boot.json',
      seed: 42,
    });
    // and the restored run goes on exactly as the first
    await a.send({ type: 'step', n: 30 });
    await b.send({ type: 'step', n: 30 });
    expect(b.status().traceHash).toBe(a.status().traceHash);
  });

  it('brings back injections, and the trace after them', async () => {
    const name = freshName();
    const a = page(name);
    await a.send({ type: 'load', scenarioText: oneBoot });
    await a.send({ type: 'step', n: 30 });
    await a.send({ type: 'inject', action: launch('web-1') });
    await a.send({ type: 'inject', action: { kind: 'spawn-fails', host: 'compute' } });
    await a.send({ type: 'step', n: 150 });
    await a.send({ type: 'persisted' });
    const before = a.status();
    expect(a.posted.some((m) => m.type === 'status' && m.injections?.length === 2)).toBe(true);

    const b = page(name);
    await b.send({ type: 'restore' });
    expect(b.status()).toMatchObject({ seq: 180, traceHash: before.traceHash });
    expect(b.status().injections).toHaveLength(2);
    await b.send({ type: 'persisted' });
    const storage = (await b.storage)!;
    const record = await storage.readRun(before.runId!);
    expect(record).toMatchObject({
      cursor: 180,
      traceHash: before.traceHash,
      injections: [{ kind: 'boot' }, { kind: 'fault' }],
    });
    expect(record.persistedEvents).toBe(b.status().eventCount);
  });

  it('a tab that does not save answers "persisted" with why, not as if its run were saved', async () => {
    const why = 'The app is open in another tab: this one does not save';
    const b = page(freshName(), Promise.resolve(null), Promise.resolve(why));
    await b.send({ type: 'load', scenarioText: oneBoot });
    expect(await b.send({ type: 'persisted' })).toMatchObject({
      type: 'error',
      source: 'otherTab',
      message: why,
    });
  });

  it('nothing saved: restore answers with no run', async () => {
    const b = page(freshName());
    expect(await b.send({ type: 'restore' })).toMatchObject({ type: 'status', runId: null });
  });

  it('damaged saved events give a clear error, and nothing saved is changed', async () => {
    const name = freshName();
    const a = page(name);
    await a.send({ type: 'load', scenarioText: oneBoot });
    await a.send({ type: 'step', n: 20 });
    await a.send({ type: 'persisted' });
    const runId = a.status().runId!;
    (await a.storage)!.close();

    const db = await openDB(name);
    const chunk = await db.get(STORES.events, [runId, 0]);
    await db.put(STORES.events, {
      ...chunk,
      encoding: 'text',
      data: chunk.data instanceof Uint8Array ? 'garbage\n' : 'x',
    });
    const runBefore: unknown = await db.get(STORES.runs, runId);
    db.close();

    const b = page(name);
    const answer = await b.send({ type: 'restore' });
    expect(answer).toMatchObject({ type: 'error', source: 'storage' });
    expect((answer as { message: string }).message).toMatch(
      /events from 0: holds 1 events, says \d+/,
    );
    (await b.storage)!.close();
    const check = await openDB(name);
    expect(await check.get(STORES.runs, runId)).toEqual(runBefore);
    expect((await check.get(STORES.events, [runId, 0])).data).toBe('garbage\n');
    check.close();
  });
});

describe('a run saved by an older version', () => {
  it('is replayed with this one (same scenario, seed, cursor), saved again, and the page is told', async () => {
    const name = freshName();
    const a = page(name);
    await a.send({ type: 'load', scenarioText: oneBoot });
    await a.send({ type: 'step', n: 80 });
    await a.send({ type: 'persisted' });
    const saved = a.status();
    (await a.storage)!.close();

    // an older version's instance rows had no `fault`
    const db = await openDB(name);
    const snaps = await db.getAll(STORES.snapshots);
    const snap = snaps.at(-1) as { instances: Record<string, unknown>[] };
    expect(snap.instances.length).toBeGreaterThan(0);
    for (const row of snap.instances) delete row.fault;
    await db.put(STORES.snapshots, snap);
    db.close();

    const b = page(name);
    const answer = await b.send({ type: 'restore' });
    expect(answer).toMatchObject({ type: 'status', runId: saved.runId, seq: 80 });
    expect(b.status().traceHash).toBe(saved.traceHash);
    const notice = b.posted.find((m) => m.type === 'error');
    expect(notice).toMatchObject({ source: 'replayed' });
    expect((notice as { message: string }).message).toMatch(/older version.*event #80/s);
    await b.send({ type: 'persisted' });
    (await b.storage)!.close();

    // saved again by this version: the next page brings it back without a notice
    const c = page(name);
    expect(await c.send({ type: 'restore' })).toMatchObject({ type: 'status', seq: 80 });
    expect(c.posted.some((m) => m.type === 'error')).toBe(false);
    (await c.storage)!.close();
  });
});

/** Real timers, calendar time 0. */
const persistHost = (onError: (message: string) => void = () => undefined) => ({
  now: () => performance.now(),
  wallClock: () => 0,
  setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms) as unknown as number,
  clearTimer: (id: number) => clearTimeout(id),
  onError,
});

describe('Persister', () => {
  it('with no storage, the trace hash keeps no lines for it', async () => {
    const run = new Run('r', parseScenarioText(oneBoot), 42);
    const p = new Persister(Promise.resolve(null), persistHost());
    p.startRun(run, { runId: 'r', name: 'x', source: null, scenarioText: oneBoot, seed: 42 });
    await p.pending();
    run.moveTo(30);
    void run.traceHash;
    expect(run.hashes.takeLine(29)).toBeUndefined();
  });

  it('rewrites the partial last chunk only when it grew, not when only the cursor moved', async () => {
    const run = new Run('r', parseScenarioText(oneBoot), 42);
    run.moveTo(10);
    const writes: WriteBatch[] = [];
    const storage = { prune: async () => 0, write: async (b: WriteBatch) => void writes.push(b) };
    const p = new Persister(Promise.resolve(storage as unknown as RunStorage), persistHost());
    p.startRun(run, { runId: 'r', name: 'x', source: null, scenarioText: oneBoot, seed: 42 });
    await p.pending();
    // one boot is less than a chunk: everything went as one partial chunk
    const saved = writes.flatMap((w) => w.chunks);
    expect(saved.map((c) => c.count)).toEqual([run.events.length]);
    writes.length = 0;
    run.moveTo(20);
    p.touch();
    await p.pending();
    expect(writes.map((w) => [w.run.cursor, w.chunks.length])).toEqual([[20, 0]]);
  });

  it('retries a failed write, then reports a failure that persists', async () => {
    const scenario = parseScenarioText(oneBoot);
    const run = new Run('r', scenario, 42);
    run.moveTo(10);
    let fails = 1;
    const writes: WriteBatch[] = [];
    const flaky = {
      prune: async () => 0,
      write: async (b: WriteBatch) => {
        if (fails-- > 0) throw new Error('QuotaExceededError');
        writes.push(b);
      },
    } as unknown as RunStorage;
    const errors: string[] = [];
    const host = persistHost((m) => void errors.push(m));
    const p = new Persister(Promise.resolve(flaky), host);
    p.startRun(run, {
      runId: 'r',
      name: 'one boot',
      source: null,
      scenarioText: oneBoot,
      seed: 42,
    });
    await p.pending();
    expect(errors).toEqual([]);
    const last = writes.at(-1)!;
    expect(last.run).toMatchObject<Partial<RunRecord>>({
      cursor: 10,
      persistedEvents: run.events.length,
    });
    expect(writes[0]!.makeLast).toBe(true);

    fails = 99;
    const broken = new Persister(Promise.resolve(flaky), host);
    broken.startRun(run, { runId: 'r', name: 'x', source: null, scenarioText: oneBoot, seed: 42 });
    await expect(broken.pending()).rejects.toThrow(
      /saving this run in the browser failed: QuotaExceededError/,
    );
    expect(errors).toHaveLength(1);
  }, 20_000);
});
