import type { RestEvent, ScheduleEvent } from '../engine/trace';
import type {
  SchedulerDecision,
  SchedulerHostRow,
  ServiceSeen,
  Shortfall,
} from '../protocol/views';
import { type PlacementProvider, candidatesQuery, placementAt, shortfalls } from './candidates';
import { nodenameOf } from '../engine/services/hypervisor';
import type { InspectContext } from './inspectContext';
import { naturally } from './processOrder';

const MAX_SCHEDULER_HOSTS = 60;

/**
 * What placement lacked on each host it offered no candidate on (by host), from its tables
 * when the scheduler asked it for allocation candidates: the operator need not work out which
 * class was short, nor by how much, from the inventories and allocations.
 */
function shortfallsByHost(ev: ScheduleEvent, ctx: InspectContext): Map<string, Shortfall[]> {
  const known = shortfallsOf.get(ev);
  if (known) return known;
  const out = new Map<string, Shortfall[]>();
  // the fold below reads every placement write before the decision: once per decision, not
  // at every step while the scheduler's panel is open
  shortfallsOf.set(ev, out);
  if (ev.no_capacity.length === 0 || !ev.request_id) return out;
  let asked: RestEvent | undefined;
  for (const s of ctx.index.byRequest.get(ev.request_id) ?? []) {
    if (s >= ev.seq) break;
    const e = ctx.events[s]!;
    if (
      e.type === 'rest' &&
      e.phase === 'response' &&
      e.from === 'placement-api' &&
      e.path.startsWith('/allocation_candidates')
    )
      asked = e;
  }
  if (!asked) return out;
  const { want } = candidatesQuery(asked.path);
  const byNode = new Map<string, PlacementProvider>();
  for (const p of placementAt(asked.seq, ctx.events, ctx.index.dbWrites).values())
    byNode.set(p.name, p);
  for (const host of ev.no_capacity.slice(0, MAX_SCHEDULER_HOSTS)) {
    const p = byNode.get(nodenameOf(host));
    const short = p ? shortfalls(p, want) : [];
    if (short.length > 0) out.set(host, short);
  }
  return out;
}

const shortfallsOf = new WeakMap<ScheduleEvent, Map<string, Shortfall[]>>();

/**
 * The compute service of `host` as the services table had it when the scheduler decided
 * (`ev`): forced down, or silent since its last report (its creation, with none).
 */
function serviceSeen(host: string, ev: ScheduleEvent, ctx: InspectContext): ServiceSeen | null {
  const key = `${host}/nova-compute`;
  let forcedDown: boolean | null = null;
  let lastSeen = 0;
  for (const s of ctx.index.dbWrites) {
    if (s >= ev.seq) break;
    const e = ctx.events[s]!;
    if (e.type !== 'db' || e.table !== 'services' || e.key !== key) continue;
    const f = e.fields;
    if (e.op === 'insert') {
      forcedDown = f.forced_down === true;
      lastSeen = typeof f.last_seen_ms === 'number' ? f.last_seen_ms : e.t;
    } else {
      if ('forced_down' in f) forcedDown = f.forced_down === true;
      if (typeof f.last_seen_ms === 'number') lastSeen = f.last_seen_ms;
    }
  }
  if (forcedDown === null) return null;
  return { forcedDown, heardAgoMs: ev.t - lastSeen, downAfterS: ctx.serviceDownTime ?? 60 };
}

/** The scheduler's decision as a table of hosts; with `ctx`, why placement had no room on some. */
export function schedulerDecision(ev: ScheduleEvent, ctx?: InspectContext): SchedulerDecision {
  const short = ctx ? shortfallsByHost(ev, ctx) : new Map<string, Shortfall[]>();
  const filterNames = ev.filters.map((f) => f.name);
  const weigherNames: string[] = [];
  for (const w of ev.weighed)
    for (const n of Object.keys(w.weights)) if (!weigherNames.includes(n)) weigherNames.push(n);
  const rows = new Map<string, SchedulerHostRow>();
  const row = (host: string): SchedulerHostRow => {
    let r = rows.get(host);
    if (!r) {
      r = {
        host,
        filters: filterNames.map(() => ({ result: 'pass' as const })),
        noCapacity: false,
        shortfalls: [],
        weight: null,
        weights: null,
        role: null,
      };
      rows.set(host, r);
    }
    return r;
  };
  ev.filters.forEach((f, i) => {
    for (const rej of f.rejected) {
      const r = row(rej.host);
      const service = f.name === 'ComputeFilter' && ctx ? serviceSeen(rej.host, ev, ctx) : null;
      r.filters[i] = { result: 'fail', reason: rej.reason, ...(service ? { service } : {}) };
      for (let j = i + 1; j < filterNames.length; j++) r.filters[j] = { result: 'skipped' };
    }
  });
  for (const w of ev.weighed) {
    const r = row(w.host);
    r.weight = w.weight;
    r.weights = w.weights;
  }
  if (ev.chosen) row(ev.chosen).role = 'chosen';
  for (const a of ev.alternates) row(a).role = 'alternate';
  for (const h of ev.no_capacity) {
    const r = row(h);
    r.noCapacity = true;
    r.shortfalls = short.get(h) ?? [];
    r.filters = filterNames.map(() => ({ result: 'skipped' as const }));
  }
  const roleRank = (r: SchedulerHostRow) =>
    r.role === 'chosen' ? 0 : r.role === 'alternate' ? 1 : 2;
  const failedAt = (r: SchedulerHostRow) => {
    const i = r.filters.findIndex((f) => f.result === 'fail');
    return r.noCapacity ? filterNames.length + 1 : i < 0 ? -1 : i;
  };
  const hosts = [...rows.values()].sort(
    (a, b) =>
      roleRank(a) - roleRank(b) ||
      failedAt(a) - failedAt(b) ||
      (b.weight ?? -Infinity) - (a.weight ?? -Infinity) ||
      naturally.compare(a.host, b.host),
  );
  const passed = ev.filters.length
    ? ev.filters[ev.filters.length - 1]!.remaining
    : ev.candidate_count;
  return {
    seq: ev.seq,
    t: ev.t,
    request_id: ev.request_id ?? null,
    instance: ev.instance ?? null,
    candidate_count: ev.candidate_count,
    filterNames,
    remaining: ev.filters.map((f) => f.remaining),
    weigherNames,
    hosts: hosts.slice(0, MAX_SCHEDULER_HOSTS),
    unlisted:
      Math.max(0, passed - ev.weighed.length) + Math.max(0, hosts.length - MAX_SCHEDULER_HOSTS),
    chosen: ev.chosen,
    alternates: ev.alternates,
  };
}
