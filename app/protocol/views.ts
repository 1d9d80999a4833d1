import type { DbEvent, TraceEventType } from '../engine/trace';
import type { SummaryWord } from './messages';

/**
 * The debugger's part of the worker protocol: breakpoints, and the views the worker computes
 * over the trace up to the cursor (inspector, database tables, timeline). The UI says what it
 * watches; the worker sends a view whenever what it shows may have changed, before the status
 * that acknowledges a command, so an awaited command is followed by views that match it.
 */

// ---------------------------------------------------------------- breakpoints

/**
 * Stops playing (or a multi-event step) on the first event that matches every field given.
 * Strings may use `*` as a wildcard (`nova-compute@*`).
 */
export interface Breakpoint {
  /** a process the event starts at or goes to: `nova-scheduler`, `nova-compute@host1`, a database */
  process?: string;
  /** an RPC method (`select_destinations`), a notification's event type, or a REST method or path */
  method?: string;
  /** `cast`, `call`, `reply`, or an event type: `rpc`, `rest`, `db`, `state`, `notification`… */
  kind?: string;
  /** an instance's vm_state after the event (`error`, `active`) */
  vm_state?: string;
  request_id?: string;
}

export const BREAKPOINT_FIELDS = ['process', 'method', 'kind', 'vm_state', 'request_id'] as const;
export type BreakpointField = (typeof BREAKPOINT_FIELDS)[number];

/** A breakpoint's value the worker refused because nothing in the run could match it. */
export interface BreakpointRefusal {
  field: BreakpointField;
  value: string;
}

/** The kinds a breakpoint's `kind` names: a message's, then an event's type. */
export const BREAKPOINT_KINDS = [
  // first: the operator's question is most often where it went wrong
  'failure',
  'first-failure',
  'cast',
  'call',
  'reply',
  'request',
  'response',
  'rpc',
  'rest',
  'db',
  'state',
  'notification',
  'hypervisor',
  'mq',
  'drop',
  'timeout',
  'outage',
  'schedule',
  'service',
  'fault',
  'client',
] as const;

/**
 * The RPC methods the simulated services send, in the order a boot first sends them (the
 * engine keeps the same list for its scenarios' faults: app/engine/faultTargets.ts).
 */
export const RPC_METHODS = [
  'schedule_and_build_instances',
  'select_destinations',
  'build_and_run_instance',
  'object_action',
  'update_instance_info',
  'build_instances',
] as const;

/**
 * The versioned notifications the simulated services publish: a breakpoint's method matches
 * a notification's event type too.
 */
export const NOTIFICATION_TYPES = [
  'service.create',
  'service.update',
  'scheduler.select_destinations.start',
  'scheduler.select_destinations.end',
  'instance.create.start',
  'instance.create.end',
  'instance.create.error',
  'instance.shutdown.start',
  'instance.shutdown.end',
  'compute_task.build_instances.error',
] as const;

/** nova.compute.vm_states */
export const VM_STATES = [
  'active',
  'building',
  'paused',
  'suspended',
  'stopped',
  'rescued',
  'resized',
  'soft-delete',
  'deleted',
  'error',
  'shelved',
  'shelved_offloaded',
] as const;

/** The API's status of a server, for each vm_state it shows differently (api/openstack/common.py). */
const STATUS_TO_VM_STATE: Record<string, string> = {
  build: 'building',
  shutoff: 'stopped',
  rescue: 'rescued',
  verify_resize: 'resized',
  soft_deleted: 'soft-delete',
};

/**
 * A vm_state typed by a user, as Nova writes it: `ERROR` or `BUILD`, as the page and the API
 * show a server, mean `error` and `building`. Null: no vm_state (a pattern with * is kept).
 */
export function vmStateFromUser(value: string): string | null {
  const v = value.trim().toLowerCase();
  if (v.includes('*')) return v;
  const state = STATUS_TO_VM_STATE[v] ?? v;
  return (VM_STATES as readonly string[]).includes(state) ? state : null;
}

export interface BreakpointHit {
  /** the event that matched: the cursor is just after it */
  seq: number;
  /** which breakpoint, by index in the list the UI set */
  index: number;
  breakpoint: Breakpoint;
}

