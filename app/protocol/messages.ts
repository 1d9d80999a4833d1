import type { Injection } from '../engine/api';
import type { ScenarioProblem } from '../engine/scenarioProblems';
import type { TraceEventType } from '../engine/trace';
import type { Breakpoint, BreakpointHit, BreakpointRefusal, DebugView, WatchSpec } from './views';

export type * from './views';
export * from './tokenTiming';

/**
 * The messages between the UI thread and the simulation worker: one union per direction.
 * Bump PROTOCOL_VERSION on any change that an older peer would misread; the worker announces
 * its version in `ready` and the client refuses to talk to a different one.
 *
 * Messages stay small: the worker sends compact projections of the trace (event summaries,
 * instance rows, counts), never RPC payloads or envelopes, which are large.
 */
export const PROTOCOL_VERSION = 16;

/** Virtual milliseconds per wall millisecond, or as fast as the worker can go. */
export type Speed = number | 'max';
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 1000;
export const SPEED_PRESETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1000, 'max'] as const;

// ---------------------------------------------------------------- UI → worker

export const UiMessageType = {
  load: 'load',
  play: 'play',
  pause: 'pause',
  step: 'step',
  stepBack: 'stepBack',
  stepRequest: 'stepRequest',
  stepMilestone: 'stepMilestone',
  seek: 'seek',
  setSpeed: 'setSpeed',
  setPauseAtBigSteps: 'setPauseAtBigSteps',
  setBigStepsOf: 'setBigStepsOf',
  reset: 'reset',
  exportTrace: 'exportTrace',
  setBreakpoints: 'setBreakpoints',
  watch: 'watch',
  inject: 'inject',
  uninject: 'uninject',
  restore: 'restore',
  persisted: 'persisted',
} as const;

/** Every command carries an `id`; the worker echoes it as `ack` once the command is done. */
interface Command<T extends keyof typeof UiMessageType> {
  type: T;
  id: number;
}

export type LoadMessage = Command<'load'> & {
  scenarioText: string;
  /** overrides the scenario's seed (share links) */
  seed?: number;
  /** where the scenario came from, e.g. its file name; echoed in `loaded` */
  source?: string;
  /** user actions to replay into the run (share links) */
  injections?: Injection[];
};
export type PlayMessage = Command<'play'>;
export type PauseMessage = Command<'pause'>;
export type StepMessage = Command<'step'> & { n: number };
export type StepBackMessage = Command<'stepBack'> & { n: number };
/**
 * Moves the cursor to the next (dir 1) or the previous (dir -1) event of one boot request, over
 * the events of the others; null is the request the timeline shows. Stays put when there is none.
 */
export type StepRequestMessage = Command<'stepRequest'> & {
  request_id: string | null;
  dir: 1 | -1;
};
/**
 * Moves the cursor to the next (dir 1) or the previous (dir -1) big step of the story (an
 * event the narration calls a milestone); stays put when there is none.
 */
export type StepMilestoneMessage = Command<'stepMilestone'> & { dir: 1 | -1 };
export type SeekMessage = Command<'seek'> & { seq: number };

/** A run stops growing here even if the engine would go on (memory guard for the browser). */
export const MAX_TRACE_EVENTS = 1_000_000;

/** A seek this far goes to the run's last event, computing the rest of the run first. */
export const SEEK_END = Number.MAX_SAFE_INTEGER;
export type SetSpeedMessage = Command<'setSpeed'> & { x: Speed };
/**
 * Playing, pauses after each big step of the story (an event the narration calls a milestone),
 * as at a breakpoint: a class is told one thing at a time, at the speed it is played.
 */
export type SetPauseAtBigStepsMessage = Command<'setPauseAtBigSteps'> & { on: boolean };
/**
 * The big steps (stepping by them, the tour, pausing at them) of one boot request only, and
 * what happens to the whole cloud; null: of every request. A new run goes back to null.
 */
export type SetBigStepsOfMessage = Command<'setBigStepsOf'> & { request_id: string | null };
export type ResetMessage = Command<'reset'>;
export type ExportTraceMessage = Command<'exportTrace'>;
/** A user action on the running simulation, at the current virtual time (the worker picks it). */
export type InjectMessage = Command<'inject'> & { action: UserAction };
/**
 * Takes back one of the user's actions (its index in the run's injections): the run is
 * replayed without it, and the cursor goes back to where the runs part if it was past it.
 */
