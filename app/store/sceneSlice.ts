import type { StateCreator } from 'zustand/vanilla';
import { sameChips, sameHost } from '../protocol/messages';
import type {
  HostRow,
  QueueRow,
  SceneMessage,
  TableCount,
  VmChip,
  WaitingCall,
} from '../protocol/messages';
import { TokenFeed } from './tokenFeed';
import type { AppStore } from './types';

/** A boot request picked in the diagram: its messages are highlighted, the rest dimmed. */
export interface Selection {
  instance: string | null;
  request_id: string | null;
}

export interface SceneState {
  sceneRunId: string | null;
  /** the message tokens: not state, a feed the token layer reads every frame (tokenFeed.ts) */
  tokenFeed: TokenFeed;
  brokerUp: boolean;
  queues: QueueRow[];
  hostOrder: string[];
  hostsByName: Record<string, HostRow>;
  unplaced: VmChip[];
  /** `${database}` → its tables, kept by reference while unchanged */
  tablesByDb: Record<string, TableCount[]>;
  /** the calls each control process waits on, kept by reference while unchanged */
  waitingByProcess: Record<string, WaitingCall[]>;
  selection: Selection | null;
}

export interface SceneActions {
  select(selection: Selection | null): void;
}

export const initialSceneState: Omit<SceneState, 'tokenFeed'> = {
  sceneRunId: null,
  brokerUp: true,
  queues: [],
  hostOrder: [],
  hostsByName: {},
  unplaced: [],
  tablesByDb: {},
  waitingByProcess: {},
  selection: null,
};

const sameTables = (a: readonly TableCount[] | undefined, b: readonly TableCount[]) =>
  a !== undefined &&
  a.length === b.length &&
  a.every((t, i) => t.table === b[i]!.table && t.rows === b[i]!.rows);

/**
 * The store's reducer for a scene message. It keeps the old objects where nothing changed,
 * so a node subscribed to its own host row or table list re-renders only when that changed.
 */
export function applySceneMessage(state: AppStore, m: SceneMessage): Partial<AppStore> {
  const newRun = m.runId !== state.sceneRunId;
  const patch: Partial<SceneState> = { sceneRunId: m.runId, brokerUp: m.brokerUp };
  if (m.queues) patch.queues = m.queues;
  else if (newRun) patch.queues = [];
  if (newRun) {
    patch.selection = null;
    patch.hostsByName = {};
    patch.hostOrder = [];
    patch.unplaced = [];
    patch.tablesByDb = {};
    patch.waitingByProcess = {};
  }
  if (m.hosts) {
    // Only the rows that changed come: the others keep their objects (and their nodes).
    const old = newRun ? {} : state.hostsByName;
    const byName: Record<string, HostRow> = { ...old };
    const oldOrder = newRun ? [] : state.hostOrder;
    const added: string[] = [];
    for (const h of m.hosts) {
      const o = old[h.host];
      if (!o) added.push(h.host);
      byName[h.host] = o && sameHost(o, h) ? o : h;
    }
    patch.hostsByName = byName;
    if (added.length > 0) patch.hostOrder = [...oldOrder, ...added];
  }
  if (m.unplaced && (newRun || !sameChips(state.unplaced, m.unplaced))) patch.unplaced = m.unplaced;
  if (m.tables) {
    const old = newRun ? {} : state.tablesByDb;
    const grouped: Record<string, TableCount[]> = {};
    for (const t of m.tables) (grouped[t.database] ??= []).push(t);
    const byDb: Record<string, TableCount[]> = {};
    for (const [db, list] of Object.entries(grouped))
      byDb[db] = sameTables(old[db], list) ? old[db]! : list;
    patch.tablesByDb = byDb;
  }
  if (m.waiting) {
    const old = newRun ? {} : state.waitingByProcess;
    const grouped: Record<string, WaitingCall[]> = {};
    for (const w of m.waiting) (grouped[w.process] ??= []).push(w);
    const byProcess: Record<string, WaitingCall[]> = {};
    for (const [p, list] of Object.entries(grouped)) {
      const was = old[p];
      byProcess[p] =
        was && was.length === list.length && was.every((w, i) => w.seq === list[i]!.seq)
          ? was
          : list;
    }
    patch.waitingByProcess = byProcess;
  }
  return patch;
}

export const createSceneSlice: StateCreator<AppStore, [], [], SceneState & SceneActions> = (
  set,
  get,
) => ({
  ...initialSceneState,
  tokenFeed: new TokenFeed(),
  select(selection) {
    set({ selection });
    // one selected request: the timeline draws the request followed on the diagram
    const id = selection?.request_id;
    if (id && id !== get().timelineView?.request_id) void get().selectRequest(id).catch(ignore);
  },
});

const ignore = () => undefined;

/** Is this token part of the selected boot request? True when nothing is selected. */
export function isSelected(
  selection: Selection | null,
  t: { instance: string | null; request_id: string | null },
): boolean {
  if (!selection) return true;
  return (
    (selection.instance !== null && t.instance === selection.instance) ||
    (selection.request_id !== null && t.request_id === selection.request_id)
  );
}
