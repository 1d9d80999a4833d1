import type { DbEvent, RestEvent, TraceEvent } from '../engine/trace';
import type { Shortfall } from '../protocol/views';
import { countBelow } from './traceIndex';

/** How many candidates the inspector shows of a response that may hold a thousand. */
export const CANDIDATES_SHOWN = 50;

const CLASSES = ['VCPU', 'MEMORY_MB', 'DISK_GB'] as const;
type ResourceClass = (typeof CLASSES)[number];

/** Nova asks for at most this many (CONF.scheduler.max_placement_results). */
const LIMIT = 1000;

/**
 * A GET /allocation_candidates response whose body the trace left out: placement answers
 * with one candidate per host that has room, a thousand hosts' worth, so the engine keeps
 * it to itself and the worker rebuilds it when someone opens the response.
 */
export function isRebuiltCandidates(ev: RestEvent): boolean {
  return (
    ev.phase === 'response' &&
    ev.from === 'placement-api' &&
    ev.method === 'GET' &&
    ev.status === 200 &&
    ev.body === undefined &&
    ev.path.startsWith('/allocation_candidates')
  );
}

export interface RebuiltCandidates {
  /** placement 1.36's body: the first CANDIDATES_SHOWN candidates of it */
  body: {
    allocation_requests: unknown[];
    provider_summaries: Record<string, unknown>;
  };
  /** the candidates placement returned */
  total: number;
  shown: number;
}

interface Inventory {
  total: number;
  reserved: number;
  ratio: number;
  /** the most one allocation may take */
  maxUnit: number;
}

export interface PlacementProvider {
  name: string;
  inventory: Partial<Record<ResourceClass, Inventory>>;
  used: Record<ResourceClass, number>;
}

/** A resource request as GET /allocation_candidates asks it (`resources=DISK_GB:1,…`). */
export type Wanted = Partial<Record<ResourceClass, number>>;

/** The resources and the aggregate a GET /allocation_candidates path asks for. */
export function candidatesQuery(path: string): { want: Wanted; aggregate: string | null } {
  const query = new URLSearchParams(path.slice(path.indexOf('?') + 1));
  const want: Wanted = {};
  for (const part of (query.get('resources') ?? '').split(',')) {
    const [rc, n] = part.split(':');
    if ((CLASSES as readonly string[]).includes(rc!)) want[rc as ResourceClass] = Number(n);
  }
  const member = query.get('member_of');
  return { want, aggregate: member?.startsWith('in:') ? member.slice(3) : null };
}

/**
 * The placement tables as the trace wrote them before event `seq`: the resource providers,
 * in the order they were created, with their inventories and what their allocations use.
 */
export function placementAt(
  seq: number,
  events: readonly TraceEvent[],
  dbWrites: readonly number[],
): Map<string, PlacementProvider> {
  const providers = new Map<string, PlacementProvider>();
  const allocations = new Map<string, { rp: string; rc: ResourceClass; used: number }>();
  for (let i = 0, n = countBelow(dbWrites, seq); i < n; i++) {
    const ev = events[dbWrites[i]!] as DbEvent;
    if (ev.database !== 'placement') continue;
    const f = ev.fields;
    if (ev.table === 'resource_providers' && ev.op === 'insert') {
      providers.set(ev.key, {
        name: String(f.name),
        inventory: {},
        used: { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 },
      });
    } else if (ev.table === 'inventories' && ev.op !== 'delete') {
      const p = providers.get(String(f.resource_provider ?? ev.key.split('/')[0]));
      const rc = (f.resource_class ?? ev.key.split('/')[1]) as ResourceClass;
      const old = p?.inventory[rc];
      if (p) {
        const total = Number(f.total ?? old?.total ?? 0);
        p.inventory[rc] = {
          total,
          reserved: Number(f.reserved ?? old?.reserved ?? 0),
          ratio: Number(f.allocation_ratio ?? old?.ratio ?? 1),
          maxUnit: Number(f.max_unit ?? old?.maxUnit ?? total),
        };
      }
    } else if (ev.table === 'allocations') {
      if (ev.op === 'insert') {
        const row = {
          rp: String(f.resource_provider),
          rc: f.resource_class as ResourceClass,
          used: Number(f.used),
        };
        allocations.set(ev.key, row);
        const p = providers.get(row.rp);
        if (p && row.rc in p.used) p.used[row.rc] += row.used;
      } else if (ev.op === 'delete') {
        const row = allocations.get(ev.key);
        allocations.delete(ev.key);
        const p = row && providers.get(row.rp);
        if (p && row) p.used[row.rc] -= row.used;
      }
    }
  }
  return providers;
}

/** (total − reserved) × allocation_ratio of a class; none without an inventory of it. */
const capacity = (p: PlacementProvider, rc: ResourceClass) => {
  const inv = p.inventory[rc];
  return inv ? Math.floor((inv.total - inv.reserved) * inv.ratio) : 0;
};

/**
 * Why placement offers no candidate on `p` for `want`: each class asked (in the order VCPU,
 * MEMORY_MB, DISK_GB) for more than one allocation may take (its max_unit), or more than is
 * free of its capacity. All of them: an operator who fixed the first alone would still get
 * NoValidHost. Empty when it fits.
 */
export function shortfalls(p: PlacementProvider, want: Wanted): Shortfall[] {
  const out: Shortfall[] = [];
  for (const rc of CLASSES) {
    const asked = want[rc] ?? 0;
    if (asked <= 0) continue;
    const inv = p.inventory[rc];
    const cap = capacity(p, rc);
    if (inv && asked > inv.maxUnit) out.push({ rc, asked, maxUnit: inv.maxUnit });
    else if (p.used[rc] + asked > cap) out.push({ rc, asked, free: Math.max(0, cap - p.used[rc]) });
  }
  return out;
}

/**
 * The body placement gave `response`, from the placement tables as the trace wrote them up
 * to it: a provider is a candidate when every class asked for fits its capacity
 * ((total − reserved) × allocation_ratio) on top of what is used and its max_unit, and, with
 * `member_of`, when it is in that aggregate (`aggregateOf`, by the provider's name).
 * Placement's own order: the providers as they were created.
 */
export function rebuildCandidates(
  response: RestEvent,
  events: readonly TraceEvent[],
  dbWrites: readonly number[],
  aggregateOf: (node: string) => string | null,
): RebuiltCandidates {
  const { want, aggregate } = candidatesQuery(response.path);
  const providers = placementAt(response.seq, events, dbWrites);
  const fit: string[] = [];
  for (const [uuid, p] of providers) {
    if (aggregate !== null && aggregateOf(p.name) !== aggregate) continue;
    if (fit.length >= LIMIT) break;
    if (shortfalls(p, want).length === 0) fit.push(uuid);
  }
  const shown = fit.slice(0, CANDIDATES_SHOWN);
  const summaries: Record<string, unknown> = {};
  for (const uuid of shown) {
    const p = providers.get(uuid)!;
    const resources: Record<string, { capacity: number; used: number }> = {};
    for (const rc of CLASSES)
      if (p.inventory[rc]) resources[rc] = { capacity: capacity(p, rc), used: p.used[rc] };
    summaries[uuid] = {
      resources,
      traits: [],
      parent_provider_uuid: null,
      root_provider_uuid: uuid,
    };
  }
  return {
    body: {
      allocation_requests: shown.map((uuid) => ({
        allocations: { [uuid]: { resources: want } },
        mappings: { '': [uuid] },
      })),
      provider_summaries: summaries,
    },
    total: fit.length,
    shown: shown.length,
  };
}
