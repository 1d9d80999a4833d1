import type { RpcEvent, TraceEvent } from '../engine/trace';
import { isFailure } from './failures';
import { globTest, knownKind, knownMethod } from '../protocol/breakpointWords';
import {
  type Breakpoint,
  type BreakpointRefusal,
  BREAKPOINT_FIELDS,
  BREAKPOINT_KINDS,
  RPC_METHODS,
  VM_STATES,
  vmStateFromUser,
} from '../protocol/views';

export class BreakpointError extends Error {
  constructor(
    message: string,
    /** the value nothing could match, for the page to say in its language */
    readonly refusal?: BreakpointRefusal,
  ) {
    super(message);
    this.name = 'BreakpointError';
  }
}

/** What the run knows, to refuse a breakpoint that could never stop play. */
export interface BreakpointLookup {
  isProcess(name: string): boolean;
  /** the request id of the server of this name, if the run has one */
  requestOfServer(name: string): string | null;
}

const ANYTHING: BreakpointLookup = { isProcess: () => true, requestOfServer: () => null };

const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks what a script or the UI sent: an array of objects with known string fields, each
 * with at least one field. Unknown fields are an error naming the field, never ignored; so is
 * a value nothing in the run could match (a process, kind, RPC method or state that does not
 * exist, a request id that is none). A server's name given as the request id is taken as its
 * request's id.
 */
export function validateBreakpoints(
  value: unknown,
  lookup: BreakpointLookup = ANYTHING,
): Breakpoint[] {
  if (!Array.isArray(value)) throw new BreakpointError('breakpoints: expected an array');
  return value.map((bp: unknown, i) => {
    if (typeof bp !== 'object' || bp === null || Array.isArray(bp))
      throw new BreakpointError(`breakpoints[${i}]: expected an object`);
    const out: Breakpoint = {};
    for (const [k, v] of Object.entries(bp)) {
      if (!(BREAKPOINT_FIELDS as readonly string[]).includes(k))
        throw new BreakpointError(
          `breakpoints[${i}]: unknown field "${k}" (expected ${BREAKPOINT_FIELDS.join(', ')})`,
        );
      if (v === undefined || v === null || v === '') continue;
      if (typeof v !== 'string')
        throw new BreakpointError(`breakpoints[${i}].${k}: expected a string`);
      const text = v.trim();
      out[k as keyof Breakpoint] =
        k === 'vm_state'
          ? vmState(text, i)
          : k === 'request_id'
            ? requestId(text, i, lookup)
            : text;
      if (k === 'process' && !lookup.isProcess(text))
        throw new BreakpointError(
          `breakpoints[${i}].process: this run has no process "${text}" (a typo? * matches any run of characters)`,
          { field: 'process', value: text },
        );
      if (k === 'kind' && !knownKind(text))
        throw new BreakpointError(
          `breakpoints[${i}].kind: "${text}" is no kind (${BREAKPOINT_KINDS.join(', ')})`,
          { field: 'kind', value: text },
        );
      if (k === 'method' && !knownMethod(text))
        throw new BreakpointError(
          `breakpoints[${i}].method: the services send no RPC method "${text}" (${RPC_METHODS.join(', ')}; or a notification's event type: instance.create.start; or a REST method or path: GET, /allocations/*)`,
          { field: 'method', value: text },
        );
    }
    if (Object.keys(out).length === 0)
      throw new BreakpointError(
        `breakpoints[${i}]: give at least one of ${BREAKPOINT_FIELDS.join(', ')}`,
      );
    return out;
  });
}

/** A request id (`req-<uuid>`, or a pattern), or a server's name: its request's id. */
function requestId(value: string, i: number, lookup: BreakpointLookup): string {
  if (value.includes('*') || REQUEST_ID.test(value)) return value;
  const ofServer = lookup.requestOfServer(value);
  if (ofServer !== null) return ofServer;
  throw new BreakpointError(
    `breakpoints[${i}].request_id: "${value}" is neither a request id (req-…) nor the name of a server this run has asked for so far`,
    { field: 'request_id', value },
  );
}

