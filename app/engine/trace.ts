/**
 * The trace: the one record of everything that happened in a run. The diagram, the
 * timeline, the database view, IndexedDB and every export are views of it. The JSON Lines
 * form is a public format (DESIGN.md): add fields, never rename or drop them.
 */
export const TRACE_FORMAT = 'nova-boot-visualizer/trace@1';

export type ProcessId = string;

export interface EventBase {
  seq: number;
  /** virtual milliseconds */
  t: number;
  request_id?: string | null;
  instance?: string | null;
}

/** Moves from one process to another; `arrive_t` is when it reaches the other end. */
export interface Transit {
  from: ProcessId;
  to: ProcessId;
  arrive_t: number;
}

export interface OsloEnvelope {
  'oslo.version': '2.0';
  'oslo.message': string;
}

/** What an RPC message carried, kept as data; the wire envelope is built from it on read. */
export interface RpcPayload {
  method: string;
  args: Record<string, unknown>;
  version: string;
  namespace: string | null;
  context: Record<string, unknown>;
  msg_id: string | null;
  reply_q: string | null;
  /** oslo's `_timeout`: the call-monitor timeout (seconds), null for calls without monitoring */
  call_monitor_timeout: number | null;
  unique_id: string;
}

export interface RpcEvent extends EventBase, Transit {
  type: 'rpc';
  phase: 'send' | 'deliver' | 'reply';
  kind: 'cast' | 'call';
  exchange: string;
  topic: string;
  server: string | null;
  fanout: boolean;
  method: string;
  version: string;
  namespace: string | null;
  msg_id: string | null;
  /** the queue the message went through */
  queue: string;
  /** for replies: 'result' or 'failure'; 'heartbeat' for a call monitor's keep-alive */
  outcome?: 'result' | 'failure' | 'heartbeat';
  payload: RpcPayload | RpcReplyPayload;
}

export interface RpcReplyPayload {
  result?: unknown;
  failure?: RemoteFailure;
  msg_id: string;
  unique_id: string;
  /** false for a heartbeat: more is coming (absent: true, the reply) */
  ending?: false;
}

export interface RemoteFailure {
  class: string;
  module: string;
  message: string;
  tb: string[];
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export interface RestEvent extends EventBase, Transit {
  type: 'rest';
  phase: 'request' | 'response';
  method: string;
  path: string;
  status?: number;
  /** undefined, or not there, when the request has none (left out of the JSON either way) */
  headers?: Record<string, string> | undefined;
  body?: unknown;
}

export interface DbEvent extends EventBase {
  type: 'db';
  by: ProcessId;
  database: string;
  table: string;
  op: 'insert' | 'update' | 'delete';
  key: string;
  fields: Record<string, unknown>;
}

export interface StateEvent extends EventBase {
  type: 'state';
  instance: string;
  vm_state: string;
  task_state: string | null;
  power_state: number;
  host: string | null;
  node: string | null;
}

export interface NotificationEvent extends EventBase {
  type: 'notification';
  publisher: string;
  event_type: string;
  payload: Record<string, unknown>;
}

export interface HypervisorEvent extends EventBase {
  type: 'hypervisor';
  host: string;
  op: 'spawn' | 'destroy';
  phase: 'start' | 'end' | 'error';
  /** on `error` only: what the driver raised, as nova-compute logs it */
  message?: string;
}

/** Broker-side happenings that are not a message moving: acks, drops, timeouts, outages. */
export interface MqEvent extends EventBase {
  type: 'mq';
  op:
    | 'ack'
    | 'drop'
    | 'timeout'
    | 'consumer-up'
    | 'consumer-down'
    | 'broker-down'
    | 'broker-up'
    /** RabbitMQ is down: the publisher (`by`) cannot hand the message over, and keeps trying */
    | 'held'
    /** RabbitMQ is back: the publisher hands over a message it was holding */
    | 'released';
  queue: string | null;
  by: ProcessId;
  msg_id?: string | null;
  method?: string;
  reason?: string;
}

export interface FilterResult {
  name: string;
  /** hosts this filter removed, with the reason Nova would log */
  rejected: { host: string; reason: string }[];
  remaining: number;
}

export interface ScheduleEvent extends EventBase {
  type: 'schedule';
  by: ProcessId;
  /** how many hosts placement offered as allocation candidates */
  candidate_count: number;
  /** hosts placement had no candidate for (not enough capacity): the filters never see them */
  no_capacity: string[];
  filters: FilterResult[];
  weighed: { host: string; weight: number; weights: Record<string, number> }[];
  chosen: string | null;
  alternates: string[];
}

export interface ServiceEvent extends EventBase {
  type: 'service';
  host: string;
  binary: string;
  op: 'start' | 'stop' | 'forced-down';
}

export interface FaultEvent extends EventBase {
  type: 'fault';
  kind: string;
  target: string;
  detail: string;
  /** its number, when it has one: a broker outage's ms, a slowdown's factor */
  amount?: number;
}

export interface ClientEvent extends EventBase {
  type: 'client';
  op: 'done';
  name: string;
  status: string;
  /** why it failed: the server's fault message (ERROR), or the API's error (rejected) */
  message?: string;
}

export type TraceEvent =
  | RpcEvent
  | RestEvent
  | DbEvent
  | StateEvent
  | NotificationEvent
  | HypervisorEvent
  | MqEvent
  | ScheduleEvent
  | ServiceEvent
  | FaultEvent
  | ClientEvent;

export type TraceEventType = TraceEvent['type'];

/** Distributes Omit over the union so each member keeps its own fields. */
export type Unsequenced<E> = E extends TraceEvent ? Omit<E, 'seq' | 't'> : never;

export type TraceSink = (event: TraceEvent) => void;
