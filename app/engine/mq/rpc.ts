import type { Proc, Thunk } from '../kernel/coroutine';
import type { TimerHandle } from '../kernel/sim';
import type { RemoteFailure, RpcEvent, RpcPayload, RpcReplyPayload } from '../trace';
import type { World } from '../world';
import { brokerTakes, type Broker, type BrokerMessage, type ReplyTarget } from './broker';
import { DeadlineQueue } from './deadlines';
import { MessageIds } from './messageIds';

export const CONTROL_EXCHANGE = 'nova';

export interface Target {
  topic: string;
  server?: string | null;
  fanout?: boolean;
}

export interface SendOptions {
  namespace?: string | null;
  context: Record<string, unknown>;
  request_id?: string | null;
  instance?: string | null;
}

export interface CallOptions extends SendOptions {
  /** seconds; rpc_response_timeout unless given */
  timeout?: number;
  /** oslo call monitoring: the callee's heartbeats keep a long call alive */
  monitored?: boolean;
}

/**
 * A message as the RPC server's endpoint gets it. A call is answered once (reply or fail);
 * a cast, or an answer from a server that has stopped, goes nowhere.
 */
export class Incoming {
  private answered = false;
  /** the next call-monitor heartbeat, cancelled by the answer */
  private nextBeat: TimerHandle | null = null;

  constructor(
    private readonly agent: RpcAgent,
    private readonly message: BrokerMessage,
  ) {
    const monitor = message.payload.call_monitor_timeout;
    if (message.send.kind === 'call' && monitor !== null && message.payload.msg_id !== null)
      this.heartbeatEvery((monitor * 1000) / 2);
  }

  /**
   * oslo's dispatcher watchdog: while the method runs, the callee tells a monitoring caller
   * it is still at work every call_monitor_timeout / 2 (a reply with `ending: false`).
   */
  private heartbeatEvery(ms: number): void {
    /** the outage a heartbeat is stuck in: the watchdog retries that one, and sends no other */
    let stuckIn = -1;
    const beat = () => {
      if (this.answered || !this.agent.running) return;
      const broker = this.agent.broker;
      if (broker.down && stuckIn === broker.outages) {
        this.nextBeat = this.agent.after(ms, beat);
        return;
      }
      if (broker.down) stuckIn = broker.outages;
      this.agent.answer(
        this.message,
        { result: null, msg_id: this.event.msg_id!, unique_id: '', ending: false },
        'heartbeat',
      );
      this.nextBeat = this.agent.after(ms, beat);
    };
    this.nextBeat = this.agent.after(ms, beat);
  }

  get payload(): RpcPayload {
    return this.message.payload;
  }

  get event(): RpcEvent {
    return this.message.send;
  }

  reply(result: unknown): void {
    if (this.mayAnswer())
      this.agent.answer(
        this.message,
        { result, msg_id: this.event.msg_id!, unique_id: '' },
        'result',
      );
  }

  fail(failure: RemoteFailure): void {
    if (this.mayAnswer())
      this.agent.answer(
        this.message,
        { failure, msg_id: this.event.msg_id!, unique_id: '' },
        'failure',
      );
  }

  private mayAnswer(): boolean {
    if (
      this.answered ||
      this.message.send.kind !== 'call' ||
      this.message.payload.msg_id === null ||
      !this.agent.running
    )
      return false;
    this.answered = true;
    this.nextBeat?.cancel();
    this.nextBeat = null;
    return true;
  }
}

/** oslo.messaging's MessagingTimeout, as the caller sees it. */
export class MessagingTimeout extends Error {
  readonly remoteClass = 'MessagingTimeout';
  constructor(msgId: string) {
    super(`Timed out waiting for a reply to message ID ${msgId}`);
    this.name = 'MessagingTimeout';
  }
}

/** A failure raised in the callee, re-raised in the caller (oslo's deserialize_remote_exception). */
export class RemoteError extends Error {
  constructor(readonly failure: RemoteFailure) {
    super(failure.message);
    this.name = failure.class;
  }
}

/**
 * A call waiting for its reply. It travels with the message and its reply (BrokerMessage's
 * `call`), so a reply finds it without a lookup by msg_id; `open` is oslo's entry in its
 * waiters, gone once the call is answered or has timed out.
 */