export type UninjectMessage = Command<'uninject'> & {
  index: number;
  /** the action's time, as the UI listed it: a list that changed meanwhile is refused */
  at: number;
};
/** Brings back the run saved in the browser; the ack is `loaded` + status, or a status with no run. */
export type RestoreMessage = Command<'restore'>;
/** Acknowledged once everything produced so far is saved (tests, and before a reload). */
export type PersistedMessage = Command<'persisted'>;

/** The compute topics a message-drop fault can name. */
export const DROP_TOPICS = ['conductor', 'scheduler', 'compute'] as const;
export type DropTopic = (typeof DROP_TOPICS)[number];
export const MAX_LAUNCH_COUNT = 10;
export const MAX_OUTAGE_SECONDS = 600;
/** The longest a launch may wait before the client sends it, s. */
export const MAX_LAUNCH_DELAY_SECONDS = 600;

/** What the launch form and the fault buttons ask for. */
export type UserAction =
  | {
      kind: 'launch';
      name: string;
      flavorRef: string;
      imageRef: string;
      count: number;
      networks: 'none' | 'auto';
      /** seconds of virtual time before the client sends it (0: at once) */
      afterSeconds?: number;
    }
  | { kind: 'stop-compute'; host: string }
  | { kind: 'spawn-fails'; host: string }
  | { kind: 'drop-message'; topic: DropTopic }
  | { kind: 'broker-down'; seconds: number };
export type SetBreakpointsMessage = Command<'setBreakpoints'> & {
  breakpoints: Breakpoint[];
  /**
   * Saved in this browser, set again on a new page: a process this run lacks is kept (for the
   * runs that have it), as it is when the page opens another scenario.
   */
  saved?: boolean;
};
/** What the debugger views show; the worker sends each as a `view` when it may have changed. */
export type WatchMessage = Command<'watch'> & { views: WatchSpec };

export type UiToWorker =
  | LoadMessage
  | PlayMessage
  | PauseMessage
  | StepMessage
  | StepBackMessage
  | StepRequestMessage
  | StepMilestoneMessage
  | SeekMessage
  | SetSpeedMessage
  | SetPauseAtBigStepsMessage
  | SetBigStepsOfMessage
  | ResetMessage
  | ExportTraceMessage
  | SetBreakpointsMessage
  | WatchMessage
  | InjectMessage
  | UninjectMessage
  | RestoreMessage
  | PersistedMessage;

/** A command as the client writes it, before the client numbers it. */
export type UiCommand = UiToWorker extends infer M
  ? M extends UiToWorker
    ? Omit<M, 'id'>
    : never
  : never;

// ---------------------------------------------------------------- worker → UI

export const WorkerMessageType = {
  ready: 'ready',
  loaded: 'loaded',
  error: 'error',
  events: 'events',
  status: 'status',
  trace: 'trace',
  scene: 'scene',
  tokens: 'tokens',
  view: 'view',
} as const;

/**
 * What an event means, in a sentence of the classroom's language: `key` names a text under
 * `story` in the i18n resources, `params` the values it shows. Milestones are the big steps
 * of a boot, the ones worth keeping on screen while the run plays.
 */
export interface Story {
  key: string;
  /** a list (of hosts) is said as one in the page's language: `{{hosts, list}}` */
  params?: Record<string, string | number | readonly string[]>;
  milestone?: boolean;
  /**
   * a turn of the boot's story (a failure, a reschedule, an injected fault, the outcome): told
   * while playing even where later big steps come within the narration's hold
   */
  turn?: true;
  /** a second sentence told after the first (which hosts the filters turned away…) */
  more?: Story;
}

/** The operation words of an event's description that the page translates (i18n `term.*`). */
export const SUMMARY_TERMS = [
  'send',
  'deliver',
  'reply',
  'result',
  'failure',
  'heartbeat',
  'insert',
  'update',
  'delete',
  'spawn',
  'destroy',
  'start',
  'end',
  'error',
  'stop',
  'forced-down',
  'ack',
  'drop',
  'timeout',
  'consumer-up',
  'consumer-down',
  'broker-down',
  'broker-up',
  'held',
  'released',
  'rejected',
  'fault-service-down',
  'fault-broker-down',
  'fault-slow',
  'fault-spawn-fails',
  'fault-message-drop',
] as const;
export type SummaryTerm = (typeof SUMMARY_TERMS)[number];
/**
 * A piece of a description: a name as it is, or a term to translate (with the name and the
 * number a fault's sentence holds).
 */
