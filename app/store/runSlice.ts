import type { StateCreator } from 'zustand/vanilla';
import type { InstanceRow, StatusMessage, WorkerToUi } from '../protocol/messages';
import { assertNever } from '../protocol/messages';
import type { StoreDeps } from './deps';
import { actionsLoadedPatch, actionsStatusPatch } from './actionsSlice';
import { applyViewMessage, debugLoadedPatch, debugStatusPatch } from './debugSlice';
import { applySceneMessage } from './sceneSlice';
import type { AppStore, RunActions, RunState } from './types';
import { WorkerCommandError } from './workerClient';

/** How many event summaries the store keeps (the worker resends this many after a jump). */
export const RECENT_EVENTS_KEPT = 200;

export const initialRunState: RunState = {
  runId: null,
  name: null,
  seed: null,
  source: null,
  description: null,
  hostNames: [],
  serviceDownTime: 60,
  firstRequestSeq: null,
  setupEvents: [],
  seq: 0,
  t: 0,
  clock: 0,
  eventCount: 0,
  playing: false,
  touring: false,
  speed: 1,
  speedPending: null,
  pauseAtBigSteps: false,
  bigStepsOf: null,
  done: false,
  complete: false,
  capped: false,
  gaveUp: false,
  stuck: [],
  traceHash: '',
  instanceIds: [],
  instancesById: {},
  refused: [],
  countsByType: {},
  recentEvents: [],
};

/** Every field the table shows or says in a title: a row changed in any of them is redrawn. */
const sameRow = (a: InstanceRow | undefined, b: InstanceRow) =>
  a !== undefined &&
  a.name === b.name &&
  a.vm_state === b.vm_state &&
  a.task_state === b.task_state &&
  a.power_state === b.power_state &&
  a.host === b.host &&
  a.fault === b.fault &&
  a.spawnError === b.spawnError &&
  a.handedBack === b.handedBack &&
  a.failedOn.length === b.failedOn.length &&
  a.failedOn.every((h, i) => h === b.failedOn[i]) &&
  a.timedOut?.by === b.timedOut?.by &&
  a.timedOut?.method === b.timedOut?.method;

/** Keeps the old row objects where nothing changed, so only changed table rows re-render. */
function mergeInstances(
  state: RunState,
  rows: InstanceRow[],
): Pick<RunState, 'instanceIds' | 'instancesById'> {
  const byId: Record<string, InstanceRow> = {};
  for (const r of rows) {
    const old = state.instancesById[r.uuid];
    byId[r.uuid] = sameRow(old, r) ? old! : r;
  }
  const ids = rows.map((r) => r.uuid);
  const sameIds =
    ids.length === state.instanceIds.length && ids.every((id, i) => id === state.instanceIds[i]);
  return { instanceIds: sameIds ? state.instanceIds : ids, instancesById: byId };
}

/** Applies the rows that changed (new ones go last, as in the worker's table) and the gone ones. */
function patchInstances(
  state: RunState,
  changed: readonly InstanceRow[],
  removed: readonly string[],
): Pick<RunState, 'instanceIds' | 'instancesById'> {
  const byId: Record<string, InstanceRow> = { ...state.instancesById };
  for (const uuid of removed) delete byId[uuid];
  const added: string[] = [];
  for (const r of changed) {
    const old = state.instancesById[r.uuid];
    if (!old) added.push(r.uuid);
    byId[r.uuid] = sameRow(old, r) ? old! : r;
  }
  let ids = state.instanceIds;
  if (removed.length > 0) {
    const gone = new Set(removed);
    ids = ids.filter((id) => !gone.has(id));
  }
  if (added.length > 0) ids = [...ids, ...added];
  return { instanceIds: ids, instancesById: byId };
}

