import { parseScenarioText, ScenarioError } from '../engine/scenario';
import {
  assertNever,
  clampSpeed,
  PROTOCOL_VERSION,
  type Speed,
  type StatusMessage,
  type UiToWorker,
  type WorkerToUi,
} from '../protocol/messages';
import type { Injection } from '../engine/api';
import type { LoadedMessage, RefusedRequest, UserAction } from '../protocol/messages';
import type { RunStorage } from '../storage';
import { BreakpointError } from './breakpoints';
import { DebugSession } from './debugSession';
import {
  ActionError,
  branchInjections,
  checkInjections,
  injectionTime,
  toInjection,
} from './inject';
import { Persister, restoreSaved } from './persist';
import { Run } from './run';
import { loadedMessage } from './loadedMessage';
import { LOOKAHEAD_WALL_MS, SceneFeed } from './scene';
import { EventFeed } from './eventFeed';
import { InstanceFeed } from './instanceFeed';
import { firstBigStepIn, nextBigStep, previousBigStep } from './bigSteps';
import { stuckBuilds } from './stuckBuilds';

import { fnv64Hex, fnv64Start, fnv64Text } from './traceHash';

/** What the controller needs from its surroundings: wall time, timers and a way to post. */
export interface WorkerHost {
  now(): number;
  setTimer(fn: () => void, ms: number): number;
  clearTimer(id: number): void;
  /** `transfer`: buffers the message hands over instead of copying (they are gone here) */
  post(message: WorkerToUi, transfer?: Transferable[]): void;
}

export interface ControllerOptions {
  /** where runs are saved (IndexedDB); none: nothing is saved or restored */
  storage?: Promise<RunStorage | null>;
  /** calendar time for saved records (the worker's Date.now) */
  wallClock?: () => number;
  /** makes run ids unique across page loads */
  runTag?: string;
  /** why this tab does not save (another tab of the app does), or null when it does */
  unsaved?: Promise<string | null>;
}

const NO_REFUSALS: readonly RefusedRequest[] = [];

/** Updates to the UI while playing or prefetching: at most one per frame. */
const FRAME_MS = 16;
/**
 * The most wall time one tick plays. A worker held up longer (a collection, a busy machine, a
 * tab in the background) plays on from where it was, as a game loop does, rather than jump:
 * a jump would take the messages in flight off the diagram before anyone saw them.
 */
const MAX_TICK_WALL_MS = 100;
/**
 * While playing, the tokens go every frame; the status, the event list, the diagram's boxes
 * and the views together, this often (wall ms): in a quiet run often enough for the
 * narration to keep up with the tokens; in a busy one (BUSY_EVENTS since the last update)
 * less often. Nobody reads a table that changes sixty times a second, and each update costs
 * the page a render, a layout and a paint that take frames from the tokens.
 */
const PLAYING_DETAIL_MS = 200;
const BUSY_DETAIL_MS = 500;
const BUSY_EVENTS = 100;
/** Status while only the prefetch moves (the event count grows): less often. */
const PREFETCH_STATUS_MS = 100;
/** Wall time one prefetch slice may take before yielding to incoming commands. */
const PREFETCH_SLICE_MS = 8;
/** Wall time one 'max' speed tick may spend moving the cursor. */
const MAX_SPEED_SLICE_MS = 40;
/** Events the cursor moves at a time at 'max' speed, each move hashed before the next. */
const MAX_SPEED_STEP = 200;
/**
 * Wall time one tick at a finite speed may spend running the engine (of FRAME_MS). The page
 * needs the rest of the machine to draw: on two cores, an engine running flat out in a burst
 * leaves the page's main thread, compositor and raster threads one core between them. When
 * the engine cannot keep up within this, the play clock waits for it.
 */
const PLAY_SLICE_MS = 7;
/** Cursor moves per tick at a finite speed; beyond it the play clock waits for the cursor. */
const MAX_STEPS_PER_TICK = 20_000;
/** Events produced at a time while looking ahead for a request's next event, or a big step. */
const REQUEST_STEP_CHUNK = 2000;
/** Lines hashed at a time in the background (about a millisecond's worth). */
const HASH_SLICE_LINES = 100;
/**
 * Wall time one play tick may spend hashing the trace up to the cursor. Left to the next
 * status, the hash of a busy second's events (tens of thousands of lines) held the worker
 * for most of a second: no tokens, and the play clock stopped, then jumped.
 */
