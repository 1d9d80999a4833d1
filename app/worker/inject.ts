import type { Injection } from '../engine/api';
import type { FaultSpec, ResolvedScenario } from '../engine/scenario';
import {
  DROP_TOPICS,
  MAX_LAUNCH_COUNT,
  MAX_LAUNCH_DELAY_SECONDS,
  MAX_OUTAGE_SECONDS,
  type UserAction,
} from '../protocol/messages';

/**
 * User actions (the launch form, the fault buttons) become engine injections stamped with a
 * virtual time. A run is its scenario plus the list of injections, replayed the same way
 * every time (applyInjections), so step-back, reload and share links give the same trace.
 */

/** What an engine must offer to take injections. */
export interface Injectable {
  runUntil(t: number): void;
  inject(i: Injection): void;
}

/**
 * The virtual time an action taken now is stamped with: strictly after every event before
 * the cursor (and after the play clock), so the trace up to the cursor cannot change.
 * Virtual times are whole milliseconds.
 */
export function injectionTime(lastEventT: number, clock: number): number {
  return Math.floor(Math.max(lastEventT, clock)) + 1;
}

/**
 * Replays injections into a fresh engine, always the same way: run every action before the
 * injection's time, then inject. The engine's state before `at` is thus the same as in the
 * run without it, and the trace before `at` byte-identical.
 */
export function applyInjections(engine: Injectable, injections: readonly Injection[]): void {
  for (const i of injections) {
    engine.runUntil(i.at - 0.5);
    engine.inject(i);
  }
}

/**
 * The injections of the new branch: the ones up to `next.at` stay, later ones are dropped
 * (the user went back in time and did something else), then `next`.
 */
export function branchInjections(injections: readonly Injection[], next: Injection): Injection[] {
  return [...injections.filter((i) => i.at <= next.at), next];
}

export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

const hostOf = (scenario: ResolvedScenario, host: unknown): string => {
  if (typeof host !== 'string' || !scenario.cloud.hosts.some((h) => h.name === host))
    throw new ActionError(`no host named ${JSON.stringify(host)} in this scenario`);
  return host;
};

/**
 * When nova-compute on `host` is stopped by `at`, by the scenario or by an action taken
 * before: the virtual ms it stopped at, or null while it runs.
 */
export function computeStoppedAt(
  scenario: ResolvedScenario,
  injections: readonly Injection[],
  host: string,
  at: number,
): number | null {
  const stops = [
    ...scenario.faults,
    ...injections.flatMap((i) => (i.kind === 'fault' ? [i.fault] : [])),
  ].flatMap((f) => (f.kind === 'service-down' && f.host === host && f.at <= at ? [f.at] : []));
  return stops.length > 0 ? Math.min(...stops) : null;
}

/**
 * Turns what the UI asked for into an injection at `at`, checked against the scenario; a new
 * action (`injections`: the run's so far) also against what the run did before it. Saved runs
 * and share links are taken as they were made.
 */
