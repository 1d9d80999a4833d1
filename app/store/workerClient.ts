import {
  PROTOCOL_VERSION,
  type ScenarioProblem,
  type UiCommand,
  type UiToWorker,
  type WorkerToUi,
} from '../protocol/messages';
import type { BreakpointRefusal } from '../protocol/views';
import { sceneParts } from './scenePacing';

/** The part of a Worker the client uses (a fake in unit tests). */
export interface WorkerPort {
  postMessage(message: UiToWorker): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<WorkerToUi>) => void): void;
  addEventListener(type: 'error', listener: (e: ErrorEvent) => void): void;
  terminate(): void;
}

export type WorkerListener = (message: WorkerToUi) => void;

/** Sees, at once, all the messages that arrived since the last delivery (one animation frame). */
export type WorkerBatchListener = (messages: readonly WorkerToUi[]) => void;

/** Delivery without animation frames (a hidden tab): at most this late. */
const FALLBACK_FLUSH_MS = 100;

/** What a command's promise resolves to: the worker's answer that carried its id. */
export type Ack = Extract<WorkerToUi, { type: 'status' } | { type: 'trace' }>;

export class WorkerCommandError extends Error {
  constructor(
    message: string,
    /** a scenario's problems, when that is what the worker refused */
    readonly problems?: ScenarioProblem[],
    /** what the worker said it is about (the error message's source) */
    readonly source?: string,
    /** a breakpoint's value it refused, when that is what it refused */
    readonly refusal?: BreakpointRefusal,
  ) {
    super(message);
    this.name = 'WorkerCommandError';
  }
}

/**
 * Talks to the simulation worker: numbers each command and resolves its promise when the
 * worker acknowledges it, after the listeners (the store) have seen the acknowledgement, so
 * `await client.send(...)` is followed by a store that already shows the result.
 *
 * Messages are queued and delivered once per animation frame (so the store is updated, and
 * React renders, at most once per frame while playing), one message besides the tokens a
 * frame. A message that answers a command (or an error, or `ready`) is delivered at once,
 * with everything queued before it.
 * Without requestAnimationFrame (unit tests, Node) every message is delivered at once.
 */
export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (m: Ack) => void; reject: (e: Error) => void }
  >();
  private readonly listeners = new Set<WorkerListener>();
  private readonly batchListeners = new Set<WorkerBatchListener>();
  private queue: WorkerToUi[] = [];
  private frame: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  readonly ready: Promise<void>;

  constructor(private readonly worker: WorkerPort) {
    let onReady!: () => void;
    let onFail!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    worker.addEventListener('message', (e) => {
      const msg = e.data;
      if (msg.type === 'ready') {
        if (msg.protocolVersion === PROTOCOL_VERSION) onReady();
        else
          onFail(
            new WorkerCommandError(
              `worker speaks protocol ${msg.protocolVersion}, the page ${PROTOCOL_VERSION}`,
            ),
          );
      }
      this.queue.push(msg);
      if (urgent(msg) || typeof requestAnimationFrame !== 'function') this.flush(true);
      else this.schedule();
    });
    worker.addEventListener('error', (e) => {
      const err = new WorkerCommandError(
        `the simulation worker failed: ${e.message || 'unknown error'}`,
      );
      onFail(err);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  subscribe(listener: WorkerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Like subscribe, with the messages of one delivery together (for one store update). */
  subscribeBatch(listener: WorkerBatchListener): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  send(command: UiCommand): Promise<Ack> {
    const id = this.nextId++;
    return new Promise<Ack>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...command, id } as UiToWorker);
    });
  }

  terminate(): void {
    this.worker.terminate();
  }

  private schedule(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => this.flush(false));
    this.timer = setTimeout(() => this.flush(true), FALLBACK_FLUSH_MS);
  }

  /**
   * Delivers the queued messages to the listeners, then settles the commands they answer.
   * `all` false (an animation frame): the delivery ends with the first message that is not
   * tokens, and the rest wait, in order, for the next frames. While playing, the worker sends
   * the events, the diagram's boxes, the views and the status together; rendered in one frame
   * they took up to a tenth of a second in a busy run (a task over 50 ms, frames missed),
   * each in a frame of its own they fit. A busy scene message is cut into parts that wait
   * their turn the same way (scenePacing.ts).
   */
  private flush(all: boolean): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.frame = null;
    this.timer = null;
    let batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    if (!all) {
      const cut = batch.findIndex((m) => m.type !== 'tokens');
      if (cut >= 0) {
        const [part, ...parts] = sceneParts(batch[cut]!);
        if (parts.length > 0 || cut < batch.length - 1) {
          this.queue = [...parts, ...batch.slice(cut + 1)];
          batch = [...batch.slice(0, cut), part!];
          this.schedule();
        }
      }
    }
    for (const l of this.batchListeners) l(batch);
    for (const msg of batch) for (const l of this.listeners) l(msg);
    for (const msg of batch) this.settle(msg);
  }

  private settle(msg: WorkerToUi): void {
    if (msg.type !== 'status' && msg.type !== 'trace' && msg.type !== 'error') return;
    if (msg.ack === null) return;
    const p = this.pending.get(msg.ack);
    if (!p) return;
    this.pending.delete(msg.ack);
    if (msg.type === 'error')
      p.reject(new WorkerCommandError(msg.message, msg.problems, msg.source, msg.refusal));
    else p.resolve(msg);
  }
}

/** Messages that must reach the store at once: answers to commands, errors, the handshake. */
function urgent(msg: WorkerToUi): boolean {
  if (msg.type === 'ready' || msg.type === 'error') return true;
  return (msg.type === 'status' || msg.type === 'trace') && msg.ack !== null;
}

/** The real worker: a module worker chunk that Vite builds from app/worker/worker.ts. */
export function createWorkerClient(): WorkerClient {
  const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), {
    type: 'module',
    name: 'nova-boot-simulation',
  });
  return new WorkerClient(worker as unknown as WorkerPort);
}