/** A vm_state as Nova writes it (see `vmStateFromUser`); a word that is no state is refused. */
function vmState(value: string, i: number): string {
  const state = vmStateFromUser(value);
  if (state === null)
    throw new BreakpointError(
      `breakpoints[${i}].vm_state: "${value}" is not a vm_state (${VM_STATES.join(', ')})`,
      { field: 'vm_state', value },
    );
  return state;
}

type Test = (s: string) => boolean;

/** Nova's notification publisher `nova-compute:host1` as a process id `nova-compute@host1`. */
function publisherProcess(publisher: string): string[] {
  const [binary, host] = publisher.split(':');
  if (!binary) return [publisher];
  if (binary === 'nova-compute' && host) return [`nova-compute@${host}`, publisher];
  if (binary === 'nova-osapi_compute') return ['nova-api', publisher];
  return [binary, publisher];
}

/** Every process an event starts at or goes to. */
export function processesOf(ev: TraceEvent): string[] {
  switch (ev.type) {
    case 'rpc':
    case 'rest':
      return [ev.from, ev.to];
    case 'db':
      return [ev.by, ev.database];
    case 'state':
      return ev.host ? [`nova-compute@${ev.host}`] : [];
    case 'notification':
      return publisherProcess(ev.publisher);
    case 'hypervisor':
      return [`hypervisor@${ev.host}`, `nova-compute@${ev.host}`];
    case 'mq':
      return [ev.by, 'rabbitmq'];
    case 'schedule':
      return [ev.by];
    case 'service':
      return [`${ev.binary}@${ev.host}`];
    case 'fault':
      return [ev.target];
    case 'client':
      return ['client'];
  }
}

/**
 * The names an event answers to for `kind`. `first`: whether a failure is its request's first
 * (known only with the run's events).
 */
function kindsOf(ev: TraceEvent, first?: (ev: TraceEvent) => boolean): string[] {
  const kinds = ownKindsOf(ev);
  if (isFailure(ev)) {
    kinds.push('failure');
    if (first?.(ev)) kinds.push('first-failure');
  }
  return kinds;
}

/**
 * Whether a failure is the first of its boot request in `events`: where the boot went wrong,
 * not one of the failures that follow from it (the failed reply, ERROR, the fault row, the
 * error notification, the client's end). A failure of no request is its own first. The first
 * of a request, once found, stays: the run's events before it do not change.
 */
function firstFailures(): (ev: TraceEvent, events: readonly TraceEvent[]) => boolean {
  let of: readonly TraceEvent[] | null = null;
  const firstOf = new Map<string, number>();
  return (ev, events) => {
    const r = ev.request_id;
    if (!r) return true;
    // another run's events (a scenario loaded, an action taken back) have their own
    if (events !== of) {
      of = events;
      firstOf.clear();
    }
    let first = firstOf.get(r);
    if (first === undefined) {
      first = ev.seq;
      for (let i = 0; i < ev.seq; i++) {
        const o = events[i]!;
        if (o.request_id === r && isFailure(o)) {
          first = i;
          break;
        }
      }
      firstOf.set(r, first);
    }
    return first === ev.seq;
  };
}

function ownKindsOf(ev: TraceEvent): string[] {
  if (ev.type === 'rpc') return ev.phase === 'reply' ? ['rpc', 'reply'] : ['rpc', ev.kind];
  if (ev.type === 'rest') return ['rest', ev.phase];
  if (ev.type === 'mq') {
    if (ev.op === 'drop' || ev.op === 'timeout') return ['mq', ev.op];
    const outage = ev.op.startsWith('broker-') || ev.op === 'held' || ev.op === 'released';
    return outage ? ['mq', 'outage'] : ['mq'];
  }
  return [ev.type];
}