export interface PendingCall {
  /** the caller's transport, which times the call out */
  agent: RpcAgent;
  msgId: string;
  open: boolean;
  done: (err: Error | null, value?: unknown) => void;
  method: string;
  opts: CallOptions;
  /** the call's whole time (rpc_response_timeout, or long_rpc_timeout when monitored) */
  timer: { cancel(): void } | null;
  /** call monitoring: the time since the last heartbeat (rpc_response_timeout) */
  monitor: { cancel(): void } | null;
  /** the wait has begun: the broker has taken the message */
  waiting: boolean;
}

/**
 * One process's oslo.messaging transport: RPC client (cast, call with a reply queue of its
 * own) and RPC server (topic, topic.server and fanout queues).
 */
export class RpcAgent {
  private replyQ: string | null = null;
  /** calls still waiting for their reply */
  private pending = 0;
  private served: string[] = [];
  private handler: ((msg: Incoming) => void) | null = null;
  running = true;
  /** ids are a random per-process prefix and a counter: unique, reproducible, and cheap */
  private readonly ids: MessageIds;
  /** names of exchanges and routing keys, made once (fanoutName, serverKey) */
  private readonly fanoutNames = new Map<string, string>();
  private readonly serverKeys = new Map<string, Map<string, string>>();

  constructor(
    private readonly world: World,
    readonly broker: Broker,
    readonly process: string,
  ) {
    this.ids = new MessageIds(world.rng.hex(20));
  }

  /** call timeouts by duration (rpc_response_timeout, long_rpc_timeout): each expires in order */
  private readonly deadlines = new Map<number, DeadlineQueue>();

  private newId(): string {
    return this.ids.take();
  }

  /** Starts an RPC server for `topic` on `server`, as oslo's get_rpc_server does. */
  serve(topic: string, server: string, handler: (msg: Incoming) => void): void {
    this.handler = handler;
    this.running = true;
    const b = this.broker;
    b.declareExchange(CONTROL_EXCHANGE, 'topic');
    b.declareExchange(`${topic}_fanout`, 'fanout');
    const fanoutQ = `${topic}_fanout_${this.world.rng.hex(32)}`;
    for (const q of [topic, `${topic}.${server}`]) {
      b.declareQueue(q);
      b.bind(CONTROL_EXCHANGE, q, q);
    }
    b.declareQueue(fanoutQ);
    b.bind(`${topic}_fanout`, fanoutQ, '');
    this.served = [topic, `${topic}.${server}`, fanoutQ];
    const consumer = { process: this.process, deliver: (m: BrokerMessage) => this.dispatch(m) };
    for (const q of this.served) b.consume(q, consumer);
  }

  /** The service stops consuming; its queues stay, and keep what is sent to them. */
  stop(): void {
    this.running = false;
    for (const q of this.served) this.broker.cancel(q, this.process);
    if (this.replyQ) this.broker.cancel(this.replyQ, this.process);
  }

  /**
   * A cast returns once the broker has the message: while RabbitMQ is down oslo's publisher
   * retries (Nova's RPC clients set no limit), so the caster waits the outage out, as a
   * caller does before its reply wait begins. Like a call's, that is decided when it is sent:
   * a cast that reaches the broker just as it goes down is held without the caster waiting.
   */
  *cast(
    target: Target,
    method: string,
    args: Record<string, unknown>,
    version: string,
    opts: SendOptions,
  ): Proc {
    if (!this.broker.down) {
      this.send('cast', target, method, args, version, opts, null);
      return;
    }
    const published: Thunk<void> = (done) =>
      this.send('cast', target, method, args, version, opts, null, false, () => done(null));
    yield published;
  }

  call(
    target: Target,
    method: string,
    args: Record<string, unknown>,
    version: string,
    opts: CallOptions,
  ): Thunk<unknown> {
    return (done) => this.callNow(target, method, args, version, opts, done);
  }

