import { nodenameOf } from '../engine/services/hypervisor';
import { Zones } from '../engine/services/zones';
import type { TraceEvent } from '../engine/trace';
import type { WorkerToUi } from '../protocol/messages';
import { processIds, unknownProcess } from '../protocol/processes';
import type {
  Breakpoint,
  BreakpointHit,
  InspectorView,
  ReplyQueue,
  ViewName,
  WatchSpec,
} from '../protocol/views';
import { compileBreakpoints, firstMatch, validateBreakpoints } from './breakpoints';
import { inspectEvent, type InspectContext } from './inspect';
import { inspectProcess } from './inspectProcess';
import { byProcessOrder } from './processOrder';
import type { Run } from './run';
import { DbTables } from './tables';
import { timelineView } from './timeline';
import { countBelow, lastBelow, TraceIndex } from './traceIndex';

type InspectorNames = Pick<InspectorView, 'processes' | 'queues' | 'replyQueues'>;

/** While playing, views go out with one status in this many (every 0.6 s, or 1.5 s in a busy run). */
const BUSY_EVERY = 3;

/** The debugger's state for one run: index, tables, breakpoints, and what the UI watches. */
interface RunState {
  run: Run;
  index: TraceIndex;
  tables: DbTables;
}

/**
 * The debugger inside the worker: checks breakpoints as the cursor moves, and computes the
 * views the UI watches (inspector, database table, timeline) over the trace up to the cursor.
 * A view is sent only when something it shows may have changed.
 */
export class DebugSession {
  private state: RunState | null = null;
  private breakpoints: Breakpoint[] = [];
  private match = compileBreakpoints([]);
  private watching: WatchSpec = {};
  /** what each view was last sent for */
  private sent = { inspector: '', table: '', timeline: '' };
  private sortedNames: ({ stamp: string } & InspectorNames) | null = null;
  hit: BreakpointHit | null = null;
  private busyUpdates = 0;

  setRun(run: Run): void {
    this.state = { run, index: new TraceIndex(run.events), tables: new DbTables(run.events) };
    this.sent = { inspector: '', table: '', timeline: '' };
    this.hit = null;
    // Pinned events and requests belong to the old run (the store resets them too).
    this.watching = {
      ...(this.watching.inspector !== undefined ? { inspector: { kind: 'current' } } : {}),
      ...(this.watching.table !== undefined
        ? { table: { database: null, table: null, page: 0 } }
        : {}),
      ...(this.watching.timeline !== undefined ? { timeline: { request_id: null } } : {}),
      ...(this.watching.onScreen ? { onScreen: this.watching.onScreen } : {}),
    };
  }

  /** With `saved`, a process the run lacks is no typo: the breakpoint is for other runs. */
  setBreakpoints(value: unknown, saved = false): void {
    const run = this.state?.run;
    const hosts = run?.scenario.cloud.hosts.map((h) => h.name) ?? null;
    const ids = hosts && processIds(hosts);
    this.breakpoints = validateBreakpoints(value, {
      isProcess: (p) => saved || hosts === null || !unknownProcess(p, ids!, hosts),
      requestOfServer: (name) => (run ? requestOfServer(run.events, name) : null),
    });
    this.match = compileBreakpoints(this.breakpoints);
  }

  get hasBreakpoints(): boolean {
    return this.breakpoints.length > 0;
  }

  watch(spec: WatchSpec): void {
    this.watching = { ...this.watching, ...spec };
  }

  /** A view off screen waits until it comes on screen (WatchSpec.onScreen). */
  private waits(view: ViewName): boolean {
    return this.watching.onScreen?.[view] === false;
  }

  /**
   * The first breakpoint among the events the cursor just moved over (`from` … `to`-1): the
   * cursor should stop right after that event. Records the hit for the UI.
   */
  check(run: Run, from: number, to: number): number | null {
    if (this.breakpoints.length === 0 || to <= from) return null;
    const index = this.state?.run === run ? this.state.index : null;
    index?.update();
    const m = firstMatch(run.events, from, to, this.match, index?.rpcEvents);
    if (!m) return null;
    this.hit = { seq: m.seq, index: m.index, breakpoint: this.breakpoints[m.index]! };
    return m.seq + 1;
  }

