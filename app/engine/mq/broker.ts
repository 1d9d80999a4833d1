import type { RpcEvent, RpcPayload } from '../trace';
import type { World } from '../world';

/** A message as the broker holds it: the send event it came from and where it is going. */
export interface BrokerMessage {
  send: RpcEvent;
  payload: RpcPayload;
  /**
   * the caller's wait (rpc.ts's PendingCall) on a call and on its replies, null on a cast:
   * the reply goes back to it without a lookup by msg_id
   */
  call: unknown;
  /** the publisher's wait for a reply begins when the broker takes the message */
  accepted: (() => void) | undefined;
  /** where it was published: a reply's exchange and key are the caller's reply queue */
  exchange: string;
  key: string;
  /** the process that published it (a reply's: the callee) */
  from: string;
}

/** What a publisher holds while the broker is down, as its `held` and `released` events name it. */
export interface Publish {
  queue: string;
  by: string;
  msg_id: string | null;
  method: string;
  request_id: string | null;
  instance: string | null;
}

/** The owner of a reply queue: the transport of the process that calls. */
export interface ReplyTarget {
  process: string;
  broker: Broker;
  onReply(m: BrokerMessage): void;
}

export type Consumer = {
  process: string;
  deliver: (msg: BrokerMessage) => void;
};

export interface QueueState {
  name: string;
  messages: BrokerMessage[];
  consumers: Consumer[];
  unacked: number;
  next: number;
}

interface Exchange {
  name: string;
  type: 'topic' | 'fanout' | 'direct';
  /** routing key → its queues ('' for fanout): held, not named, as every message is routed */
  bindings: Map<string, QueueState[]>;
}

export interface DropRule {
  topic?: string;
  method?: string;
  remaining: number;
  from: number;
}

/**
 * RabbitMQ as oslo.messaging uses it: the `nova` topic exchange, fanout exchanges
 * `<topic>_fanout`, and direct exchanges for replies. A queue with no consumer keeps its
 * messages; a message that no binding routes is gone, as in AMQP.
 */
export class Broker {
  readonly queues = new Map<string, QueueState>();
  private exchanges = new Map<string, Exchange>();
  /** what publishers could not hand over while the broker was down, in the order they tried */
  private held: { what: Publish; go: () => void }[] = [];
  down = false;
  /** outages so far: tells one outage from the next */
  outages = 0;
  readonly drops: DropRule[] = [];
  /** reply queue → the agent that owns it (a direct exchange with one consumer) */
  readonly replyAgents = new Map<string, ReplyTarget>();

  constructor(private readonly world: World) {}

  declareExchange(name: string, type: Exchange['type']): void {
    if (!this.exchanges.has(name)) this.exchanges.set(name, { name, type, bindings: new Map() });
  }

  declareQueue(name: string): QueueState {
    let q = this.queues.get(name);
    if (!q) {
      q = { name, messages: [], consumers: [], unacked: 0, next: 0 };
      this.queues.set(name, q);
    }
    return q;
  }

  bind(exchange: string, queue: string, key: string): void {
    const ex = this.exchanges.get(exchange);
    if (!ex) throw new Error(`no exchange ${exchange}`);
    const q = this.queues.get(queue);
    if (!q) throw new Error(`no queue ${queue}`);
    const list = ex.bindings.get(key);
    if (!list) ex.bindings.set(key, [q]);
    else if (!list.includes(q)) list.push(q);
  }

  consume(queue: string, consumer: Consumer): void {
    const q = this.declareQueue(queue);
    q.consumers.push(consumer);
    this.world.emit({ type: 'mq', op: 'consumer-up', queue, by: consumer.process });
    this.drain(q);
  }

  cancel(queue: string, process: string): void {
    const q = this.queues.get(queue);
    if (!q) return;
    const before = q.consumers.length;
    q.consumers = q.consumers.filter((c) => c.process !== process);
    if (q.consumers.length !== before)
      this.world.emit({ type: 'mq', op: 'consumer-down', queue, by: process });
  }

  /** A published message reaches the broker, or waits for it to come back: oslo's publisher retries the connection. */
  arrive(msg: BrokerMessage): void {
    if (this.down)
      this.hold(msg, msg.from, msg.send.queue, () => this.route(msg.exchange, msg.key, msg));
    else this.route(msg.exchange, msg.key, msg);
  }

  /** A reply reaches the broker and goes straight to the caller's reply queue (its `key`). */
  arriveReply(caller: ReplyTarget, msg: BrokerMessage): void {
    if (this.down) this.hold(msg, msg.from, msg.key, () => caller.onReply(msg));
    else caller.onReply(msg);
  }

  /**
   * A publish that is not an RPC message (a notification): `go` runs once the broker takes
   * it, now or when the outage ends; meanwhile it is held like a message.
   */
  whenUp(what: Publish, go: () => void): void {
    if (!this.down) go();
    else this.holdPublish(what, go);
  }

  private hold(msg: BrokerMessage, from: string, queue: string, go: () => void): void {
    const s = msg.send;
    this.holdPublish(
      {
        queue,
        by: from,
        msg_id: s.msg_id,
        method: s.method,
        request_id: s.request_id ?? null,
        instance: s.instance ?? null,
      },
      go,
    );
  }