  /** `call`'s thunk run at once: `done` gets the reply. */
  callNow(
    target: Target,
    method: string,
    args: Record<string, unknown>,
    version: string,
    opts: CallOptions,
    done: (err: Error | null, value?: unknown) => void,
  ): void {
    const msgId = this.newId();
    const call: PendingCall = {
      agent: this,
      msgId,
      open: true,
      done,
      method,
      opts,
      timer: null,
      monitor: null,
      waiting: false,
    };
    this.pending++;
    const monitored = opts.monitored === true;
    // oslo waits for the reply once the publish is done; while the broker is down the
    // publisher retries, and the wait begins when the broker takes the message
    const held = this.broker.down;
    this.send(
      'call',
      target,
      method,
      args,
      version,
      opts,
      call,
      monitored,
      held ? () => this.startWaiting(call) : undefined,
    );
    if (!held) this.startWaiting(call);
  }

  /**
   * oslo's ReplyWaiter.wait: the call's timeout runs from now; with call monitoring, a
   * heartbeat is also due within rpc_response_timeout, and each one renews that time.
   */
  private startWaiting(call: PendingCall): void {
    if (!call.open || call.waiting) return;
    call.waiting = true;
    const cfg = this.world.config;
    const { opts } = call;
    if (opts.monitored) {
      call.timer = this.timer((opts.timeout ?? cfg.long_rpc_timeout) * 1000, call);
      call.monitor = this.timer(cfg.rpc_response_timeout * 1000, call);
    } else {
      call.timer = this.timer((opts.timeout ?? cfg.rpc_response_timeout) * 1000, call);
    }
  }

  /**
   * `fn` runs in `ms` virtual milliseconds, unless this process has stopped by then or the
   * handle is cancelled. Like the call timeouts, these mostly end cancelled (a heartbeat
   * not needed once the answer is sent): a queue per duration drops them at once.
   */
  after(ms: number, fn: () => void): TimerHandle {
    return this.deadlineQueue(ms).add(() => {
      if (this.running) fn();
    });
  }

  private timer(ms: number, call: PendingCall): { cancel(): void } {
    return this.deadlineQueue(ms).add(expires, call);
  }

  /** The call's time is up before its reply came. */
  expire(call: PendingCall): void {
    if (!call.open) return;
    const { msgId, method, opts } = call;
    this.close(call);
    call.timer?.cancel();
    call.monitor?.cancel();
    this.world.emit({
      type: 'mq',
      op: 'timeout',
      queue: this.replyQ,
      by: this.process,
      msg_id: msgId,
      method,
      reason: `MessagingTimeout: Timed out waiting for a reply to message ID ${msgId}`,
      request_id: opts.request_id ?? null,
      instance: opts.instance ?? null,
    });
    call.done(new MessagingTimeout(msgId));
  }

  private deadlineQueue(ms: number): DeadlineQueue {
    let queue = this.deadlines.get(ms);
    if (!queue) this.deadlines.set(ms, (queue = new DeadlineQueue(this.world.sim, ms)));
    return queue;
  }

  private ensureReplyQueue(): string {
    if (this.replyQ) return this.replyQ;
    const name = `reply_${this.world.rng.hex(32)}`;
    this.replyQ = name;
    this.broker.declareExchange(name, 'direct');
    this.broker.declareQueue(name);
    this.broker.bind(name, name, name);
    this.broker.consume(name, { process: this.process, deliver: (m) => this.onReply(m) });
    this.broker.replyAgents.set(name, this);
    return name;
  }

  private send(
    kind: 'cast' | 'call',
    target: Target,
    method: string,
    args: Record<string, unknown>,
    version: string,
    opts: SendOptions,
    call: PendingCall | null,
    monitored = false,
    accepted?: () => void,
  ): void {
    const msgId = call === null ? null : call.msgId;
    const fanout = target.fanout === true;
    const server = fanout ? null : (target.server ?? null);
    const exchange = fanout ? this.fanoutName(target.topic) : CONTROL_EXCHANGE;
    const key = fanout ? '' : server ? this.serverKey(target.topic, server) : target.topic;
    const replyQ = kind === 'call' ? this.ensureReplyQueue() : null;
    const payload: RpcPayload = {
      method,
      args,
      version,
      namespace: opts.namespace ?? null,
      context: opts.context,
      msg_id: msgId,
      reply_q: replyQ,
      call_monitor_timeout: monitored ? this.world.config.rpc_response_timeout : null,
      unique_id: this.newId(),
    };
    const arrive = this.world.now + this.world.amqpMs();
    const send = this.world.emit<RpcEvent>({
      type: 'rpc',
      phase: 'send',
      request_id: opts.request_id ?? null,
      instance: opts.instance ?? null,
      kind,
      from: this.process,
      to: 'rabbitmq',
      arrive_t: arrive,
      exchange,
      topic: target.topic,
      server,
      fanout,
      method,
      version,
      namespace: payload.namespace,
      msg_id: msgId,
      queue: fanout ? exchange : key,
      payload,
      seq: 0,
      t: 0,
    });
    const msg: BrokerMessage = { send, payload, call, accepted, exchange, key, from: this.process };
    this.world.sim.atWith(arrive, brokerTakes, this.broker, msg);
  }

