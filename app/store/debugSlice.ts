import type { StateCreator } from 'zustand/vanilla';
import type { StatusMessage, ViewMessage } from '../protocol/messages';
import type {
  Breakpoint,
  BreakpointHit,
  InspectorView,
  InspectTarget,
  TableQuery,
  TableView,
  TimelineView,
  ViewName,
  WatchSpec,
} from '../protocol/views';
import type { StoreDeps } from './deps';
import type { AppStore } from './types';

/** The debugger: breakpoints, and the views the worker computes at the cursor. */
export interface DebugState {
  breakpoints: Breakpoint[];
  /** the breakpoint the cursor stopped on, until it moves again */
  breakpointHit: BreakpointHit | null;
  /** what the inspector shows: an event, the current event, or a process */
  inspectTarget: InspectTarget;
  tableQuery: TableQuery;
  /** null: the first boot request of the run */
  timelineRequest: string | null;
  inspectorView: InspectorView | null;
  tableView: TableView | null;
  timelineView: TimelineView | null;
  /** which views the page has on screen (the debugger's IntersectionObserver says) */
  viewsOnScreen: Record<ViewName, boolean>;
}

export interface DebugActions {
  /**
   * Resolves once the worker has the new list (it throws on an unknown field). `saved`: set
   * again from this browser's storage, a process the run lacks is kept.
   */
  setBreakpoints(breakpoints: Breakpoint[], options?: { saved?: boolean }): Promise<void>;
  inspect(target: InspectTarget): Promise<void>;
  selectEvent(seq: number): Promise<void>;
  /** Shows a process (or `queue:<name>`) in the inspector; for diagram node clicks too. */
  selectProcess(id: string): Promise<void>;
  setTableQuery(query: TableQuery): Promise<void>;
  selectRequest(requestId: string | null): Promise<void>;
  /** Tells the worker everything the debugger watches (on mount, and after a reload). */
  watchAll(): Promise<void>;
  /** Tells the worker which views are on screen (the others wait while playing). */
  setViewsOnScreen(onScreen: Record<ViewName, boolean>): Promise<void>;
}

export const FOLLOW_TABLE: TableQuery = { database: null, table: null, page: 0 };

export const initialDebugState: DebugState = {
  breakpoints: [],
  breakpointHit: null,
  inspectTarget: { kind: 'current' },
  tableQuery: FOLLOW_TABLE,
  timelineRequest: null,
  inspectorView: null,
  tableView: null,
  timelineView: null,
  viewsOnScreen: { inspector: true, table: true, timeline: true },
};

const sameList = (a: readonly string[] | undefined, b: readonly string[]) =>
  a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

export function applyViewMessage(state: DebugState, m: ViewMessage): Partial<DebugState> {
  switch (m.data.view) {
    case 'inspector': {
      // The process and queue lists seldom change: keep them, so the picker does not re-render.
      const old = state.inspectorView;
      const processes = sameList(old?.processes, m.data.processes)
        ? old!.processes
        : m.data.processes;
      const queues = sameList(old?.queues, m.data.queues) ? old!.queues : m.data.queues;
      const replyQueues = sameList(
        old?.replyQueues.map((r) => r.queue),
        m.data.replyQueues.map((r) => r.queue),
      )
        ? old!.replyQueues
        : m.data.replyQueues;
      return { inspectorView: { ...m.data, processes, queues, replyQueues } };
    }
    case 'table':
      return { tableView: m.data };
    case 'timeline':
      return { timelineView: m.data };
  }
}

export function debugStatusPatch(state: DebugState, m: StatusMessage): Partial<DebugState> {
  const hit = m.breakpointHit ?? null;
  const old = state.breakpointHit;
  if (hit === old || (hit && old && hit.seq === old.seq && hit.index === old.index)) return {};
  return { breakpointHit: hit };
}

/**
 * A new run: pinned events and requests belong to the old one (the worker resets too), and so
 * does the timeline with its list of boot requests (the breakpoints suggest them).
 */
export const debugLoadedPatch: Partial<DebugState> = {
  breakpointHit: null,
  inspectTarget: { kind: 'current' },
  tableQuery: FOLLOW_TABLE,
  timelineRequest: null,
  timelineView: null,
};

export const createDebugSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], DebugState & DebugActions> =>
  (set, get) => {
    const watch = async (views: WatchSpec) => {
      await deps.client.send({ type: 'watch', views });
    };
    return {
      ...initialDebugState,
      async setBreakpoints(breakpoints, options) {
        await deps.client.send({
          type: 'setBreakpoints',
          breakpoints,
          ...(options?.saved ? { saved: true } : {}),
        });
        set({ breakpoints });
      },
      inspect(target) {
        set({ inspectTarget: target });
        return watch({ inspector: target });
      },
      selectEvent: (seq) => get().inspect({ kind: 'event', seq }),
      selectProcess: (id) => get().inspect({ kind: 'process', id }),
      setTableQuery(query) {
        set({ tableQuery: query });
        return watch({ table: query });
      },
      selectRequest(requestId) {
        set({ timelineRequest: requestId });
        return watch({ timeline: { request_id: requestId } });
      },
      setViewsOnScreen(onScreen) {
        set({ viewsOnScreen: onScreen });
        return watch({ onScreen });
      },
      watchAll() {
        const s = get();
        return watch({
          inspector: s.inspectTarget,
          table: s.tableQuery,
          timeline: { request_id: s.timelineRequest },
        });
      },
    };
  };