export type SummaryWord = string | { term: SummaryTerm; name?: string; n?: number };

/** An event of the cloud's setup worth a class's attention, said in words. */
export interface SetupEvent {
  seq: number;
  words: SummaryWord[];
}

/** One trace event, reduced to what a list or a diagram needs to draw it. */
export interface EventSummary {
  seq: number;
  t: number;
  type: TraceEventType;
  /** the process the event starts at (sender, writer, publisher), if any */
  from: string | null;
  /** the process it goes to (receiver, database), if any */
  to: string | null;
  /**
   * A message on its way through the broker (sent, or dropped from its queue): the process
   * its queue is read by, where it is bound. Absent for a reply or a fanout.
   */
  bound?: string;
  /** a short technical description: method, path, table, state… (English) */
  what: string;
  /**
   * The same description in pieces: Nova's names as they are, and the operation's words
   * (send, deliver, insert, held…) as terms the page says in its language. Joined with the
   * terms in English they are `what`.
   */
  words: SummaryWord[];
  /** the same, told for a class */
  story: Story;
  instance: string | null;
  request_id: string | null;
  /**
   * The server it is about, by name: its instance's, as the fold at the cursor knows it, or
   * the name the user's POST asks for (that request has no instance yet).
   */
  server: string | null;
}

/** An instance as the fold of the trace up to the cursor sees it. */
/** A build standing still at the end of a run that gave up: its last cast, never delivered. */
export interface StuckBuild {
  instance: string;
  method: string;
  queue: string;
  /** RabbitMQ dropped it; else it waits in `queue`, which nothing reads */
  dropped: boolean;
}

export interface InstanceRow {
  uuid: string;
  name: string | null;
  /** the boot request it was made by: a multi-create's servers share one */
  request_id: string | null;
  vm_state: string;
  task_state: string | null;
  power_state: number;
  host: string | null;
  /** the message of its last instance_faults row: why the build failed (shown in ERROR) */
  fault: string | null;
  /** the hosts whose hypervisor failed to spawn it, in order, and the last one's error */
  failedOn: string[];
  spawnError: string | null;
  /** how many of those failures nova-compute has handed back to the conductor (build_instances) */
  handedBack: number;
  /** the call of its build that got no reply (MessagingTimeout), and who gave up waiting */
  timedOut: { by: string; method: string } | null;
}

export interface ReadyMessage {
  type: 'ready';
  protocolVersion: number;
}

export interface LoadedMessage {
  type: 'loaded';
  ack: number;
  runId: string;
  name: string;
  seed: number;
  source: string | null;
  /** the scenario's `description`, if it has one */
  description?: string;
  hostNames: string[];
  /** the scenario's service_down_time, s: how long Nova waits for a report before seeing a service down */
  serviceDownTime: number;
  /** the first event of the first boot request (the ones before it start the cloud) */
  firstRequestSeq: number | null;
  /** before it, what the scenario does to the cloud (a service forced down, a fault) */
  setupEvents?: SetupEvent[];
  /** the scenario's flavors and images, for the launch form */
  flavors?: { id: string; name: string }[];
  images?: { id: string; name: string }[];
  /** the run was brought back from the browser's storage */
  restored?: boolean;
}

export interface ErrorMessage {
  type: 'error';
  /** the command that failed, or null for a failure while playing */
  ack: number | null;
  message: string;
  /**
   * 'storage': saving or restoring failed; the simulation itself is fine. 'replayed': the
   * saved run was made by an older version and replayed with this one (a notice).
   */
  source?: 'storage' | 'replayed' | 'otherTab';
  /** a scenario that cannot be loaded: its problems, for the page to say in its language */
  problems?: ScenarioProblem[];
  /** a breakpoint refused: which value, for the page to say in its language */
  refusal?: BreakpointRefusal;
}

export type { ScenarioProblem };

export interface EventsMessage {
  type: 'events';
  /** true: these replace what the UI holds (after a jump back or a seek); false: append */
  reset: boolean;
  events: EventSummary[];
  /** the cursor moved back a little: drop the events held from this seq on (before appending) */
  before?: number;
}