function statusPatch(state: RunState, m: StatusMessage): Partial<RunState> {
  return {
    runId: m.runId,
    seq: m.seq,
    t: m.t,
    clock: m.clock,
    eventCount: m.eventCount,
    playing: m.playing,
    speed: state.speedPending ?? m.speed,
    done: m.done,
    complete: m.complete,
    capped: m.capped === true,
    gaveUp: m.gaveUp === true,
    ...(m.stuck ? { stuck: m.stuck } : {}),
    traceHash: m.traceHash,
    countsByType: m.countsByType,
    ...(m.refused ? { refused: m.refused } : {}),
    ...(m.instances
      ? mergeInstances(state, m.instances)
      : m.instancesChanged || m.instancesRemoved
        ? patchInstances(state, m.instancesChanged ?? [], m.instancesRemoved ?? [])
        : {}),
  };
}

/** The store's reducer for what the worker says. */
export function applyWorkerMessage(state: AppStore, m: WorkerToUi): Partial<AppStore> {
  switch (m.type) {
    case 'ready':
      return { workerReady: true };
    case 'loaded':
      return {
        name: m.name,
        seed: m.seed,
        source: m.source,
        description: m.description ?? null,
        hostNames: m.hostNames,
        serviceDownTime: m.serviceDownTime,
        firstRequestSeq: m.firstRequestSeq,
        setupEvents: m.setupEvents ?? [],
        recentEvents: [],
        instanceIds: [],
        instancesById: {},
        refused: [],
        error: null,
        // the worker's too: the old run's requests
        bigStepsOf: null,
        stuck: [],
        ...debugLoadedPatch,
        ...actionsLoadedPatch(m),
      };
    case 'error':
      // A failed command's error is reported by the action that sent it.
      return m.ack === null
        ? { error: { kind: m.source ?? 'worker', file: null, message: m.message } }
        : {};
    case 'events': {
      const held =
        m.before === undefined
          ? state.recentEvents
          : state.recentEvents.filter((e) => e.seq < m.before!);
      const events = m.reset ? m.events : [...held, ...m.events];
      return {
        recentEvents:
          events.length > RECENT_EVENTS_KEPT ? events.slice(-RECENT_EVENTS_KEPT) : events,
      };
    }
    case 'status':
      return { ...statusPatch(state, m), ...debugStatusPatch(state, m), ...actionsStatusPatch(m) };
    case 'trace':
      return {};
    case 'scene':
      return applySceneMessage(state, m);
    case 'tokens':
      // not state: createAppStore hands them to the token feed
      return {};
    case 'view':
      return applyViewMessage(state, m);
    default:
      return assertNever(m, 'worker message');
  }
}

/** Below V8's longest string (2^29 - 24 characters), with room for multi-byte characters. */
const MAX_TRACE_STRING_BYTES = 2 ** 29 - 24;