  /**
   * The cursor that makes the next (dir 1) or the previous (dir -1) event of a boot request
   * the current one, over the other requests' events; null when the events produced so far
   * have none. A null id is the request the timeline shows.
   */
  requestStep(requestId: string | null, dir: 1 | -1): number | null {
    const st = this.state;
    if (!st) return null;
    const { run, index } = st;
    index.update();
    const id = requestId ?? this.watching.timeline?.request_id ?? index.requests[0]?.request_id;
    const list = id === undefined || id === null ? undefined : index.byRequest.get(id);
    if (!list) return null;
    // the current event is the last one played
    const current = run.seq - 1;
    if (dir === 1) {
      const i = countBelow(list, current + 1);
      return i < list.length ? list[i]! + 1 : null;
    }
    const previous = lastBelow(list, current);
    return previous < 0 ? null : previous + 1;
  }

  /**
   * Posts the views whose content may have changed since they were last sent. While playing
   * (`busy`) only every few updates: the page has the diagram to animate, and the views catch
   * up as soon as play stops.
   */
  postViews(post: (m: WorkerToUi) => void, busy = false): void {
    const st = this.state;
    if (!st) return;
    if (busy && this.busyUpdates++ % BUSY_EVERY !== 0) return;
    if (!busy) this.busyUpdates = 0;
    const { run, index, tables } = st;
    index.update();
    const seq = run.seq;
    const w = this.watching;

    if (w.timeline && !this.waits('timeline')) {
      const id = w.timeline.request_id;
      const list = index.byRequest.get(id ?? index.requests[0]?.request_id ?? '');
      const stamp = `${run.runId}|${id}|${index.requests.length}|${list?.length ?? 0}`;
      if (stamp !== this.sent.timeline) {
        this.sent.timeline = stamp;
        post({ type: 'view', data: timelineView(id, run.events, index) });
      }
    }

    if (w.table && !this.waits('table')) {
      const q = w.table;
      const lastWrite = lastBelow(index.dbWrites, seq);
      // The rows change only with the latest write; the caption names the cursor's event, so
      // a step over events that write nothing sends the view again (not at every update of a
      // playing run: the rows are what matter there)
      const stamp = `${run.runId}|${q.database}|${q.table}|${q.page}|${lastWrite}|${lastWrite === seq - 1}|${index.dbWrites.length > 0}|${busy ? '' : seq}`;
      if (stamp !== this.sent.table) {
        this.sent.table = stamp;
        tables.moveTo(seq);
        post({ type: 'view', data: tables.view(q, index.dbWrites) });
      }
    }

    if (w.inspector !== undefined && !this.waits('inspector')) {
      const target = w.inspector;
      // An event's record does not change; a process's state changes with the cursor.
      const key =
        target === null
          ? 'none'
          : target.kind === 'event'
            ? `event:${target.seq}:${target.seq < seq}`
            : target.kind === 'current'
              ? `event:${seq - 1}`
              : `process:${target.id}:${seq}`;
      const stamp = `${run.runId}|${key}|${index.processes.size}|${index.byQueue.size}`;
      if (stamp !== this.sent.inspector) {
        this.sent.inspector = stamp;
        post({ type: 'view', data: this.inspector(st) });
      }
    }
  }

  private inspector(st: RunState): InspectorView {
    const { run, index, tables } = st;
    const seq = run.seq;
    const target = this.watching.inspector ?? null;
    // the tables move to the cursor only for a view that reads them (a compute host's): an
    // event's view does not, and moving them is a walk over every event between two seeks
    const ctx = (): InspectContext => ({
      events: run.events,
      index,
      get tables() {
        tables.moveTo(seq);
        return tables;
      },
      instances: run.fold.state.instances,
      seq,
      aggregateOf: aggregatesOf(run),
      serviceDownTime: run.scenario.config.service_down_time,
    });
    let result: InspectorView['result'] = null;
    if (target?.kind === 'event') result = inspectEvent(target.seq, ctx());
    else if (target?.kind === 'current') result = seq > 0 ? inspectEvent(seq - 1, ctx()) : null;
    else if (target?.kind === 'process') result = inspectProcess(target.id, ctx());
    return { view: 'inspector', seq, ...this.names(run, index), result };
  }

