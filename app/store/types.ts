import type { ActionsActions, ActionsState } from './actionsSlice';
import type { DebugActions, DebugState } from './debugSlice';
import type { SceneActions, SceneState } from './sceneSlice';
import type { Injection } from '../engine/api';
import type {
  EventSummary,
  InstanceRow,
  RefusedRequest,
  ScenarioProblem,
  SetupEvent,
  Speed,
  StatusMessage,
  StuckBuild,
} from '../protocol/messages';

export type Language = 'en' | 'ja';
export const LANGUAGES: readonly Language[] = ['en', 'ja'];

/** One entry of public/scenarios/index.json. */
export interface ScenarioEntry {
  file: string;
  title: Record<Language, string>;
  /** what the scenario shows, for the line under the picker */
  description?: Record<Language, string>;
}

/** What went wrong, kept as data so the UI can say it in the chosen language. */
export interface AppError {
  kind:
    | 'scenario'
    | 'fetch'
    | 'index'
    | 'worker'
    | 'storage'
    | 'action'
    | 'link'
    | 'linkSeq'
    | 'otherTab'
    | 'replayed';
  /** the scenario file involved, if any */
  file: string | null;
  /** the detail, as the engine or the browser wrote it (names the offending field) */
  message: string;
  /** a share link that failed: what was opened instead */
  fallback?: 'saved' | 'default';
  /** a scenario's problems, said in the page's language (the message says them in English) */
  problems?: ScenarioProblem[];
  /** the detail's lines as i18n keys, said in the page's language (the message in English) */
  lines?: { key: string; params: Record<string, string | number> }[];
}

export interface RunState {
  runId: string | null;
  name: string | null;
  seed: number | null;
  /** the scenario file name, or null for a scenario loaded from text */
  source: string | null;
  /** the scenario's own description (its file's `description`), if it has one */
  description: string | null;
  hostNames: string[];
  /** the scenario's service_down_time, s */
  serviceDownTime: number;
  /** the first event of the first boot request: the events before it start the cloud */
  firstRequestSeq: number | null;
  /** before it, what the scenario does to the cloud: the setup note names these */
  setupEvents: SetupEvent[];
  seq: number;
  t: number;
  clock: number;
  eventCount: number;
  playing: boolean;
  /** the big steps shown one after another, a few seconds each (ui/tour.ts) */
  touring: boolean;
  speed: Speed;
  /** a speed asked for and not yet acknowledged: statuses sent before it keep the old one */
  speedPending: Speed | null;
  /** playing, pause after each big step of the story, for a class (SetPauseAtBigStepsMessage) */
  pauseAtBigSteps: boolean;
  /** the boot request whose big steps the story goes through; null: every one (SetBigStepsOfMessage) */
  bigStepsOf: string | null;
  done: boolean;
  complete: boolean;
  /** the trace stopped at its limit with boots still in flight */
  capped: boolean;
  /** the run stopped with builds that nothing left would end (StatusMessage.gaveUp) */
  gaveUp: boolean;
  /** with gaveUp: where the unfinished builds stand still (StatusMessage.stuck) */
  stuck: StuckBuild[];
  traceHash: string;
  instanceIds: string[];
  instancesById: Record<string, InstanceRow>;
  /** the boot requests nova-api refused so far: never instances, so in no row */
  refused: RefusedRequest[];
  countsByType: StatusMessage['countsByType'];
  /** the latest events before the cursor, oldest first */
  recentEvents: EventSummary[];
}

export interface RunActions {
  load(
    scenarioText: string,
    options?: {
      source?: string;
      seed?: number;
      injections?: Injection[];
      /** the user's file it came from, named in an error (a link cannot name it) */
      fileName?: string;
    },
  ): Promise<void>;
  loadScenarioFile(
    file: string,
    options?: { seed?: number; injections?: Injection[] },
  ): Promise<void>;
  play(): Promise<void>;
  pause(): Promise<void>;
  togglePlay(): Promise<void>;
  step(n?: number): Promise<void>;
  stepBack(n?: number): Promise<void>;
  /** To the next (1) or the previous (-1) event of the boot request the timeline shows. */
  stepRequest(dir: 1 | -1): Promise<void>;
  /** To the next (1) or the previous (-1) big step of the story (the narration's milestones). */
  stepMilestone(dir: 1 | -1): Promise<void>;
  /** Starts (pausing play) or stops the tour of the big steps; any other command stops it. */
  tour(on: boolean): Promise<void>;
  /** The tour's own step to the next big step (a user's step would stop the tour). */
  tourStep(): Promise<void>;
  seek(seq: number): Promise<void>;
  setSpeed(x: Speed): Promise<void>;
  setPauseAtBigSteps(on: boolean): Promise<void>;
  setBigStepsOf(requestId: string | null): Promise<void>;
  reset(): Promise<void>;
  exportTrace(): Promise<string>;
  /** the same trace as a file's contents, for a download: no string of it is ever made */
  exportTraceBlob(): Promise<Blob>;
}

export interface UiState {
  workerReady: boolean;
  language: Language;
  error: AppError | null;
  scenarios: ScenarioEntry[];
  /** true while a scenario is being fetched or parsed */
  loading: boolean;
  /** the diagram's camera follows each event, close up (diagram/closeUp.ts) */
  closeUp: boolean;
}

export interface UiActions {
  setLanguage(language: Language): void;
  setCloseUp(on: boolean): void;
  dismissError(): void;
  loadIndex(): Promise<void>;
}

export type AppState = RunState & UiState & SceneState & DebugState & ActionsState;
export type AppActions = RunActions & UiActions & SceneActions & DebugActions & ActionsActions;
export type AppStore = AppState & AppActions;