export function toInjection(
  action: UserAction,
  at: number,
  scenario: ResolvedScenario,
  injections?: readonly Injection[],
): Injection {
  const fault = (f: FaultSpec): Injection => ({ kind: 'fault', at, fault: f });
  switch (action.kind) {
    case 'launch': {
      const name = typeof action.name === 'string' ? action.name.trim() : '';
      if (name.length === 0 || name.length > 255)
        throw new ActionError('a server name has 1 to 255 characters');
      if (!scenario.cloud.flavors.some((f) => f.id === action.flavorRef))
        throw new ActionError(`no flavor ${JSON.stringify(action.flavorRef)} in this scenario`);
      if (typeof action.imageRef !== 'string' || action.imageRef.length === 0)
        throw new ActionError('an image is needed');
      const count = action.count;
      if (!Number.isInteger(count) || count < 1 || count > MAX_LAUNCH_COUNT)
        throw new ActionError(`count is a whole number from 1 to ${MAX_LAUNCH_COUNT}`);
      if (action.networks !== 'none' && action.networks !== 'auto')
        throw new ActionError('networks is "none" or "auto"');
      const wait = action.afterSeconds ?? 0;
      if (!Number.isInteger(wait) || wait < 0 || wait > MAX_LAUNCH_DELAY_SECONDS)
        throw new ActionError(
          `a launch waits a whole number of seconds from 0 to ${MAX_LAUNCH_DELAY_SECONDS}`,
        );
      return {
        kind: 'boot',
        at,
        ...(wait > 0 ? { after: wait * 1000 } : {}),
        request: {
          name,
          flavorRef: action.flavorRef,
          imageRef: action.imageRef,
          min_count: count,
          max_count: count,
          networks: action.networks,
        },
      };
    }
    case 'stop-compute':
    case 'spawn-fails': {
      const host = hostOf(scenario, action.host);
      const stopped = injections ? computeStoppedAt(scenario, injections, host, at) : null;
      // a second stop would change nothing; a spawn fault there would wait for ever, unsaid
      if (stopped !== null)
        throw new ActionError(
          action.kind === 'stop-compute'
            ? `nova-compute on ${host} is already stopped (since ${stopped / 1000} s)`
            : `nova-compute on ${host} is stopped (since ${stopped / 1000} s): no spawn will happen there to fail`,
        );
      return action.kind === 'stop-compute'
        ? fault({ kind: 'service-down', host, at })
        : fault({ kind: 'spawn-fails', host, times: 1, at });
    }
    case 'drop-message':
      if (!(DROP_TOPICS as readonly string[]).includes(action.topic))
        throw new ActionError(`topic is one of ${DROP_TOPICS.join(', ')}`);
      return fault({ kind: 'message-drop', topic: action.topic, times: 1, at });
    case 'broker-down': {
      const s = action.seconds;
      if (!Number.isInteger(s) || s < 1 || s > MAX_OUTAGE_SECONDS)
        throw new ActionError(`an outage lasts 1 to ${MAX_OUTAGE_SECONDS} seconds`);
      return fault({ kind: 'broker-down', at, for: s * 1000 });
    }
    default: {
      const never: never = action;
      throw new ActionError(`unknown action ${JSON.stringify(never)}`);
    }
  }
}

/** Checks injections that came from outside (storage, share links) before replaying them. */
export function checkInjections(value: unknown, scenario: ResolvedScenario): Injection[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ActionError('injections is not a list');
  let last = 0;
  return value.map((v: unknown, k) => {
    const i = v as Partial<Injection> | null;
    if (
      typeof i !== 'object' ||
      i === null ||
      typeof i.at !== 'number' ||
      !Number.isInteger(i.at) ||
      i.at < last
    )
      throw new ActionError(`injections[${k}]: no whole, non-decreasing virtual time`);
    last = i.at;
    if (i.kind === 'boot' && typeof i.request === 'object' && i.request !== null) {
      const r = i.request;
      const count = r.max_count;
      const networks = r.networks;
      return toInjection(
        {
          kind: 'launch',
          name: r.name,
          flavorRef: r.flavorRef,
          imageRef: r.imageRef,
          count,
          networks: networks === 'auto' ? 'auto' : 'none',
          ...(i.after !== undefined ? { afterSeconds: i.after / 1000 } : {}),
        },
        i.at,
        scenario,
      );
    }
    if (i.kind === 'fault' && typeof i.fault === 'object' && i.fault !== null) {
      const f = i.fault;
      switch (f.kind) {
        case 'service-down':
          return toInjection({ kind: 'stop-compute', host: f.host }, i.at, scenario);
        case 'spawn-fails':
          return toInjection({ kind: 'spawn-fails', host: f.host }, i.at, scenario);
        case 'message-drop':
          return toInjection({ kind: 'drop-message', topic: f.topic as never }, i.at, scenario);
        case 'broker-down':
          return toInjection({ kind: 'broker-down', seconds: f.for / 1000 }, i.at, scenario);
        default:
          break;
      }
    }
    throw new ActionError(`injections[${k}]: not a launch or a fault this page can make`);
  });
}