const HASH_PLAY_SLICE_MS = 3;
/** Run the engine ahead in the background while idle, so the seek bar covers the run. */
const PREFETCH = true;

/**
 * Owns the run and wall time for it: plays virtual time at `speed` × wall time, steps, seeks,
 * and sends the UI batched, compact updates. The engine itself never sees a wall clock.
 */
export class Controller {
  private run: Run | null = null;
  /** what the live diagram draws, kept with the cursor */
  private scene: SceneFeed | null = null;
  private runCounter = 0;
  /** breakpoints, and the debugger views the UI watches */
  private readonly debug = new DebugSession();
  private playing = false;
  private speed: Speed = 1;
  /** playing, pause after each big step of the story (SetPauseAtBigStepsMessage) */
  private pauseAtBigSteps = false;
  /** the boot request whose big steps the story goes through; null: every one (SetBigStepsOfMessage) */
  private bigStepsOf: string | null = null;
  /** the play clock, in virtual ms */
  private clock = 0;
  private lastWall = 0;
  private tickTimer: number | null = null;
  private prefetchTimer: number | null = null;
  private flushTimer: number | null = null;
  private lastFlush = -Infinity;
  private lastDetail = -Infinity;
  /** the cursor at the last update of the details */
  private lastDetailSeq = 0;
  /** the UI's event list and instance table, sent as they change */
  private readonly eventFeed = new EventFeed();
  private readonly instanceFeed = new InstanceFeed();
  /** the injection list the UI holds */
  private sentInjections: readonly Injection[] | null = null;
  private sentRefused: readonly RefusedRequest[] | null = null;
  /** the run whose stuck builds the page has (sent once it gives up) */
  private sentStuck: Run | null = null;
  /** saves the run behind the engine (persist.ts) */
  private readonly persister: Persister | null;

  constructor(
    private readonly host: WorkerHost,
    private readonly options: ControllerOptions = {},
  ) {
    this.persister = options.storage
      ? new Persister(options.storage, {
          now: () => host.now(),
          wallClock: options.wallClock ?? (() => 0),
          setTimer: (fn, ms) => host.setTimer(fn, ms),
          clearTimer: (id) => host.clearTimer(id),
          onError: (message) => host.post({ type: 'error', ack: null, source: 'storage', message }),
          busy: () => this.throttled,
        })
      : null;
  }

  start(): void {
    this.host.post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
  }

  handle(msg: UiToWorker): void {
    try {
      this.dispatch(msg);
    } catch (e) {
      this.pauseInternal();
      this.host.post({
        type: 'error',
        ack: msg.id,
        message: e instanceof Error ? e.message : String(e),
        ...(e instanceof BreakpointError && e.refusal ? { refusal: e.refusal } : {}),
      });
    }
  }

  private dispatch(msg: UiToWorker): void {
    if (
      msg.type === 'play' ||
      msg.type === 'step' ||
      msg.type === 'stepBack' ||
      msg.type === 'stepRequest' ||
      msg.type === 'stepMilestone' ||
      msg.type === 'seek' ||
      msg.type === 'reset'
    )
      this.debug.hit = null;
    switch (msg.type) {
      case 'load':
        this.load(msg.id, msg.scenarioText, msg.seed, msg.source ?? null, msg.injections);
        return;
      case 'exportTrace': {
        // the whole run, as the headless runner prints it, not only what play has reached
        this.run?.produce(this.run.maxEvents);
        const parts = this.run?.exportParts() ?? [];
        this.host.post(
          { type: 'trace', ack: msg.id, parts },
          parts.map((p) => p.buffer),
        );
        this.scheduleFlush(0); // the run's length may have grown
        return;
      }
      case 'play':
        this.play();
        break;
      case 'pause':
        // the user's pause keeps the picture; every other stop draws exact times
        if (this.playing) this.scene?.holdPicture();
        this.pauseInternal();
        break;
      case 'step':
        this.pauseInternal();
        this.stepChecked(Math.max(0, Math.floor(msg.n)));
        break;
      case 'stepBack':
        this.pauseInternal();
        this.moveTo(this.cursor - Math.max(0, Math.floor(msg.n)));
        break;
      case 'stepRequest':
        this.pauseInternal();
        this.stepRequest(msg.request_id, msg.dir);
        break;
      case 'stepMilestone':
        this.pauseInternal();
        this.stepMilestone(msg.dir);
        break;
      case 'seek':
        this.moveTo(msg.seq);
        break;
      case 'setSpeed':
        this.speed = clampSpeed(msg.x);
        break;
      case 'setPauseAtBigSteps':
        this.pauseAtBigSteps = msg.on;
        break;
      case 'setBigStepsOf':
        this.bigStepsOf = msg.request_id;
        break;
      case 'reset':
        this.pauseInternal();
        this.moveTo(0);
        break;
      case 'inject':
        this.inject(msg.action);
        break;
      case 'uninject':
        this.uninject(msg.index, msg.at);
        break;
      case 'restore':
        void this.restore(msg.id);
        return;
      case 'persisted':
        void this.whenPersisted(msg.id);
        return;
      case 'setBreakpoints':
        this.debug.setBreakpoints(msg.breakpoints, msg.saved === true);
        break;
      case 'watch':
        this.debug.watch(msg.views);
        break;
      default:
        assertNever(msg, 'message');
    }
    this.flush(msg.id);
  }