// ---------------------------------------------------------------- what the UI watches

export type InspectTarget =
  | { kind: 'event'; seq: number }
  /** the event at the cursor (the last one that happened) */
  | { kind: 'current' }
  | { kind: 'process'; id: string };

export interface TableQuery {
  /** `null`: the database and table of the latest write at the cursor */
  database: string | null;
  table: string | null;
  page: number;
}

export type ViewName = DebugView['view'];

export interface WatchSpec {
  inspector?: InspectTarget | null;
  table?: TableQuery | null;
  /** `null`: the first boot request of the run */
  timeline?: { request_id: string | null } | null;
  /**
   * The views the page has on screen. The others are not sent, playing or not (they follow
   * as soon as they come into view): off screen nobody reads them, and a view of hundreds of
   * rows costs the page a long render at every step, seek or frame.
   */
  onScreen?: Record<ViewName, boolean>;
}

// ---------------------------------------------------------------- inspector

export interface RpcDetail {
  kind: 'rpc';
  phase: 'send' | 'deliver' | 'reply';
  callKind: 'cast' | 'call';
  method: string;
  version: string;
  namespace: string | null;
  from: string;
  to: string;
  exchange: string;
  topic: string;
  server: string | null;
  fanout: boolean;
  routing_key: string;
  queue: string;
  msg_id: string | null;
  reply_q: string | null;
  outcome: 'result' | 'failure' | 'heartbeat' | null;
  /** the wire message exactly: `oslo.message` is a JSON string */
  envelope: { 'oslo.version': string; 'oslo.message': string };
  /** `oslo.message` decoded */
  message: Record<string, unknown>;
  /** the `_context_*` keys, without the prefix */
  context: Record<string, unknown>;
  args: unknown;
  /** for replies: the result, or the decoded failure */
  result?: unknown;
  failure?: unknown;
  /** the other events of this message (send, deliver, reply), by seq */
  related: { seq: number; phase: string; from: string; to: string }[];
}

export interface RestHalf {
  seq: number;
  t: number;
  from: string;
  to: string;
  headers: Record<string, string> | null;
  body: unknown;
  /**
   * The body was rebuilt by the worker (placement's allocation candidates, which the trace
   * leaves out), `shown` of its `total` candidates.
   */
  rebuilt?: { shown: number; total: number };
}

export interface RestDetail {
  kind: 'rest';
  method: string;
  path: string;
  status: number | null;
  request: RestHalf | null;
  response: RestHalf | null;
}

export interface DbDetail extends Pick<DbEvent, 'database' | 'table' | 'op' | 'key' | 'fields'> {
  kind: 'db';
  by: string;
  /** the whole row before this write (null for an insert) */
  rowBefore: Record<string, unknown> | null;
  /** the whole row after this write (null after a delete) */
  rowAfter: Record<string, unknown> | null;
}

export interface StateDetail {
  kind: 'state';
  instance: string;
  vm_state: string;
  task_state: string | null;
  power_state: number;
  host: string | null;
  node: string | null;
  previous: {
    vm_state: string;
    task_state: string | null;
    power_state: number;
    host: string | null;
    node: string | null;
  } | null;
}

export interface OtherDetail {
  kind: 'other';
  record: Record<string, unknown>;
}

/**
 * A broker happening that concerns one message (a timeout, a drop, a held message): the call
 * it is about, and what else happened to that message.
 */