  /**
   * The inspector's lists of processes and queues, sorted: made again only when the run or
   * their number changes (hundreds of hosts, and a view at every seek).
   */
  private names(run: Run, index: TraceIndex): InspectorNames {
    const stamp = `${run.runId}|${index.processes.size}|${index.byQueue.size}`;
    if (this.sortedNames?.stamp !== stamp) {
      const all = [...index.byQueue.keys()];
      this.sortedNames = {
        stamp,
        processes: [...index.processes].filter((p) => p !== 'nova-manage').sort(byProcessOrder),
        queues: all.filter((q) => !q.startsWith('reply_')).sort(),
        replyQueues: replyQueues(all, index, run.events),
      };
    }
    const { processes, queues, replyQueues: replies } = this.sortedNames;
    return { processes, queues, replyQueues: replies };
  }
}

/** Each run's resource provider (by its name, the node's) → aggregate, as its placement has them. */
const aggregateMaps = new WeakMap<Run, (node: string) => string | null>();
function aggregatesOf(run: Run): (node: string) => string | null {
  let of = aggregateMaps.get(run);
  if (!of) {
    const zones = new Zones(run.scenario);
    const hosts = new Map(run.scenario.cloud.hosts.map((h) => [nodenameOf(h.name), h.name]));
    of = (node) => zones.aggregate(zones.ofHost(hosts.get(node) ?? node));
    aggregateMaps.set(run, of);
  }
  return of;
}

/**
 * The request id of the client's POST /servers that named a server `name` (or of the
 * server of a multi-create that got that name), if the trace has it yet.
 */
function requestOfServer(events: readonly TraceEvent[], name: string): string | null {
  for (const ev of events) {
    const named =
      ev.type === 'client'
        ? ev.name === name
        : ev.type === 'rest' &&
          ev.phase === 'request' &&
          ev.from === 'client' &&
          ev.method === 'POST' &&
          namesServer(ev.body, name);
    if (named && ev.request_id) return ev.request_id;
  }
  return null;
}

/** A POST /servers body that names `name`: as is, or one of a multi-create's `name-N`. */
function namesServer(body: unknown, name: string): boolean {
  const s = (body as { server?: { name?: unknown; max_count?: unknown } } | undefined)?.server;
  if (typeof s?.name !== 'string') return false;
  if (s.name === name) return true;
  const count = typeof s.max_count === 'number' ? s.max_count : 1;
  const k = name.startsWith(`${s.name}-`) ? Number(name.slice(s.name.length + 1)) : NaN;
  // nova-api names a multi-create's servers name-1 … name-N
  return count > 1 && Number.isInteger(k) && k >= 1 && k <= count;
}

/**
 * A caller's reply queue is named for no one (`reply_<uuid hex>`): it is listed under the
 * process that took it up, in the diagram's order of processes.
 */
function replyQueues(
  queues: readonly string[],
  index: TraceIndex,
  events: readonly TraceEvent[],
): ReplyQueue[] {
  const out: ReplyQueue[] = [];
  for (const queue of queues) {
    if (!queue.startsWith('reply_')) continue;
    // a reply queue whose consumer-up is not in the trace (never so far) is still listed
    let owner = '?';
    for (const seq of index.byQueue.get(queue) ?? []) {
      const ev = events[seq];
      if (ev?.type === 'mq' && ev.op === 'consumer-up') {
        owner = ev.by;
        break;
      }
    }
    out.push({ queue, owner });
  }
  return out.sort((a, b) => byProcessOrder(a.owner, b.owner) || (a.queue < b.queue ? -1 : 1));
}