  private get cursor(): number {
    return this.run?.seq ?? 0;
  }

  private load(
    ack: number,
    text: string,
    seed: number | undefined,
    source: string | null,
    injected?: unknown,
  ): void {
    let scenario;
    let injections: Injection[];
    try {
      scenario = parseScenarioText(text);
      injections = checkInjections(injected, scenario);
    } catch (e) {
      // A bad scenario leaves the loaded run as it was.
      if (e instanceof ScenarioError) {
        this.host.post({ type: 'error', ack, message: e.message, problems: e.problems });
        return;
      }
      if (e instanceof ActionError) {
        this.host.post({ type: 'error', ack, message: e.message });
        return;
      }
      throw e;
    }
    this.pauseInternal();
    this.cancelPrefetch();
    const digest = fnv64Hex(fnv64Text(fnv64Start(), text)).slice(0, 8);
    const runId = `run-${this.options.runTag ?? ''}${++this.runCounter}-${digest}`;
    const run = new Run(runId, scenario, seed ?? scenario.seed, injections);
    this.present(run, ack, scenario.name, source, false);
    const spec = { runId, name: scenario.name, source, scenarioText: text, seed: run.seed };
    this.persister?.startRun(run, spec);
    this.flush(ack);
    this.schedulePrefetch();
  }

  /** Makes `run` current, with the clock at its cursor, and tells the page it is loaded. */
  private present(
    run: Run,
    ack: number,
    name: string,
    source: LoadedMessage['source'],
    restored: boolean,
  ): void {
    this.adopt(run);
    this.clock = run.t;
    this.eventFeed.reset();
    this.instanceFeed.reset();
    // the old run's requests (the page forgets it with this message too)
    this.bigStepsOf = null;
    this.host.post(loadedMessage(run, ack, name, source, restored));
  }

  /** Makes `run` the current run, for every view the worker keeps of it. */
  private adopt(run: Run): void {
    this.run = run;
    this.debug.setRun(run);
    this.scene = new SceneFeed(
      run.runId,
      run.events,
      run.scenario.cloud.hosts.map((h) => h.name),
      { serviceDownMs: run.scenario.config.service_down_time * 1000 },
    );
    this.sentInjections = null;
    this.sentRefused = null;
    this.sentStuck = null;
  }

  // ---------------------------------------------------------------- user actions, saving

  /**
   * A user action at the current virtual time. The run is recreated as scenario + injections
   * (inject.ts): the trace up to the cursor stays byte-identical, everything after is redone.
   */
  private inject(action: UserAction): void {
    const run = this.run;
    if (!run) throw new ActionError('load a scenario first');
    const injection = toInjection(
      action,
      injectionTime(run.t, this.clock),
      run.scenario,
      run.injections,
    );
    this.replay(run, branchInjections(run.injections, injection), run.seq);
  }

