import type { i18n } from 'i18next';
import type { Injection } from '../engine/api';
import {
  type Breakpoint,
  MAX_SPEED,
  MIN_SPEED,
  type Speed,
  type UserAction,
} from '../protocol/messages';
import type { AppError, AppStoreApi, Language } from '../store';
import { type LinkProblem, parseShareHash, pastEnd, shareUrl, type ShareTarget } from './shareLink';

/** The state scripts see (DESIGN.md automation contract). */
export interface NovavizState {
  runId: string | null;
  name: string | null;
  seq: number;
  t: number;
  eventCount: number;
  complete: boolean;
  done: boolean;
  traceHash: string;
  playing: boolean;
  speed: Speed;
  language: Language;
  error: string | null;
  /** the user's actions in the run (launches, faults), with their virtual times */
  injections: Injection[];
}

/**
 * `window.novaviz`: for tests, and for users scripting a debugging session from the console.
 * Every command resolves once the worker has acknowledged it and the store shows the result.
 */
export interface NovavizApi {
  /** resolves when the first scenario has loaded (or failed to) */
  ready(): Promise<void>;
  state(): NovavizState;
  load(scenario: unknown): Promise<void>;
  /** a scenario bundled in public/scenarios/, by its file name, or a File the user chose */
  loadFile(file: string | File): Promise<void>;
  step(n?: number): Promise<void>;
  stepBack(n?: number): Promise<void>;
  /** to the next (1) or the previous (-1) event of the boot request the timeline shows */
  stepRequest(dir: 1 | -1): Promise<void>;
  /** to the next (1) or the previous (-1) big step of the story */
  stepMilestone(dir: 1 | -1): Promise<void>;
  seek(seq: number): Promise<void>;
  play(): Promise<void>;
  pause(): Promise<void>;
  setSpeed(x: Speed): Promise<void>;
  reset(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  exportTrace(): Promise<string>;
  shareUrl(): string;
  /** Replaces the breakpoints; resolves once the worker has them (rejects on an unknown field). */
  setBreakpoints(breakpoints: Breakpoint[]): Promise<void>;
  /** Shows a process (`nova-scheduler`, `nova-compute@host1`, `queue:scheduler`) in the inspector. */
  selectProcess(id: string): Promise<void>;
  /** launches servers or injects a fault at the current virtual time */
  inject(action: UserAction): Promise<void>;
  /** resolves once the run is saved in the browser up to where the engine is */
  persisted(): Promise<void>;
}

declare global {
  interface Window {
    novaviz?: NovavizApi;
  }
}

export function currentShareUrl(store: AppStoreApi): string {
  const s = store.getState();
  return shareUrl(window.location.href, {
    scenario: s.source,
    seed: s.seed,
    seq: s.seq,
    injections: s.injections,
  });
}

export function createAutomation(
  store: AppStoreApi,
  i18nInstance: i18n,
  booted: Promise<void>,
): NovavizApi {
  const get = () => store.getState();
  return {
    ready: () => booted,
    state() {
      const s = get();
      return {
        runId: s.runId,
        name: s.name,
        seq: s.seq,
        t: s.t,
        eventCount: s.eventCount,
        complete: s.complete,
        done: s.done,
        traceHash: s.traceHash,
        playing: s.playing,
        speed: s.speed,
        language: s.language,
        error: s.error?.message ?? null,
        injections: s.injections,
      };
    },
    async load(scenario: unknown) {
      if (typeof scenario !== 'string' && (typeof scenario !== 'object' || scenario === null))
        throw new Error(
          `load takes a scenario (an object, or its JSON text), not ${describeArg(scenario)}`,
        );
      return get().load(typeof scenario === 'string' ? scenario : JSON.stringify(scenario));
    },
    async loadFile(file: unknown) {
      if (typeof file === 'string') return get().loadScenarioFile(file);
      // a File from an <input type=file> or a drop, as "Open scenario file…" takes it
      if (file instanceof Blob)
        return get().load(await file.text(), {
          ...(file instanceof File ? { fileName: file.name } : {}),
        });
      throw new Error(
        `loadFile takes the file name of a scenario in public/scenarios/ (such as "one-boot.json") or a File, not ${describeArg(file)}; a scenario object goes to load()`,
      );
    },
    step: async (n = 1) => get().step(count('step', n)),
    stepBack: async (n = 1) => get().stepBack(count('stepBack', n)),
    stepRequest: (dir) => get().stepRequest(dir),
    stepMilestone: (dir) => get().stepMilestone(dir),
    seek: async (seq) => get().seek(count('seek', seq)),
    play: () => get().play(),
    pause: () => get().pause(),
    async setSpeed(x: unknown) {
      if (x !== 'max' && !(typeof x === 'number' && x >= MIN_SPEED && x <= MAX_SPEED))
        throw new Error(
          `setSpeed takes a number from ${MIN_SPEED} to ${MAX_SPEED} (× real time) or 'max', not ${typeof x === 'number' ? x : describeArg(x)}`,
        );
      return get().setSpeed(x);
    },
    reset: () => get().reset(),
    async setLanguage(language) {
      if (language !== 'en' && language !== 'ja')
        throw new Error(`language is 'en' or 'ja', not ${String(language)}`);
      get().setLanguage(language);
      await i18nInstance.changeLanguage(language);
    },
    exportTrace: () => get().exportTrace(),
    shareUrl() {
      if (get().source === null)
        throw new Error(
          'shareUrl: this run is of a scenario file of your own, and a link can name only a scenario that comes with the app (send the file, or the downloaded trace)',
        );
      return currentShareUrl(store);
    },
    setBreakpoints: (breakpoints) => get().setBreakpoints(breakpoints),
    selectProcess: (id) => get().selectProcess(id),
    inject: (action) => get().inject(action),
    persisted: () => get().persisted(),
  };
}

/**
 * Opens the run a share link names, at its event. Resolves to what kept it from opening (the
 * store's error names it), or null once it is open.
 */
async function openLink(
  store: AppStoreApi,
  target: ShareTarget & { scenario: string },
): Promise<LinkFailure | null> {
  const s = store.getState();
  try {
    await s.loadScenarioFile(target.scenario, {
      ...(target.seed !== null ? { seed: target.seed } : {}),
      ...(target.injections ? { injections: target.injections } : {}),
    });
  } catch {
    const e = store.getState().error;
    return e
      ? { message: e.message, ...(e.problems ? { problems: e.problems } : {}) }
      : { message: 'the link could not be opened' };
  }
  if (target.seq !== null) {
    await s.seek(target.seq);
    // a seek past the end stops at it: said, not silently (the link may be of a longer run)
    const at = store.getState();
    if (at.seq < target.seq)
      store.setState({
        error: {
          kind: 'linkSeq',
          file: target.scenario,
          ...detail([pastEnd(target.seq, at.eventCount)]),
        },
      });
  }
  await forgetLinkOnceSaved(store);
  return null;
}

/**
 * A link is a way in, not the page's state: once its run is saved in this browser, the hash
 * goes, so that a reload brings back what the user has done since (another scenario, a later
 * event) rather than the link again. A tab that does not save keeps it, to reload the link.
 */
async function forgetLinkOnceSaved(store: AppStoreApi): Promise<void> {
  const before = store.getState().error;
  try {
    await store.getState().persisted();
  } catch {
    // this tab does not save: the store's error says so; the link's own error stays first
    if (before) store.setState({ error: before });
    return;
  }
  history.replaceState(history.state, '', window.location.pathname + window.location.search);
}

/** An error's detail from a link's problems: in English, and as keys for the page's language. */
const detail = (problems: readonly LinkProblem[]): Pick<AppError, 'message' | 'lines'> => ({
  message: problems.map((p) => p.text).join('\n'),
  lines: problems.map(({ key, params }) => ({ key: `linkProblem.${key}`, params })),
});

/** What kept a link from opening, as the error banner says it; null for a link that can be read. */
type LinkFailure = Pick<AppError, 'message' | 'lines' | 'problems'>;

const linkProblems = (target: { problems: LinkProblem[] }): LinkFailure | null =>
  target.problems.length > 0 ? detail(target.problems) : null;

/**
 * A share link pasted into the address bar of an open page changes only its hash: the page
 * is not loaded again, so the link is opened here. The run open stays if it cannot be.
 */
export function followLinks(store: AppStoreApi): () => void {
  const onHash = () => {
    const target = parseShareHash(window.location.hash);
    if (target.scenario === null && target.problems.length === 0) return;
    const problem = linkProblems(target);
    const fail = (failure: LinkFailure) =>
      store.setState({ error: { kind: 'link', file: target.scenario, ...failure } });
    // a link with no scenario is one of the problems parseShareHash names
    if (problem !== null) fail(problem);
    else if (target.scenario !== null)
      void openLink(store, { ...target, scenario: target.scenario }).then(
        (failure) => failure !== null && fail(failure),
      );
  };
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}

/**
 * Loads what the share link names; without a link, the run saved in this browser, else the
 * default scenario. A link that cannot be read or opened is said so, naming what is wrong, and
 * the saved run (or the default) is opened instead: nothing saved is lost to a bad link.
 */
export async function boot(store: AppStoreApi, defaultScenario: string): Promise<void> {
  const s = store.getState();
  const target = parseShareHash(window.location.hash);
  await s.loadIndex();
  let linkProblem = linkProblems(target);
  if (target.scenario !== null && linkProblem === null) {
    linkProblem = await openLink(store, { ...target, scenario: target.scenario });
    if (linkProblem === null) return;
  }
  const linkError = (fallback: 'saved' | 'default'): AppError | null =>
    linkProblem === null ? null : { kind: 'link', file: target.scenario, ...linkProblem, fallback };
  let restoreError = null;
  try {
    if (await s.restore()) {
      const e = linkError('saved');
      if (e) store.setState({ error: e });
      return;
    }
  } catch {
    restoreError = store.getState().error;
  }
  try {
    await s.loadScenarioFile(defaultScenario);
  } catch {
    // shown by the error banner
  }
  // Loading the default run clears errors; the link's and the saved run's problems must stay
  // visible, both of them
  const link = linkError('default');
  const e =
    link && restoreError
      ? {
          ...link,
          message: `${link.message}\n${restoreError.message}`,
          ...(link.lines && {
            lines: [
              ...link.lines,
              { key: 'linkProblem.asIs', params: { text: restoreError.message } },
            ],
          }),
        }
      : (link ?? restoreError);
  if (e) store.setState({ error: e });
}

/** A count of events, or an event's number, a script passed: a whole number ≥ 0, or an error. */
function count(call: string, n: unknown): number {
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  throw new Error(
    `${call} takes a whole number ≥ 0, not ${typeof n === 'number' ? n : describeArg(n)}`,
  );
}

/** What a script passed, said in an error: its type, and an object's constructor. */
function describeArg(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v !== 'object') return `a ${typeof v}`;
  const name = (v as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}
