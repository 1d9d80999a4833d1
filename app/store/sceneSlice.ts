import type { StateCreator } from 'zustand/vanilla';
import { sameChips } from '../protocol/messages';
import { tokenEnd } from '../protocol/messages';
import type {
  HostRow,
  QueueRow,
  SceneMessage,
  SceneToken,
  TableCount,
  TokensMessage,
  VmChip,
} from '../protocol/messages';
import type { AppStore } from './types';

/** A boot request picked in the diagram: its messages are highlighted, the rest dimmed. */
export interface Selection {
  instance: string | null;
  request_id: string | null;
}

export interface SceneState {
  sceneRunId: string | null;
  /**
   * The tokens on screen and about to start, kept from tokens messages (which replace them or
   * add to them). The token layer reads them with getState() in its animation loop: no
   * component subscribes to them.
   */
  tokens: SceneToken[];
  tokensDropped: number;
  /** the worker's play clock the tokens are for */
  sceneClock: number;
  /** virtual ms each token stays on screen at least (protocol/tokenTiming.ts) */
  tokenStretch: number;
  /** the run the tokens are of */
  tokensRunId: string | null;
  brokerUp: boolean;
  queues: QueueRow[];
  hostOrder: string[];
  hostsByName: Record<string, HostRow>;
  unplaced: VmChip[];
  /** `${database}` → its tables, kept by reference while unchanged */
  tablesByDb: Record<string, TableCount[]>;
  selection: Selection | null;
}

export interface SceneActions {
  select(selection: Selection | null): void;
}

export const initialSceneState: SceneState = {
  sceneRunId: null,
  tokens: [],
  tokensDropped: 0,
  sceneClock: 0,
  tokenStretch: 0,
  tokensRunId: null,
  brokerUp: true,
  queues: [],
  hostOrder: [],
  hostsByName: {},
  unplaced: [],
  tablesByDb: {},
  selection: null,
};

const sameTables = (a: readonly TableCount[] | undefined, b: readonly TableCount[]) =>
  a !== undefined &&
  a.length === b.length &&
  a.every((t, i) => t.table === b[i]!.table && t.rows === b[i]!.rows);

/** The tokens still on screen at the message's clock, and the message's new ones after them. */
function keepTokens(held: readonly SceneToken[], m: TokensMessage): SceneToken[] {
  const out: SceneToken[] = [];
  for (const tok of held) if (tokenEnd(tok, m.stretch) > m.clock) out.push(tok);
  for (const tok of m.tokens) out.push(tok);
  return out;
}

/** The store's reducer for a tokens message: nothing any component renders from. */
export function applyTokensMessage(state: AppStore, m: TokensMessage): Partial<AppStore> {
  const keep = !m.reset && m.runId === state.tokensRunId;
  return {
    tokensRunId: m.runId,
    tokens: keep ? keepTokens(state.tokens, m) : m.tokens,
    tokensDropped: m.dropped,
    sceneClock: m.clock,
    tokenStretch: m.stretch,
  };
}

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
      byName[h.host] = o && o.up === h.up && sameChips(o.vms, h.vms) ? o : h;
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
  return patch;
}

export const createSceneSlice: StateCreator<AppStore, [], [], SceneState & SceneActions> = (
  set,
) => ({
  ...initialSceneState,
  select: (selection) => set({ selection }),
});

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