  private holdPublish(what: Publish, go: () => void): void {
    this.held.push({ what, go });
    this.publishEvent('held', what);
  }

  private publishEvent(op: 'held' | 'released', what: Publish): void {
    this.world.emit({ type: 'mq', op, ...what });
  }

  setDown(down: boolean): void {
    if (this.down === down) return;
    this.down = down;
    if (down) this.outages++;
    this.world.emit({
      type: 'mq',
      op: down ? 'broker-down' : 'broker-up',
      queue: null,
      by: 'rabbitmq',
    });
    if (!down) {
      const held = this.held;
      this.held = [];
      for (const h of held) {
        this.publishEvent('released', h.what);
        h.go();
      }
      for (const q of this.queues.values()) this.drain(q);
    }
  }

  /** The message has reached the broker: route it into queues (or drop it). */
  route(exchange: string, key: string, msg: BrokerMessage): void {
    msg.accepted?.();
    if (this.shouldDrop(msg)) return;
    const ex = this.exchanges.get(exchange);
    const targets = ex
      ? ex.type === 'fanout'
        ? ex.bindings.get('')
        : ex.bindings.get(key)
      : undefined;
    if (!targets || targets.length === 0) {
      this.world.emit({
        type: 'mq',
        op: 'drop',
        queue: null,
        by: 'rabbitmq',
        msg_id: msg.send.msg_id,
        method: msg.send.method,
        reason: `unroutable: no queue bound to ${exchange} with key ${key}`,
        request_id: msg.send.request_id ?? null,
        instance: msg.send.instance ?? null,
      });
      return;
    }
    for (const q of targets) {
      // the usual case, an empty queue with a consumer, skips the queue's array
      if (q.messages.length === 0 && q.consumers.length > 0 && !this.down) this.deliver(q, msg);
      else {
        q.messages.push(msg);
        this.drain(q);
      }
    }
  }

  private shouldDrop(msg: BrokerMessage): boolean {
    for (const rule of this.drops) {
      if (rule.remaining <= 0 || this.world.now < rule.from) continue;
      if (rule.topic !== undefined && rule.topic !== msg.send.topic) continue;
      if (rule.method !== undefined && rule.method !== msg.send.method) continue;
      rule.remaining--;
      this.world.emit({
        type: 'fault',
        kind: 'message-drop',
        target: 'rabbitmq',
        // Nova's names only, after the verb: the page says the rest in its language
        detail: `RabbitMQ drops ${msg.send.method} (${msg.send.queue})`,
        request_id: msg.send.request_id ?? null,
        instance: msg.send.instance ?? null,
      });
      this.world.emit({
        type: 'mq',
        op: 'drop',
        queue: msg.send.queue,
        by: 'rabbitmq',
        msg_id: msg.send.msg_id,
        method: msg.send.method,
        reason: 'message-drop fault',
        request_id: msg.send.request_id ?? null,
        instance: msg.send.instance ?? null,
      });
      return true;
    }
    return false;
  }

  private drain(q: QueueState): void {
    while (!this.down && q.messages.length > 0 && q.consumers.length > 0)
      this.deliver(q, q.messages.shift()!);
  }

  /** The broker hands `msg` to the queue's next consumer (round robin). */
  private deliver(q: QueueState, msg: BrokerMessage): void {
    const consumer = q.consumers[q.next++ % q.consumers.length]!;
    q.unacked++;
    const s = msg.send;
    const arrive = this.world.now + this.world.amqpMs();
    this.world.emit<RpcEvent>({
      type: 'rpc',
      phase: 'deliver',
      request_id: s.request_id ?? null,
      instance: s.instance ?? null,
      kind: s.kind,
      from: 'rabbitmq',
      to: consumer.process,
      arrive_t: arrive,
      exchange: s.exchange,
      topic: s.topic,
      server: s.server,
      fanout: s.fanout,
      method: s.method,
      version: s.version,
      namespace: s.namespace,
      msg_id: s.msg_id,
      queue: q.name,
      payload: msg.payload,
      seq: 0,
      t: 0,
    });
    // oslo's RPC server acknowledges a message as it takes it, before dispatching it.
    this.world.sim.atWith(arrive, taken, this, { q, consumer, msg });
  }

  /** The consumer takes a message delivered to it, if it is still there. */
  taken(q: QueueState, consumer: Consumer, msg: BrokerMessage): void {
    q.unacked--;
    // A consumer that died before the ack never took the message: AMQP requeues it.
    if (!q.consumers.includes(consumer)) {
      q.messages.unshift(msg);
      this.drain(q);
      return;
    }
    consumer.deliver(msg);
  }
}

/** A message on its way from the broker to one consumer. */
interface Delivery {
  q: QueueState;
  consumer: Consumer;
  msg: BrokerMessage;
}

const taken = (broker: Broker, d: Delivery) => broker.taken(d.q, d.consumer, d.msg);

/** A message published to the broker gets there. */
export const brokerTakes = (broker: Broker, msg: BrokerMessage) => broker.arrive(msg);
