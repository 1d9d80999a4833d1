import type { TraceEventType } from '../engine/trace';

/**
 * The messages between the UI thread and the simulation worker: one union per direction.
 * Bump PROTOCOL_VERSION on any change that an older peer would misread; the worker announces
 * its version in `ready` and the client refuses to talk to a different one.
 *
 * Messages stay small: the worker sends compact projections of the trace (event summaries,
 * instance rows, counts), never RPC payloads or envelopes, which are large.
 */
export const PROTOCOL_VERSION = 1;

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
  seek: 'seek',
  setSpeed: 'setSpeed',
  reset: 'reset',
  exportTrace: 'exportTrace',
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
};
export type PlayMessage = Command<'play'>;
export type PauseMessage = Command<'pause'>;
export type StepMessage = Command<'step'> & { n: number };
export type StepBackMessage = Command<'stepBack'> & { n: number };
export type SeekMessage = Command<'seek'> & { seq: number };
export type SetSpeedMessage = Command<'setSpeed'> & { x: Speed };
export type ResetMessage = Command<'reset'>;
export type ExportTraceMessage = Command<'exportTrace'>;

export type UiToWorker =
  | LoadMessage
  | PlayMessage
  | PauseMessage
  | StepMessage
  | StepBackMessage
  | SeekMessage
  | SetSpeedMessage
  | ResetMessage
  | ExportTraceMessage;

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
} as const;

/** One trace event, reduced to what a list or a diagram needs to draw it. */
export interface EventSummary {
  seq: number;
  t: number;
  type: TraceEventType;
  /** the process the event starts at (sender, writer, publisher), if any */
  from: string | null;
  /** the process it goes to (receiver, database), if any */
  to: string | null;
  /** a short technical description: method, path, table, state… */
  what: string;
  instance: string | null;
  request_id: string | null;
}

/** An instance as the fold of the trace up to the cursor sees it. */
export interface InstanceRow {
  uuid: string;
  name: string | null;
  vm_state: string;
  task_state: string | null;
  power_state: number;
  host: string | null;
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
  hostNames: string[];
}

export interface ErrorMessage {
  type: 'error';
  /** the command that failed, or null for a failure while playing */
  ack: number | null;
  message: string;
}

export interface EventsMessage {
  type: 'events';
  /** true: these replace what the UI holds (after a jump back or a seek); false: append */
  reset: boolean;
  events: EventSummary[];
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
  traceHash: string;
  /** absent when unchanged since the previous status */
  instances?: InstanceRow[];
  countsByType: Partial<Record<TraceEventType, number>>;
}

export interface TraceMessage {
  type: 'trace';
  ack: number;
  /** JSON Lines, one event per line, each line ending in a newline */
  jsonl: string;
}

export type WorkerToUi =
  ReadyMessage | LoadedMessage | ErrorMessage | EventsMessage | StatusMessage | TraceMessage;

/** For `switch` statements the compiler checks for completeness. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

export function clampSpeed(x: Speed): Speed {
  if (x === 'max') return 'max';
  if (!Number.isFinite(x)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, x));
}