  private uninject(index: number, at: number): void {
    const run = this.run;
    if (!run) throw new ActionError('load a scenario first');
    const removed = run.injections[index];
    if (!Number.isInteger(index) || removed === undefined || removed.at !== at)
      throw new ActionError(`no action number ${index} at ${at} ms in this run`);
    // Before the action's time the two runs are the same: the cursor stays if it is there,
    // else it goes back to where they part.
    let same = 0;
    while (same < run.events.length && run.events[same]!.t < removed.at) same++;
    const seq = Math.min(run.seq, same);
    this.replay(
      run,
      run.injections.filter((_, i) => i !== index),
      seq,
    );
    // brought back: the play clock too (an action now is stamped at the cursor's time)
    if (seq < run.seq) this.clock = this.run!.t;
  }

  /**
   * The run again with other user actions, the same as `run` up to event `seq`, where its
   * cursor is: its hashes and saved events up to there are kept.
   */
  private replay(run: Run, injections: Run['injections'], seq: number): void {
    const next = new Run(run.runId, run.scenario, run.seed, injections);
    next.moveTo(seq);
    const same =
      next.seq === seq && (seq === 0 || next.events[seq - 1]!.t === run.events[seq - 1]!.t);
    if (!same || next.failure)
      throw new Error(
        `the engine did not replay the run to event ${seq}${next.failure ? `: ${next.failure}` : ''}`,
      );
    next.hashes.adoptPrefix(run.hashes, seq);
    this.adopt(next);
    this.persister?.replaceRun(next, seq);
    this.schedulePrefetch();
  }

  private async restore(ack: number): Promise<void> {
    const unsaved = await this.options.unsaved;
    if (unsaved) {
      // nothing to bring back here: the run this tab would restore is the other tab's
      this.host.post({ type: 'error', ack, source: 'otherTab', message: unsaved });
      return;
    }
    try {
      const storage = await this.options.storage;
      const saved = storage ? await restoreSaved(storage) : null;
      if (saved) {
        const { run, spec, record, replayed } = saved;
        this.pauseInternal();
        this.cancelPrefetch();
        this.present(run, ack, spec.name, spec.source, true);
        this.persister?.resumeRun(run, spec, record);
        if (replayed !== undefined) {
          // its saved events are an older version's: they are written again
          this.persister?.replaceRun(run, 0);
          this.host.post({
            type: 'error',
            ack: null,
            source: 'replayed',
            message: `The saved run "${spec.name}" was made by an older version of the simulator (${replayed}). It was replayed with this version: the same scenario, seed and actions, at the same event #${record.cursor}.`,
          });
        }
        this.schedulePrefetch();
      }
      this.flush(ack);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.host.post({ type: 'error', ack, source: 'storage', message });
    }
  }

  /** Answers once the run is saved; a tab that does not save says so rather than answer. */
  private async whenPersisted(ack: number): Promise<void> {
    const unsaved = await this.options.unsaved;
    if (unsaved) {
      this.host.post({ type: 'error', ack, source: 'otherTab', message: unsaved });
      return;
    }
    (this.persister?.pending() ?? Promise.resolve()).then(
      () => this.flush(ack),
      (e: Error) => this.host.post({ type: 'error', ack, source: 'storage', message: e.message }),
    );
  }

  private moveTo(seq: number): void {
    if (!this.run) return;
    this.run.moveTo(seq);
    this.clock = this.run.t;
    this.schedulePrefetch();
  }

  /** Steps `n` events; a step over more than one event stops at a breakpoint. */
  private stepChecked(n: number): void {
    const run = this.run;
    if (!run) return;
    const from = run.seq;
    this.moveTo(from + n);
    const stop = n > 1 ? this.debug.check(run, from, run.seq) : null;
    if (stop !== null) this.moveTo(stop);
  }

  /** Goes to a boot request's next or previous event; the next may not have been produced yet. */
  private stepRequest(requestId: string | null, dir: 1 | -1): void {
    const run = this.run;
    if (!run) return;
    let to = this.debug.requestStep(requestId, dir);
    while (to === null && dir === 1 && !run.complete) {
      run.produce(run.events.length + REQUEST_STEP_CHUNK);
      to = this.debug.requestStep(requestId, dir);
    }
    if (to !== null) this.moveTo(to);
  }

  /** Goes to the story's next or previous big step: the narration's milestones (story.ts). */
  private stepMilestone(dir: 1 | -1): void {
    const run = this.run;
    if (!run) return;
    const to =
      dir === -1
        ? previousBigStep(run.events, run.seq, this.bigStepsOf)
        : nextBigStep(run, run.seq, REQUEST_STEP_CHUNK, this.bigStepsOf);
    if (to !== null) this.moveTo(to);
  }