export interface MqDetail {
  kind: 'mq';
  op: string;
  by: string;
  queue: string | null;
  method: string | null;
  /**
   * a message its publisher held while RabbitMQ was down: when it was held, when it was
   * handed over at last, and the time between (ms); null for any other broker event, or a
   * hold whose release the run has not reached
   */
  held: { heldSeq: number; releasedSeq: number; ms: number } | null;
  /** the call or cast this is about: its send event */
  sent: { seq: number; t: number; from: string; to: string } | null;
  /** for a timeout: how long the caller waited, from the send (ms) */
  waitedMs: number | null;
  /**
   * for a timeout: the call's call-monitor timeout (oslo's `_timeout`, s) when it was
   * monitored (select_destinations), for which a heartbeat renews the wait; null for a call
   * that waits rpc_response_timeout for its reply alone
   */
  monitorTimeout: number | null;
  /** the message's other broker events (drop, held, released, timeout), by seq */
  related: { seq: number; op: string }[];
  /**
   * for RabbitMQ going down or coming back: the outage, its end (null while the run has not
   * reached it), how long it lasted (ms, to the end of the run so far when it has not ended)
   * and the messages publishers held meanwhile
   */
  outage: { downSeq: number; upSeq: number | null; ms: number; held: number } | null;
  record: Record<string, unknown>;
}

/** nova-scheduler's decision: the same table as the scheduler's own view, and the record */
export interface ScheduleDetail {
  kind: 'schedule';
  decision: SchedulerDecision;
  record: Record<string, unknown>;
}

export interface EventInspection {
  target: 'event';
  seq: number;
  t: number;
  type: TraceEventType;
  request_id: string | null;
  instance: string | null;
  /** the event is after the cursor: it has not happened yet */
  future: boolean;
  /** the earlier event this failure goes back to (see worker/cause.ts) */
  cause: { seq: number; words: SummaryWord[]; from: string | null } | null;
  detail: RpcDetail | RestDetail | DbDetail | StateDetail | ScheduleDetail | MqDetail | OtherDetail;
}

/**
 * Why placement offered no candidate on a host: a resource class asked for more than one
 * allocation may take (its inventory's max_unit), or more than is free of its capacity.
 */
export type Shortfall = { rc: string; asked: number } & ({ maxUnit: number } | { free: number });

/**
 * Why ComputeFilter found a host's service down, which its log line does not say (a forced
 * down service "has not been heard from in a while" too): from the services table when the
 * scheduler decided.
 */
export interface ServiceSeen {
  forcedDown: boolean;
  /** since its last report (or its creation, with none) */
  heardAgoMs: number;
  downAfterS: number;
}

export interface SchedulerHostRow {
  host: string;
  /** per filter, in order: pass, fail (with Nova's log reason) or not run (an earlier filter failed) */
  filters: (
    | { result: 'pass' }
    | { result: 'fail'; reason: string; service?: ServiceSeen }
    | { result: 'skipped' }
  )[];
  /** placement offered no allocation candidate on this host */
  noCapacity: boolean;
  /** why, worked out from the placement tables when the scheduler asked: every class short */
  shortfalls: Shortfall[];
  weight: number | null;
  weights: Record<string, number> | null;
  role: 'chosen' | 'alternate' | null;
}

export interface SchedulerDecision {
  seq: number;
  t: number;
  request_id: string | null;
  instance: string | null;
  candidate_count: number;
  filterNames: string[];
  remaining: number[];
  weigherNames: string[];
  hosts: SchedulerHostRow[];
  /** hosts that passed every filter but are not in the weighed list the trace kept */
  unlisted: number;
  chosen: string | null;
  alternates: string[];
}

export interface ConductorBuild {
  instance: string;
  name: string | null;
  request_id: string | null;
  vm_state: string;
  task_state: string | null;
  host: string | null;
  /** the conductor's last step for this instance: method and what happened to it */
  lastStep: { seq: number; words: SummaryWord[] } | null;
  /** an RPC call the conductor made and still waits on */
  waitingOn: { seq: number; method: string; to: string } | null;
  attempts: number;
}

export interface ResourceRow {
  resource: string;
  total: number;
  used: number;
  reserved: number | null;
  allocation_ratio: number | null;
}

export interface ComputeHostInspection {
  host: string;
  service: Record<string, unknown> | null;
  /**
   * The service as Nova's servicegroup sees it at the cursor (`openstack compute service
   * list`): down when forced down or not heard from within service_down_time.
   */
  state: { up: boolean; heardAgoMs: number | null; downAfterS: number } | null;
  /** when its process stopped (virtual ms), if it is stopped at the cursor */
  stoppedAt: number | null;
  node: Record<string, unknown> | null;
  /** placement's view: inventory and what allocations use of it */
  placement: ResourceRow[];
  vms: { uuid: string; name: string | null; vm_state: string; task_state: string | null }[];
}