function methodsOf(ev: TraceEvent): string[] {
  if (ev.type === 'rpc') return [ev.method];
  if (ev.type === 'mq') return ev.method ? [ev.method] : [];
  if (ev.type === 'rest') return [ev.method, ev.path, `${ev.method} ${ev.path}`];
  if (ev.type === 'notification') return [ev.event_type];
  return [];
}

/** The vm_state an event leaves an instance in, if it says. */
function vmStateOf(ev: TraceEvent): string | null {
  if (ev.type === 'state') return ev.vm_state;
  return null;
}

const any = (values: readonly string[], test: Test) => values.some(test);

/** The seqs of an RPC's events before this one: its send, deliveries, heartbeats and reply. */
export type EarlierOfRpc = (ev: RpcEvent) => readonly number[];

/**
 * Compiles breakpoints into one function: the index of the first breakpoint the event
 * matches, or -1. Every field given must match (AND); any breakpoint may match (OR).
 *
 * An RPC stops play once per breakpoint, at the first of its events the breakpoint matches:
 * `method: select_destinations` stops where the conductor sends the call, not again where the
 * scheduler takes it and where it replies. A field that tells the events apart (a process, a
 * kind such as reply) moves the stop to the first event it fits. `earlier` finds an RPC's
 * earlier events; without it every event is matched on its own.
 */
export function compileBreakpoints(
  bps: readonly Breakpoint[],
): (ev: TraceEvent, events?: readonly TraceEvent[], earlier?: EarlierOfRpc) => number {
  if (bps.length === 0) return () => -1;
  const isFirst = firstFailures();
  const compiled = bps.map((bp) => {
    const tests: ((ev: TraceEvent, events?: readonly TraceEvent[]) => boolean)[] = [];
    if (bp.process !== undefined) {
      const t = globTest(bp.process);
      tests.push((ev) => any(processesOf(ev), t));
    }
    if (bp.method !== undefined) {
      const t = globTest(bp.method);
      tests.push((ev) => any(methodsOf(ev), t));
    }
    if (bp.kind !== undefined) {
      const t = globTest(bp.kind);
      tests.push((ev, events) =>
        any(kindsOf(ev, events ? (e) => isFirst(e, events) : undefined), t),
      );
    }
    if (bp.vm_state !== undefined) {
      const t = globTest(bp.vm_state);
      tests.push((ev) => {
        const s = vmStateOf(ev);
        return s !== null && t(s);
      });
    }
    if (bp.request_id !== undefined) {
      const t = globTest(bp.request_id);
      tests.push((ev) => typeof ev.request_id === 'string' && t(ev.request_id));
    }
    return (ev: TraceEvent, events?: readonly TraceEvent[]) =>
      tests.every((test) => test(ev, events));
  });
  return (ev, events, earlier) => {
    for (let i = 0; i < compiled.length; i++) {
      const m = compiled[i]!;
      if (!m(ev, events)) continue;
      if (ev.type === 'rpc' && ev.phase !== 'send' && events && earlier) {
        // a call monitor's heartbeat is no stop for the reply that ends the call
        const final = ev.outcome !== 'heartbeat';
        const stopped = (o: TraceEvent) =>
          !(final && o.type === 'rpc' && o.outcome === 'heartbeat') && m(o, events);
        if (earlier(ev).some((seq) => seq < ev.seq && stopped(events[seq]!))) continue;
      }
      return i;
    }
    return -1;
  };
}

/** The first event in `events[from … to-1]` a breakpoint matches: its seq and the breakpoint. */
export function firstMatch(
  events: readonly TraceEvent[],
  from: number,
  to: number,
  match: (ev: TraceEvent, events?: readonly TraceEvent[], earlier?: EarlierOfRpc) => number,
  earlier?: EarlierOfRpc,
): { seq: number; index: number } | null {
  for (let i = from; i < to; i++) {
    const index = match(events[i]!, events, earlier);
    if (index >= 0) return { seq: i, index };
  }
  return null;
}

export { globTest };
