import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type WorkerToUi } from '../protocol/messages';
import { WorkerClient, type WorkerPort } from './workerClient';

/** A worker that the test speaks for, with animation frames run by hand. */
function setup() {
  let onMessage: (e: MessageEvent<WorkerToUi>) => void = () => undefined;
  const posted: unknown[] = [];
  const port: WorkerPort = {
    postMessage: (m) => void posted.push(m),
    addEventListener: ((type: string, l: (e: MessageEvent<WorkerToUi>) => void) => {
      if (type === 'message') onMessage = l;
    }) as WorkerPort['addEventListener'],
    terminate: () => undefined,
  };
  const frames: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', () => void frames.splice(0));
  const client = new WorkerClient(port);
  const say = (data: WorkerToUi) => onMessage({ data } as MessageEvent<WorkerToUi>);
  const runFrame = () => {
    for (const f of frames.splice(0)) f(0);
  };
  return { client, say, runFrame, posted };
}

const status = (seq: number, ack: number | null): WorkerToUi =>
  ({ type: 'status', ack, seq }) as unknown as WorkerToUi;
const tokens = (clock: number): WorkerToUi => ({ type: 'tokens', clock }) as unknown as WorkerToUi;

describe('WorkerClient batching', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('delivers one message a frame besides the tokens, the rest in order in the next frames', () => {
    const { client, say, runFrame } = setup();
    const batches: string[][] = [];
    const single: string[] = [];
    const name = (m: WorkerToUi) =>
      m.type === 'tokens' ? `tokens@${m.clock}` : `${m.type}@${(m as { seq: number }).seq}`;
    client.subscribeBatch((ms) => batches.push(ms.map(name)));
    client.subscribe((m) => single.push(name(m)));
    say(tokens(1));
    say(status(1, null));
    say(tokens(2));
    say(status(2, null));
    say(status(3, null));
    expect(batches).toEqual([]);
    runFrame();
    expect(batches).toEqual([['tokens@1', 'status@1']]);
    runFrame();
    expect(batches.slice(1)).toEqual([['tokens@2', 'status@2']]);
    say(tokens(3));
    runFrame();
    // the tokens behind a waiting message wait with it: nothing overtakes
    expect(batches.slice(2)).toEqual([['status@3']]);
    runFrame();
    expect(batches.slice(3)).toEqual([['tokens@3']]);
    expect(single).toEqual(batches.flat());
    runFrame();
    expect(batches).toHaveLength(4);
  });

  it('delivers the messages waiting for their frame with an acknowledgement', async () => {
    const { client, say, runFrame } = setup();
    say({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    await client.ready;
    const batches: number[][] = [];
    client.subscribeBatch((ms) => batches.push(ms.map((m) => (m as { seq: number }).seq)));
    const acked = client.send({ type: 'pause' });
    say(status(1, null));
    say(status(2, null));
    say(status(3, null));
    runFrame();
    expect(batches).toEqual([[1]]);
    say(status(4, 1));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await expect(acked).resolves.toMatchObject({ seq: 4 });
  });

  it('delivers an acknowledgement at once, after what came before it, then settles', async () => {
    const { client, say } = setup();
    say({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    await client.ready;
    const batches: number[][] = [];
    client.subscribeBatch((ms) => batches.push(ms.map((m) => (m as { seq: number }).seq)));
    const acked = client.send({ type: 'play' });
    say(status(1, null));
    say(status(2, 1));
    expect(batches).toEqual([[1, 2]]);
    await expect(acked).resolves.toMatchObject({ seq: 2 });
  });

  it('delivers a busy scene message a part a frame, and all of it with an acknowledgement', async () => {
    const { client, say, runFrame } = setup();
    say({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    await client.ready;
    const delivered: string[][] = [];
    client.subscribeBatch((ms) =>
      delivered.push(
        ms.map((m) =>
          m.type === 'scene' ? `scene:${m.hosts!.map((h) => h.host).join('')}` : m.type,
        ),
      ),
    );
    const chips = Array.from({ length: 30 }, (_, i) => ({
      uuid: `u${i}`,
      name: null,
      state: 'building' as const,
      request_id: null,
    }));
    const busy = (names: string): WorkerToUi => ({
      type: 'scene',
      runId: 'r',
      seq: 1,
      brokerUp: true,
      hosts: [...names].map((host) => ({ host, service: 'up' as const, vms: chips, failed: [] })),
    });
    say(busy('abcde'));
    say(status(1, null));
    runFrame();
    runFrame();
    expect(delivered).toEqual([['scene:ab'], ['scene:cd']]);
    const acked = client.send({ type: 'pause' });
    say(busy('fgh'));
    say(status(2, 1));
    expect(delivered.slice(2)).toEqual([['scene:e', 'status', 'scene:fgh', 'status']]);
    await expect(acked).resolves.toMatchObject({ seq: 2 });
  });

  it('delivers without animation frames after a short while (a hidden tab)', () => {
    vi.useFakeTimers();
    const { client, say } = setup();
    const seen: number[] = [];
    client.subscribe((m) => seen.push((m as { seq: number }).seq));
    say(status(1, null));
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(seen).toEqual([1]);
  });
});