export const createRunSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], RunState & RunActions> =>
  (set, get) => {
    const { client } = deps;
    /** setSpeed calls so far: only the last one's answer ends the pending speed */
    let speedRequests = 0;
    const command = async (run: () => Promise<unknown>): Promise<void> => {
      try {
        await run();
      } catch (e) {
        set({ error: { kind: 'worker', file: null, message: (e as Error).message } });
        throw e;
      }
    };
    // what the user does stops the tour: it is theirs to drive again
    const user = (run: () => Promise<unknown>): Promise<void> => {
      if (get().touring) set({ touring: false });
      return command(run);
    };
    const exportParts = async (): Promise<Uint8Array<ArrayBuffer>[]> => {
      let parts: Uint8Array<ArrayBuffer>[] = [];
      await command(async () => {
        const ack = await client.send({ type: 'exportTrace' });
        if (ack.type === 'trace') parts = ack.parts;
      });
      return parts;
    };
    return {
      ...initialRunState,

      async load(scenarioText, options = {}) {
        set({ loading: true, touring: false });
        try {
          await client.send({
            type: 'load',
            scenarioText,
            ...(options.source !== undefined ? { source: options.source } : {}),
            ...(options.seed !== undefined ? { seed: options.seed } : {}),
            ...(options.injections ? { injections: options.injections } : {}),
          });
          // `loaded` has cleared the previous error already (and the new run may have reported one).
        } catch (e) {
          const kind = e instanceof WorkerCommandError ? 'scenario' : 'worker';
          const problems = e instanceof WorkerCommandError ? e.problems : undefined;
          set({
            error: {
              kind,
              file: options.source ?? options.fileName ?? null,
              message: (e as Error).message,
              ...(problems ? { problems } : {}),
            },
          });
          throw e;
        } finally {
          set({ loading: false });
        }
      },

      async loadScenarioFile(file, options = {}) {
        let text: string;
        set({ loading: true });
        try {
          text = await deps.fetchScenario(file);
        } catch (e) {
          set({ loading: false, error: { kind: 'fetch', file, message: (e as Error).message } });
          throw e;
        }
        await get().load(text, { source: file, ...options });
      },

      play: () => user(() => client.send({ type: 'play' })),
      pause: () => user(() => client.send({ type: 'pause' })),
      togglePlay: () => (get().playing ? get().pause() : get().play()),
      step: (n = 1) => user(() => client.send({ type: 'step', n })),
      stepBack: (n = 1) => user(() => client.send({ type: 'stepBack', n })),
      stepRequest: (dir) =>
        user(() => client.send({ type: 'stepRequest', request_id: get().timelineRequest, dir })),
      stepMilestone: (dir) => user(() => client.send({ type: 'stepMilestone', dir })),
      async tour(on) {
        if (!on) {
          set({ touring: false });
          return;
        }
        if (get().playing) await command(() => client.send({ type: 'pause' }));
        // at the end, the story is told again from its start, as a slide show starts over
        if (get().done) await command(() => client.send({ type: 'seek', seq: 0 }));
        set({ touring: true });
      },
      tourStep: () => command(() => client.send({ type: 'stepMilestone', dir: 1 })),
      seek: (seq) => user(() => client.send({ type: 'seek', seq })),
      async setSpeed(x) {
        // shown at once, so a second key press (+, −) steps on from it, not from the old one
        const before = get().speed;
        const mine = ++speedRequests;
        set({ speed: x, speedPending: x });
        try {
          await command(() => client.send({ type: 'setSpeed', x }));
          if (mine === speedRequests) set({ speedPending: null });
        } catch (e) {
          if (mine === speedRequests) set({ speed: before, speedPending: null });
          throw e;
        }
      },
      async setPauseAtBigSteps(on) {
        set({ pauseAtBigSteps: on });
        try {
          await command(() => client.send({ type: 'setPauseAtBigSteps', on }));
        } catch (e) {
          set({ pauseAtBigSteps: !on });
          throw e;
        }
      },
      async setBigStepsOf(requestId) {
        const before = get().bigStepsOf;
        set({ bigStepsOf: requestId });
        try {
          await command(() => client.send({ type: 'setBigStepsOf', request_id: requestId }));
        } catch (e) {
          set({ bigStepsOf: before });
          throw e;
        }
      },
      reset: () => user(() => client.send({ type: 'reset' })),
      async exportTrace() {
        const parts = await exportParts();
        const bytes = parts.reduce((n, p) => n + p.byteLength, 0);
        // a JavaScript string holds at most about 2^29 characters: said, not "Invalid string length"
        if (bytes > MAX_TRACE_STRING_BYTES)
          throw new Error(
            `the trace is ${Math.round(bytes / 1e6)} MB, more than one string can hold: use Download trace for a run this long`,
          );
        const decoder = new TextDecoder();
        let jsonl = '';
        for (const part of parts) jsonl += decoder.decode(part);
        return jsonl;
      },
      async exportTraceBlob() {
        return new Blob(await exportParts(), { type: 'application/x-ndjson' });
      },
    };
  };