export interface QueueMessage {
  seq: number;
  t: number;
  /** the RPC method, or a notification's event type */
  method: string;
  kind: 'cast' | 'call' | 'notify';
  from: string;
  request_id: string | null;
}

export interface QueueInspection {
  queue: string;
  /** the versioned notifications' queue: no Nova service consumes it, by design */
  unread?: true;
  consumers: string[];
  waiting: QueueMessage[];
  delivered: number;
  dropped: number;
}

export interface ProcessInspection {
  target: 'process';
  id: string;
  scheduler?: SchedulerDecision | null;
  conductor?: ConductorBuild[];
  compute?: ComputeHostInspection;
  queue?: QueueInspection;
  /**
   * What the process could not hand to RabbitMQ (down) and keeps trying to: a message or a
   * notification, oldest first. It waits there; absent when it holds nothing.
   */
  held?: { seq: number; method: string; queue: string }[];
  /** the process's latest events at the cursor */
  recent: { seq: number; words: SummaryWord[] }[];
}

/** A caller's `reply_<uuid hex>` queue and the process it belongs to. */
export interface ReplyQueue {
  queue: string;
  owner: string;
}

export interface InspectorView {
  view: 'inspector';
  /** the cursor this view was computed at */
  seq: number;
  /** what can be picked: processes and queues seen so far */
  processes: string[];
  queues: string[];
  /** each caller's reply queue, by the process that consumes it */
  replyQueues: ReplyQueue[];
  result: EventInspection | ProcessInspection | null;
}

// ---------------------------------------------------------------- database

export interface TableRowView {
  key: string;
  values: Record<string, unknown>;
  /** the seq of the last write to this row */
  lastSeq: number;
  /** changed by the current event (the one just before the cursor) */
  changed: 'insert' | 'update' | 'delete' | null;
  /** the columns whose value an update changed (empty otherwise) */
  changedColumns: string[];
  /** deleted before the cursor, shown where it was (lastSeq is the delete) */
  gone: boolean;
}

export interface TableView {
  view: 'table';
  seq: number;
  databases: { name: string; tables: { name: string; rows: number }[] }[];
  database: string | null;
  table: string | null;
  /** the database and table follow the latest write */
  following: boolean;
  page: number;
  pageSize: number;
  /** the rows listed, a deleted row shown struck through included */
  total: number;
  /** a deleted row is listed (on whichever page): the table itself has total - 1 rows */
  deletedShown: boolean;
  columns: string[];
  rows: TableRowView[];
  /**
   * the names of the placement resource providers the rows name by uuid (their compute
   * node's name): an allocation says which host it is on without a look at another table
   */
  providerNames: Record<string, string>;
}

// ---------------------------------------------------------------- timeline

/** A pause this long (ms) between two messages of a request is drawn as a band of its own. */
export const TIMELINE_GAP_MS = 1000;

/** Who waits, and on what: a call's method, a REST request, a hypervisor step. */
export interface TimelineWait {
  who: string;
  what: string;
}

export interface TimelineMessage {
  seq: number;
  t: number;
  type: TraceEventType;
  from: string;
  /** equals `from` for something that happens inside one process (state, notification…) */
  to: string;
  /** in English, Nova's names as they are: what the error marks read */
  label: string;
  /** the label with its terms to translate (a write's op, a hypervisor's step), when it has any */
  words?: SummaryWord[];
  /** rpc: cast/call/reply; rest: request/response; db: the op */
  style: string;
  /**
   * after a pause of TIMELINE_GAP_MS or more since the previous message: what the request was
   * waiting on through it (empty: nothing of its own, as between the client's polls)
   */
  waited?: TimelineWait[];
}

export interface TimelineView {
  view: 'timeline';
  requests: { request_id: string; name: string | null; seq: number }[];
  request_id: string | null;
  lanes: string[];
  messages: TimelineMessage[];
  /** messages left out past the cap */
  truncated: number;
}

export type DebugView = InspectorView | TableView | TimelineView;