  /**
   * After the cursor moved from `from` while playing: stops on the first breakpoint passed, or
   * after the first big step played when play pauses at them, whichever comes first.
   */
  private stopWhilePlaying(run: Run, from: number): boolean {
    const bigStep = this.pauseAtBigSteps
      ? firstBigStepIn(run.events, from, run.seq, this.bigStepsOf)
      : null;
    // breakpoints are looked for only up to there: the one play stops on is the one it names
    const stop = this.debug.check(run, from, bigStep ?? run.seq) ?? bigStep;
    if (stop === null) return false;
    run.moveTo(stop);
    this.clock = run.t;
    this.pauseInternal();
    return true;
  }

  // ---------------------------------------------------------------- playing

  private play(): void {
    const run = this.run;
    if (!run || this.playing) return;
    if (run.atEnd) this.moveTo(0);
    this.playing = true;
    this.clock = Math.max(this.clock, run.t);
    this.lastWall = this.host.now();
    this.tickTimer = this.host.setTimer(() => this.tick(), FRAME_MS);
  }

  private pauseInternal(): void {
    const wasPlaying = this.playing;
    this.playing = false;
    if (this.tickTimer !== null) this.host.clearTimer(this.tickTimer);
    this.tickTimer = null;
    if (wasPlaying) this.schedulePrefetch();
  }

  /** While playing at a finite speed the engine runs for the play only (PLAY_SLICE_MS). */
  private get throttled(): boolean {
    return this.playing && this.speed !== 'max';
  }

  private tick(): void {
    this.tickTimer = null;
    const run = this.run;
    if (!run || !this.playing) return;
    try {
      const now = this.host.now();
      const dt = now - this.lastWall;
      this.lastWall = now;
      if (this.speed === 'max') {
        const deadline = now + MAX_SPEED_SLICE_MS;
        while (!run.atEnd && this.host.now() < deadline) {
          const from = run.seq;
          run.moveTo(run.seq + MAX_SPEED_STEP);
          if (this.stopWhilePlaying(run, from)) break;
          // A status carries the trace hash at its seq: hashed as the cursor goes. The cursor
          // used to cross a 100-host run in two ticks, and the status at its end hashed 35,000
          // lines at once: a second in which the count stood still and a Pause waited.
          run.hashes.at(run.seq);
        }
        if (this.playing) this.clock = run.t;
      } else {
        const from = run.seq;
        const deadline = now + PLAY_SLICE_MS;
        const clock = () => this.host.now();
        this.clock += Math.min(dt, MAX_TICK_WALL_MS) * this.speed;
        const made = run.produceUntil(this.clock, deadline, clock);
        if (!run.advanceToTime(this.clock, MAX_STEPS_PER_TICK, false) || !made) this.clock = run.t;
        this.stopWhilePlaying(run, from);
        // The scene's look-ahead needs the events the UI's clock may reach before the next
        // message: have the engine make them now, not when the cursor gets there.
        if (this.playing)
          run.produceUntil(this.clock + this.speed * LOOKAHEAD_WALL_MS, deadline, clock);
      }
      if (run.atEnd) {
        this.playing = false;
        this.clock = run.t;
      }
      this.hashTowardCursor(run, this.host.now() + HASH_PLAY_SLICE_MS);
    } catch (e) {
      this.pauseInternal();
      this.host.post({
        type: 'error',
        ack: null,
        message: e instanceof Error ? e.message : String(e),
      });
    }
    this.scheduleFlush(FRAME_MS);
    if (this.playing) this.tickTimer = this.host.setTimer(() => this.tick(), FRAME_MS);
  }

  /** Hashes the trace toward the cursor until `deadline`, a slice of lines at a time. */
  private hashTowardCursor(run: Run, deadline: number): void {
    const hashes = run.hashes;
    while (hashes.hashedLines < run.seq && this.host.now() < deadline)
      hashes.at(Math.min(run.seq, hashes.hashedLines + HASH_SLICE_LINES));
  }

  // ---------------------------------------------------------------- prefetch

  private schedulePrefetch(): void {
    const run = this.run;
    if (!PREFETCH || this.prefetchTimer !== null || !run || this.throttled) return;
    if (run.complete && run.hashes.hashedLines >= run.events.length) return;
    this.prefetchTimer = this.host.setTimer(() => this.prefetch(), 0);
  }