export interface StatusMessage {
  type: 'status';
  ack: number | null;
  runId: string | null;
  /** the cursor: events 0 … seq-1 have happened */
  seq: number;
  /** virtual time of the last event that happened (ms) */
  t: number;
  /** the play clock in virtual ms; ≥ t, moves smoothly while playing */
  clock: number;
  /** events the engine has produced so far */
  eventCount: number;
  playing: boolean;
  speed: Speed;
  /** the engine has finished and the cursor is at the end */
  done: boolean;
  /** the engine has finished (the trace is complete) */
  complete: boolean;
  /** the trace stopped at its limit (run.ts MAX_TRACE_EVENTS) with boots still in flight */
  capped?: true;
  /**
   * the engine stopped long after the scenario's last request or fault with builds still
   * going that nothing left would end (a lost cast, a host gone for good)
   */
  gaveUp?: true;
  /** with gaveUp, once: where the builds stand still (worker/stuckBuilds.ts) */
  stuck?: StuckBuild[];
  traceHash: string;
  /** the whole instance table; absent when unchanged, or when sent as a change below */
  instances?: InstanceRow[];
  /** rows added or changed since the previous status (in the table's order) */
  instancesChanged?: InstanceRow[];
  /** uuids of rows gone since the previous status (the cursor moved back) */
  instancesRemoved?: string[];
  countsByType: Partial<Record<TraceEventType, number>>;
  /** the breakpoint the cursor stopped on; cleared when the cursor moves again */
  breakpointHit?: BreakpointHit | null;
  /** the user's actions in this run, in order; absent when unchanged */
  injections?: Injection[];
  /** the requests nova-api refused so far (never instances); absent when unchanged */
  refused?: RefusedRequest[];
}

/** A boot request nova-api refused (a 4xx): it never became an instance, so no row has it. */
export interface RefusedRequest {
  /** the client's end of it, in the trace */
  seq: number;
  name: string;
  code: string;
  message: string | null;
}

export interface TraceMessage {
  type: 'trace';
  ack: number;
  /** JSON Lines, one event per line, each line ending in a newline: UTF-8, in parts (a long
   * run is more than one string may hold) */
  parts: Uint8Array<ArrayBuffer>[];
}

// ---------------------------------------------------------------- the live diagram

/** How a message token is drawn: each kind has its own shape and label. */
export type TokenKind =
  | 'cast'
  | 'call'
  | 'reply'
  | 'rest-request'
  | 'rest-response'
  | 'db-write'
  /** a versioned notification, published to the broker's notifications queue */
  | 'notify'
  /** a message dropped at the broker, or a call its caller gave up on: a mark where it happened */
  | 'lost';

/**
 * One message moving between two processes: its position is a pure function of the virtual
 * clock, from `from` at `t` to `to` at `arrive_t`. A reply travels through `via` (the broker).
 */
export interface SceneToken {
  seq: number;
  kind: TokenKind;
  from: string;
  to: string;
  via: string | null;
  t: number;
  arrive_t: number;
  /**
   * A deliver hop: when its message was published to the broker (the send hop's `t`), which
   * is drawn first (tokenTiming.ts). Null for every other token, or when the send is unknown.
   */
  after: number | null;
  /** method, path or table: short */
  label: string;
  instance: string | null;
  request_id: string | null;
}

/** A broker queue, or a group of alike queues (`compute.*`, `reply_*`) in a large cloud. */
export interface QueueRow {
  name: string;
  /** how many queues this row stands for */
  queues: number;
  depth: number;
  consumers: number;
  unacked: number;
  /**
   * a queue no Nova service reads (the versioned notifications'): its messages are kept for
   * whoever subscribes, not stuck for want of a consumer. Follows from the name.
   */
  unread?: true;
  /** messages the broker dropped from this queue (a message-drop fault): kept on the row */
  dropped?: number;
  /** of a row of several queues (`compute.*`): the ones messages were dropped from */
  droppedFrom?: string[];
}

/**
 * `claimed`: on a host (its resources claimed, its network and disks being set up), not yet
 * on the hypervisor; `building`: unplaced (being scheduled), or spawning on its host.
 */
export type VmChipState = 'claimed' | 'building' | 'active' | 'error' | 'deleted';

export interface VmChip {
  uuid: string;
  name: string | null;
  state: VmChipState;
  /** Nova's task_state while it is on a host (networking, block_device_mapping, spawning) */
  task?: string;
  /** the request that created it (the POST's request id), for selection */
  request_id: string | null;
}

/** Two chip lists show the same thing: worker and store both skip a host that did not change. */
export const sameChips = (a: readonly VmChip[], b: readonly VmChip[]): boolean =>
  a.length === b.length &&
  a.every(
    (c, i) =>
      c.uuid === b[i]!.uuid &&
      c.state === b[i]!.state &&
      c.task === b[i]!.task &&
      c.name === b[i]!.name &&
      c.request_id === b[i]!.request_id,
  );