  /**
   * A topic's fanout exchange, `<topic>_fanout`, made once: the broker looks it up for every
   * message, and a name made for each (update_instance_info's, a boot) was a new string to
   * flatten and hash.
   */
  private fanoutName(topic: string): string {
    let name = this.fanoutNames.get(topic);
    if (name === undefined) this.fanoutNames.set(topic, (name = [topic, '_fanout'].join('')));
    return name;
  }

  /** A server's routing key, `<topic>.<server>`, made once, as `fanoutName` (a build's cast). */
  private serverKey(topic: string, server: string): string {
    let byServer = this.serverKeys.get(topic);
    if (byServer === undefined) this.serverKeys.set(topic, (byServer = new Map()));
    let key = byServer.get(server);
    if (key === undefined) byServer.set(server, (key = [topic, '.', server].join('')));
    return key;
  }

  private dispatch(m: BrokerMessage): void {
    if (!this.running || !this.handler) return;
    this.handler(new Incoming(this, m));
  }

  /** A reply to a call (or a heartbeat), on the caller's reply queue; `payload` gets its unique_id here. */
  answer(
    m: BrokerMessage,
    payload: RpcReplyPayload,
    outcome: 'result' | 'failure' | 'heartbeat',
  ): void {
    const s = m.send;
    payload.unique_id = this.newId();
    const replyQ = m.payload.reply_q!;
    // the agent that owns the reply queue: the one whose call this answers
    const call = m.call as PendingCall | null;
    const caller = call !== null ? call.agent : this.broker.replyAgents.get(replyQ);
    const arrive = this.world.now + 2 * this.world.amqpMs();
    this.world.emit<RpcEvent>({
      type: 'rpc',
      phase: 'reply',
      request_id: s.request_id ?? null,
      instance: s.instance ?? null,
      kind: 'call',
      from: this.process,
      to: caller?.process ?? 'rabbitmq',
      arrive_t: arrive,
      exchange: replyQ,
      topic: replyQ,
      server: null,
      fanout: false,
      method: s.method,
      version: s.version,
      namespace: s.namespace,
      msg_id: s.msg_id,
      queue: replyQ,
      outcome,
      payload,
      seq: 0,
      t: 0,
    });
    if (caller)
      this.world.sim.atWith(arrive, brokerTakesReply, caller, {
        send: s,
        payload: payload as unknown as RpcPayload,
        call: m.call,
        accepted: undefined,
        exchange: replyQ,
        key: replyQ,
        from: this.process,
      });
  }

  onReply(m: BrokerMessage): void {
    const reply = m.payload as unknown as RpcReplyPayload;
    const call = m.call as PendingCall | null;
    // oslo logs "No calling threads waiting for msg_id" and drops a late reply.
    if (call === null || !call.open || !this.running) return;
    if (reply.ending === false) {
      // "Call monitor heartbeat received; renewing timeout timer"
      if (call.monitor) {
        call.monitor.cancel();
        call.monitor = this.timer(this.world.config.rpc_response_timeout * 1000, call);
      }
      return;
    }
    this.close(call);
    call.timer?.cancel();
    call.monitor?.cancel();
    if (reply.failure) call.done(new RemoteError(reply.failure));
    else call.done(null, reply.result);
  }

  /** The call stops waiting: a reply that comes after this is dropped. */
  private close(call: PendingCall): void {
    call.open = false;
    this.pending--;
  }

  get pendingCalls(): number {
    return this.pending;
  }
}

const expires = (call: PendingCall) => call.agent.expire(call);

/** A reply gets to the broker, which hands it to `caller`'s reply queue. */
const brokerTakesReply = (caller: ReplyTarget, msg: BrokerMessage) =>
  caller.broker.arriveReply(caller, msg);