  private cancelPrefetch(): void {
    if (this.prefetchTimer !== null) this.host.clearTimer(this.prefetchTimer);
    this.prefetchTimer = null;
  }

  private prefetch(): void {
    this.prefetchTimer = null;
    const run = this.run;
    if (!run || this.throttled) return;
    try {
      const deadline = this.host.now() + PREFETCH_SLICE_MS;
      while (!run.complete && this.host.now() < deadline) run.produce(run.events.length + 200);
      // Then the trace hash, ahead of the cursor: a seek or a status finds it ready.
      while (run.hashes.hashedLines < run.events.length && this.host.now() < deadline)
        run.hashes.at(Math.min(run.events.length, run.hashes.hashedLines + HASH_SLICE_LINES));
    } catch (e) {
      this.host.post({
        type: 'error',
        ack: null,
        message: e instanceof Error ? e.message : String(e),
      });
      return;
    }
    this.scheduleFlush(run.complete ? 0 : PREFETCH_STATUS_MS);
    this.schedulePrefetch();
  }

  // ---------------------------------------------------------------- updates to the UI

  private scheduleFlush(minGap: number): void {
    if (this.flushTimer !== null) return;
    const delay = Math.max(0, this.lastFlush + minGap - this.host.now());
    this.flushTimer = this.host.setTimer(() => this.flush(null), delay);
  }

  /**
   * Sends the tokens, then (not every frame while playing) the events the UI has not seen,
   * the diagram's boxes, the views and the status; `ack` answers a command.
   */
  private flush(ack: number | null): void {
    if (this.flushTimer !== null) this.host.clearTimer(this.flushTimer);
    this.flushTimer = null;
    const now = this.host.now();
    this.lastFlush = now;
    const run = this.run;
    if (run && this.scene) {
      const tokens = this.scene.tokens(run.seq, this.clock, this.speed, this.playing);
      if (tokens) this.host.post(tokens);
    }
    const paced = ack === null && this.playing;
    if (paced) {
      const busy = (run?.seq ?? 0) - this.lastDetailSeq >= BUSY_EVENTS;
      if (now - this.lastDetail < (busy ? BUSY_DETAIL_MS : PLAYING_DETAIL_MS)) return;
    }
    this.lastDetail = now;
    this.lastDetailSeq = run?.seq ?? 0;
    // One update's messages are all made first, then posted together, so that the page
    // renders them in one frame (the trace hash alone may take a while to catch up).
    const out: WorkerToUi[] = [];
    if (run) this.eventFeed.send(run, out);
    if (run?.failure && !run.failureReported) {
      run.failureReported = true;
      out.push({ type: 'error', ack: null, message: run.failure });
    }
    const status: StatusMessage = {
      type: 'status',
      ack,
      runId: run?.runId ?? null,
      seq: run?.seq ?? 0,
      t: run?.t ?? 0,
      clock: this.clock,
      eventCount: run?.events.length ?? 0,
      playing: this.playing,
      speed: this.speed,
      done: run?.atEnd ?? false,
      complete: run?.complete ?? false,
      ...(run?.capped ? { capped: true as const } : {}),
      ...(run?.gaveUp ? { gaveUp: true as const } : {}),
      traceHash: run?.traceHash ?? fnv64Hex(fnv64Start()),
      countsByType: run ? { ...run.fold.state.counts } : {},
    };
    this.instanceFeed.update(status, run);
    if (run && this.scene) out.push(this.scene.details(run.seq, this.clock));
    status.breakpointHit = this.debug.hit;
    // a command's answer has the views at once; while playing they follow less often
    this.debug.postViews((m) => out.push(m), paced);
    const refused = run?.fold.state.refused ?? NO_REFUSALS;
    if (refused !== this.sentRefused) {
      status.refused = [...refused];
      this.sentRefused = refused;
    }
    if (run?.gaveUp && this.sentStuck !== run) {
      status.stuck = stuckBuilds(run.events);
      this.sentStuck = run;
    }
    if (run && run.injections !== this.sentInjections) {
      status.injections = [...run.injections];
      this.sentInjections = run.injections;
    }
    this.persister?.touch();
    out.push(status);
    for (const m of out) this.host.post(m);
  }
}