/** Two queue lists show the same thing: the worker sends them only when they changed. */
export const sameQueues = (a: readonly QueueRow[], b: readonly QueueRow[]): boolean =>
  a.length === b.length &&
  a.every(
    (q, i) =>
      q.name === b[i]!.name &&
      q.depth === b[i]!.depth &&
      q.consumers === b[i]!.consumers &&
      q.unacked === b[i]!.unacked &&
      q.queues === b[i]!.queues &&
      q.dropped === b[i]!.dropped &&
      q.droppedFrom?.join() === b[i]!.droppedFrom?.join(),
  );

/**
 * nova-compute on a host as Nova sees it at the cursor: `stopped` is a process that has
 * stopped but whose last report is within service_down_time, so Nova still counts it up;
 * `down` is one not heard from for longer; `forced-down` was set down through the API.
 */
export type ComputeServiceLook = 'up' | 'stopped' | 'down' | 'forced-down';

export interface HostRow {
  host: string;
  service: ComputeServiceLook;
  vms: VmChip[];
  /** the servers whose spawn failed on this host so far (their names), in order */
  failed: string[];
}

/** Whether two host rows draw the same. */
export const sameHost = (a: HostRow, b: HostRow): boolean =>
  a.service === b.service &&
  sameChips(a.vms, b.vms) &&
  a.failed.length === b.failed.length &&
  a.failed.every((f, i) => f === b.failed[i]);

export interface TableCount {
  database: string;
  table: string;
  rows: number;
}

/**
 * What the diagram's boxes show at the cursor: queues, hosts, tables. While playing it comes a
 * few times a second (a table that changes sixty times a second cannot be read anyway); the
 * tokens come every frame in their own message.
 */
export interface SceneMessage {
  type: 'scene';
  runId: string;
  seq: number;
  brokerUp: boolean;
  /** absent when unchanged */
  queues?: QueueRow[];
  /** the host rows that changed since the previous scene message (all of them in a run's first) */
  hosts?: HostRow[];
  /** instances that have no host (scheduling, or buried in cell0); absent when unchanged */
  unplaced?: VmChip[];
  /** absent when unchanged */
  tables?: TableCount[];
  /** the calls Nova's control processes wait on (not nova-compute's); absent when unchanged */
  waiting?: WaitingCall[];
}

/** A process blocked on an RPC call: sent, not answered yet, not given up on. */
export interface WaitingCall {
  process: string;
  method: string;
  /** the call's event */
  seq: number;
  /** when it was sent (virtual ms) */
  since: number;
}

/** The messages moving at the play clock, for the token layer: at most one per frame. */
export interface TokensMessage {
  type: 'tokens';
  runId: string;
  /** the play clock the tokens were chosen for (virtual ms) */
  clock: number;
  /** virtual ms every token is drawn for at least (tokenTiming.ts); 0: exact times */
  stretch: number;
  /**
   * `reset`: on screen at `clock`, plus (while playing) those starting a little after it
   * (look-ahead); they replace the tokens the UI holds. Otherwise, while playing: only the
   * tokens the UI does not hold yet, to add to those it keeps (it drops the ones whose time
   * on screen is over at `clock`).
   */
  tokens: SceneToken[];
  reset: boolean;
  /** messages on screen there were beyond the cap on `tokens` */
  dropped: number;
  /** the tokens of events from this seq on are dropped (paused: they have not happened) */
  before?: number;
}

export type WorkerToUi =
  | ReadyMessage
  | LoadedMessage
  | ErrorMessage
  | EventsMessage
  | StatusMessage
  | TraceMessage
  | SceneMessage
  | TokensMessage
  | ViewMessage;

/** A debugger view computed over the trace up to the cursor (app/protocol/views.ts). */
export interface ViewMessage {
  type: 'view';
  data: DebugView;
}

/** For `switch` statements the compiler checks for completeness. */
/**
 * The code of a request nova-api refused: a client event's status `rejected 403` (the
 * engine's own words, not Nova's) gives `403`; any other status, null.
 */
export const refusalCode = (status: string): string | null =>
  /^rejected (\d+)$/.exec(status)?.[1] ?? null;

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

export function clampSpeed(x: Speed): Speed {
  if (x === 'max') return 'max';
  if (!Number.isFinite(x)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, x));
}
