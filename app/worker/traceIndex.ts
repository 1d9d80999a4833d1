import { NOTIFICATIONS_QUEUE } from '../engine/services/notifier';
import type { RpcEvent, RpcPayload, RpcReplyPayload, TraceEvent } from '../engine/trace';

/** A boot request: the client's `POST /v2.1/servers`. */
export interface BootRequest {
  request_id: string;
  name: string | null;
  seq: number;
}

const push = <K>(m: Map<K, number[]>, k: K, seq: number) => {
  const list = m.get(k);
  if (list) list.push(seq);
  else m.set(k, [seq]);
};

/** The number of entries of a sorted list that are below `seq`. */
export function countBelow(list: readonly number[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last entry of a sorted list below `seq`, or -1. */
export function lastBelow(list: readonly number[] | undefined, seq: number): number {
  if (!list) return -1;
  const i = countBelow(list, seq);
  return i > 0 ? list[i - 1]! : -1;
}

/** The id that ties an RPC message's send and deliveries together. */
export function messageKey(ev: RpcEvent): string {
  // a monitored call's heartbeats and its reply share a msg_id: each is a message of its own
  if (ev.phase === 'reply') return `reply:${(ev.payload as RpcReplyPayload).unique_id}`;
  return `msg:${(ev.payload as RpcPayload).unique_id}`;
}

/**
 * Lists of seqs by what the debugger looks things up by, kept up to date as the trace grows
 * (the trace is append-only, so each event is indexed once). Every list is sorted by seq.
 */
export class TraceIndex {
  private indexed = 0;
  readonly byRequest = new Map<string, number[]>();
  readonly byInstance = new Map<string, number[]>();
  readonly byMessage = new Map<string, number[]>();
  /** rpc events by msg_id (a call's send, deliver and reply) */
  readonly byMsgId = new Map<string, number[]>();
  /** rpc and mq events by queue (a fanout send under every queue bound to its exchange) */
  readonly byQueue = new Map<string, number[]>();
  /** a fanout exchange's queues (`scheduler_fanout` → `scheduler_fanout_<id>`), as declared */
  private readonly fanoutQueues = new Map<string, string[]>();
  /** events by the process they start at or go to */
  readonly byProcess = new Map<string, number[]>();
  readonly schedules: number[] = [];
  /** mq held and released events: what publishers hold while RabbitMQ is down */
  readonly holds: number[] = [];
  readonly dbWrites: number[] = [];
  readonly requests: BootRequest[] = [];
  readonly processes = new Set<string>();

  constructor(private readonly events: readonly TraceEvent[]) {}

  /** The seqs of an RPC's events: a call's send, delivery, heartbeats and reply; a cast's send and deliveries. */
  readonly rpcEvents = (ev: RpcEvent): readonly number[] =>
    (ev.msg_id ? this.byMsgId.get(ev.msg_id) : this.byMessage.get(messageKey(ev))) ?? [];

  /** Indexes the events produced since the last call. */
  update(): void {
    const events = this.events;
    for (let i = this.indexed; i < events.length; i++) this.add(events[i]!);
    this.indexed = events.length;
  }

  private learnFanout(queue: string): void {
    const at = queue.indexOf('_fanout_');
    if (at < 0) return;
    const exchange = queue.slice(0, at + '_fanout'.length);
    const list = this.fanoutQueues.get(exchange);
    if (list) list.push(queue);
    else this.fanoutQueues.set(exchange, [queue]);
  }

  private addProcess(p: string, seq: number): void {
    this.processes.add(p);
    const list = this.byProcess.get(p);
    if (list) {
      if (list[list.length - 1] !== seq) list.push(seq);
    } else this.byProcess.set(p, [seq]);
  }

  private add(ev: TraceEvent): void {
    const seq = ev.seq;
    if (ev.request_id) push(this.byRequest, ev.request_id, seq);
    if (ev.instance) push(this.byInstance, ev.instance, seq);
    switch (ev.type) {
      case 'rpc':
        push(this.byMessage, messageKey(ev), seq);
        if (ev.msg_id) push(this.byMsgId, ev.msg_id, seq);
        // a fanout send is published to an exchange, not a queue: it is in each of its queues
        if (ev.fanout && ev.phase === 'send')
          for (const q of this.fanoutQueues.get(ev.exchange) ?? []) push(this.byQueue, q, seq);
        else push(this.byQueue, ev.queue, seq);
        this.addProcess(ev.from, seq);
        this.addProcess(ev.to, seq);
        break;
      case 'rest':
        this.addProcess(ev.from, seq);
        this.addProcess(ev.to, seq);
        if (
          ev.phase === 'request' &&
          ev.from === 'client' &&
          ev.method === 'POST' &&
          ev.path.endsWith('/servers') &&
          ev.request_id
        ) {
          const server = (ev.body as { server?: { name?: unknown } } | undefined)?.server;
          this.requests.push({
            request_id: ev.request_id,
            name: typeof server?.name === 'string' ? server.name : null,
            seq,
          });
        }
        break;
      case 'db':
        this.dbWrites.push(seq);
        this.addProcess(ev.by, seq);
        this.addProcess(ev.database, seq);
        break;
      case 'schedule':
        this.schedules.push(seq);
        this.addProcess(ev.by, seq);
        break;
      case 'notification':
        push(this.byQueue, NOTIFICATIONS_QUEUE, seq);
        break;
      case 'mq':
        if (ev.queue) {
          if (!this.byQueue.has(ev.queue)) this.learnFanout(ev.queue);
          push(this.byQueue, ev.queue, seq);
        }
        if (ev.op === 'held' || ev.op === 'released') this.holds.push(seq);
        this.addProcess(ev.by, seq);
        break;
      case 'hypervisor':
        this.addProcess(`hypervisor@${ev.host}`, seq);
        this.addProcess(`nova-compute@${ev.host}`, seq);
        break;
      case 'state':
        if (ev.host) this.addProcess(`nova-compute@${ev.host}`, seq);
        break;
      case 'service':
        // a process stopping or starting is an event of that process
        this.addProcess(`${ev.binary}@${ev.host}`, seq);
        break;
      case 'fault':
        this.addProcess(ev.target, seq);
        break;
      default:
        break;
    }
  }
}
