import type { PlacementDb } from '../db/schema';
import type { HostSpec, SimConfig } from '../scenario';
import type { World } from '../world';
import type { PlainServer, RestRequest, RestResponse } from './rest';
import type { Zones } from './zones';
import { nodenameOf } from './hypervisor';

export type Resources = { VCPU: number; MEMORY_MB: number; DISK_GB: number };
const CLASSES = ['VCPU', 'MEMORY_MB', 'DISK_GB'] as const;

export interface Provider {
  /** position in `providers`, the index of its columns */
  index: number;
  uuid: string;
  /** the compute node's name (nodenameOf): the provider's name in placement */
  name: string;
  /** the host whose nova-compute reports it */
  host: string;
  generation: number;
  /** capacity = (total - reserved) * allocation_ratio, per class */
  capacity: Resources;
  /** the most one allocation may take of a class: the inventory's max_unit (its total) */
  maxUnit: Resources;
  used: Resources;
  /** the aggregate of its host's availability zone, if not the default zone */
  aggregate: string | null;
}

/** reserved_host_memory_mb's default: placement never offers it to instances */
export const RESERVED_HOST_MEMORY_MB = 512;

/**
 * The placement service: resource providers (one per compute node), their inventories with
 * allocation ratios, and allocations by consumer (instance uuid).
 */
export class Placement {
  readonly providers: Provider[] = [];
  private byUuid = new Map<string, Provider>();
  /**
   * consumer → its allocations, as GET /allocations/{consumer} answers them. Made when they
   * are written and never changed after (a PUT makes new ones): a claim's tracker update
   * reads every consumer on its host, and each answer is this same body.
   */
  readonly allocations = new Map<string, ConsumerAllocations>();
  /**
   * The same bodies by their GET path, `/allocations/{consumer}`. A claim's tracker update reads
   * every consumer on its host through a path string nova-compute keeps, so this lookup hashes
   * that string once, where slicing the consumer out of the path made a fresh string to hash
   * (a runtime call) for each of a dozen reads a boot.
   */
  private readonly byPath = new Map<string, ConsumerAllocations>();
  /**
   * consumer → the path `byPath` has its allocations under (pathOf): nova-compute asks with
   * that same string, which a lookup then finds without comparing its characters.
   */
  private readonly paths = new Map<string, string>();
  /**
   * GET /resource_providers/{uuid}/allocations's provider by the path, which each
   * nova-compute makes once: not split and its uuid hashed again at every claim.
   */
  private readonly providerPaths = new Map<string, Provider>();
  /**
   * provider → its consumers, in the order they were allocated, with what each holds there
   * (the entry of its `allocations` body): nova-compute reads a provider's allocations at
   * every resource tracker update, and a big cloud has thousands of consumers on other
   * providers
   */
  private readonly consumersOf = new Map<string, Map<string, { readonly resources: Resources }>>();
  private generations = new Map<string, number>();
  /**
   * Usage and capacity per provider as columns (VCPU, MEMORY_MB, DISK_GB): allocation
   * candidates scan every provider for every request, and columns keep that scan in cache.
   */
  private readonly usedCols: [number[], number[], number[]] = [[], [], []];
  private readonly capCols: [number[], number[], number[]] = [[], [], []];
  private readonly maxCols: [number[], number[], number[]] = [[], [], []];
  private fitScratch = new Int32Array(0);
  /** allocation candidates queries as read: a cloud's requests ask a handful of distinct ones */
  private readonly queries = new Map<string, CandidatesQuery>();
  /**
   * The same queries by their whole path: the scheduler asks with a path it made once
   * (Scheduler.candidatesPath), whose hash that string keeps, where the query sliced out of
   * it was a new string of some 150 characters to hash at every request.
   */
  private readonly queriesByPath = new Map<string, CandidatesQuery>();
  /**
   * the queries' answers kept, each told which providers' usage changed since. A set: an
   * array's first push in a run changed its elements kind, and candidatesFor, compiled on the
   * previous run's array, was thrown away on every run
   */
  private readonly answers = new Set<KeptCandidates>();

  constructor(
    private readonly world: World,
    private readonly db: PlacementDb,
    private readonly config: SimConfig,
    private readonly zones: Zones,
  ) {}

  /** nova-compute's resource tracker registering its node (done before the run starts). */
  addProvider(uuid: string, host: HostSpec): void {
    const c = this.config;
    const inv = {
      VCPU: { total: host.vcpus, reserved: 0, ratio: c.cpu_allocation_ratio },
      MEMORY_MB: {
        total: host.memory_mb,
        reserved: RESERVED_HOST_MEMORY_MB,
        ratio: c.ram_allocation_ratio,
      },
      DISK_GB: { total: host.disk_gb, reserved: 0, ratio: c.disk_allocation_ratio },
    };
    const p: Provider = {
      index: this.providers.length,
      uuid,
      name: nodenameOf(host.name),
      host: host.name,
      generation: 1,
      capacity: {
        VCPU: Math.floor((inv.VCPU.total - inv.VCPU.reserved) * inv.VCPU.ratio),
        MEMORY_MB: Math.floor((inv.MEMORY_MB.total - inv.MEMORY_MB.reserved) * inv.MEMORY_MB.ratio),
        DISK_GB: Math.floor((inv.DISK_GB.total - inv.DISK_GB.reserved) * inv.DISK_GB.ratio),
      },
      // the resource tracker's inventory: max_unit is the node's total of each class
      maxUnit: { VCPU: host.vcpus, MEMORY_MB: host.memory_mb, DISK_GB: host.disk_gb },
      used: { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 },
      aggregate: this.zones.aggregate(host.az),
    };
    this.providers.push(p);
    this.byUuid.set(uuid, p);
    CLASSES.forEach((rc, k) => {
      this.usedCols[k]!.push(0);
      this.capCols[k]!.push(p.capacity[rc]);
      this.maxCols[k]!.push(p.maxUnit[rc]);
    });
    const by = { by: 'placement-api' };
    this.db.resource_providers.insert(by, {
      uuid,
      name: p.name,
      generation: 1,
      root_provider_uuid: uuid,
    });
    for (const rc of CLASSES) {
      const i = inv[rc];
      this.db.inventories.insert(by, {
        resource_provider: uuid,
        resource_class: rc,
        total: i.total,
        reserved: i.reserved,
        min_unit: 1,
        max_unit: p.maxUnit[rc],
        step_size: 1,
        allocation_ratio: i.ratio,
      });
    }
  }

  provider(uuid: string): Provider | undefined {
    return this.byUuid.get(uuid);
  }

  /**
   * GET /allocation_candidates: the providers able to take `want` now (limit 1000), and the
   * rest; with `memberOf`, only the providers of that aggregate are asked about.
   */
  candidates(want: Resources, memberOf: string | null = null): CandidateResult {
    return this.scan(want, memberOf, null);
  }

  /**
   * A query's candidates, from its last answer when no provider whose usage changed since
   * has come to fit or stopped fitting: the answer depends on that alone, and a request
   * changes one provider's usage, where the scan goes over every provider.
   */
  private candidatesFor(q: CandidatesQuery): CandidateResult {
    const kept = q.kept;
    if (kept !== null) {
      let same = kept.providers === this.providers.length;
      for (let k = 0; same && k < kept.changed.length; k++) {
        const i = kept.changed[k]!;
        same = this.fitsAt(i, q.want, q.memberOf) === (kept.fits[i] === 1);
      }
      kept.changed.length = 0;
      if (same) return kept.result;
      this.answers.delete(kept);
    }
    const fits = new Uint8Array(this.providers.length);
    const result = this.scan(q.want, q.memberOf, fits);
    q.kept = { result, fits, providers: this.providers.length, changed: [] };
    this.answers.add(q.kept);
    return result;
  }

  /**
   * Whether provider `i` (of `memberOf`'s aggregate, if given) can take `want` now: each
   * class fits on top of what is used, and no class asks more than its max_unit (a flavor
   * bigger than the host's own CPUs or memory never fits, whatever the allocation ratio).
   */
  private fitsAt(i: number, want: Resources, memberOf: string | null): boolean {
    const [uv, um, ud] = this.usedCols;
    const [cv, cm, cd] = this.capCols;
    const [mv, mm, md] = this.maxCols;
    return (
      (memberOf === null || this.providers[i]!.aggregate === memberOf) &&
      uv[i]! + want.VCPU <= cv[i]! &&
      um[i]! + want.MEMORY_MB <= cm[i]! &&
      ud[i]! + want.DISK_GB <= cd[i]! &&
      want.VCPU <= mv[i]! &&
      want.MEMORY_MB <= mm[i]! &&
      want.DISK_GB <= md[i]!
    );
  }

  /** Every provider asked about `want`; `fits`, when given, gets whether each fits. */
  private scan(want: Resources, memberOf: string | null, fits: Uint8Array | null): CandidateResult {
    const unfit: string[] = [];
    const n = this.providers.length;
    // the fit are gathered in a scratch column and copied out once, at their number: a growing
    // array of a thousand hosts for every request was over a tenth of what the engine allocated
    if (this.fitScratch.length < n) this.fitScratch = new Int32Array(n);
    const scratch = this.fitScratch;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (memberOf !== null && this.providers[i]!.aggregate !== memberOf) continue;
      const fit = this.fitsAt(i, want, null);
      if (fits !== null && fit) fits[i] = 1;
      if (fit && count < 1000) scratch[count++] = i;
      else unfit.push(this.providers[i]!.host);
    }
    return { fit: scratch.slice(0, count), unfit };
  }

  private addUsage(p: Provider, r: Resources, sign: 1 | -1): void {
    CLASSES.forEach((rc, k) => {
      p.used[rc] += sign * r[rc];
      this.usedCols[k]![p.index] = p.used[rc];
    });
    for (const kept of this.answers) {
      // a list longer than a scan is worth: the next request scans again
      if (kept.changed.length < kept.providers) kept.changed.push(p.index);
      else kept.providers = -1;
    }
  }

  /**
   * The service itself, with its work and answer on the prototype: arrow functions made for
   * each run lost their optimized code at every full collection that found their run gone.
   */
  readonly handle: PlainServer = this;

  work(): number {
    return this.world.work('placement-api', 3);
  }

  answer(req: RestRequest): RestResponse {
    // GET /allocations/{consumer} first, unsplit: a claim's tracker update asks it for every
    // consumer on its host
    const full = req.path;
    if (req.method === 'GET' && full.startsWith(ALLOCATIONS)) {
      const held = this.byPath.get(full);
      if (held !== undefined) return { status: 200, body: held };
    }
    if (req.method === 'GET') {
      const asked = this.queriesByPath.get(full);
      if (asked !== undefined)
        return { status: 200, body: this.candidatesFor(asked), internal: true };
      const provider = this.providerPaths.get(full);
      if (provider !== undefined) return this.providerAllocations(provider);
    }
    const q = full.indexOf('?');
    const path = q < 0 ? full : full.slice(0, q);
    if (
      req.method === 'GET' &&
      q < 0 &&
      path.length > ALLOCATIONS.length &&
      path.startsWith(ALLOCATIONS)
    )
      return { status: 200, body: this.allocationsBody(path.slice(ALLOCATIONS.length)) };
    const parts = path.startsWith(ALLOCATIONS)
      ? ['allocations', path.slice(ALLOCATIONS.length)]
      : path.split('/').filter(Boolean);
    if (req.method === 'GET' && parts[0] === 'allocation_candidates') {
      const query = q < 0 ? '' : full.slice(q + 1);
      let asked = this.queries.get(query);
      if (asked === undefined) {
        const member = queryParam(query, 'member_of');
        asked = {
          want: parseResources(queryParam(query, 'resources')),
          memberOf: member.startsWith('in:') ? member.slice(3) : null,
          kept: null,
        };
        this.queries.set(query, asked);
      }
      this.queriesByPath.set(full, asked);
      // the scheduler gets the providers as they are; the trace gets no body (see `internal`)
      return { status: 200, body: this.candidatesFor(asked), internal: true };
    }
    if (parts[0] === 'allocations' && parts[1]) {
      const consumer = parts[1];
      if (req.method === 'GET') return { status: 200, body: this.allocationsBody(consumer) };
      if (req.method === 'PUT') return this.put(consumer, req.body as AllocationBody, req, path);
      if (req.method === 'DELETE') {
        if (!this.allocations.has(consumer)) return { status: 404 };
        this.remove(consumer, req);
        return { status: 204 };
      }
    }
    if (req.method === 'GET' && parts[0] === 'resource_providers' && parts[2] === 'allocations') {
      const p = this.byUuid.get(parts[1]!);
      if (!p) return { status: 404 };
      if (q < 0 && parts.length === 3) this.providerPaths.set(full, p);
      return this.providerAllocations(p);
    }
    return { status: 404 };
  }

  /** GET /resource_providers/{uuid}/allocations: the provider's allocations by consumer. */
  private providerAllocations(p: Provider): RestResponse {
    const allocations: Record<string, { resources: Resources }> = {};
    // forEach: no entry array per consumer
    this.consumersOf.get(p.uuid)?.forEach((held, consumer) => {
      allocations[consumer] = held;
    });
    return { status: 200, body: { allocations, resource_provider_generation: p.generation } };
  }

  /** The path GET /allocations/{consumer} finds the consumer's allocations under, if it has any. */
  pathOf(consumer: string): string | undefined {
    return this.paths.get(consumer);
  }

  private allocationsBody(consumer: string): ConsumerAllocations {
    return this.allocations.get(consumer) ?? { allocations: {} };
  }

  /** PUT /allocations/{consumer}, its `path` without a query. */
  private put(
    consumer: string,
    body: AllocationBody,
    req: RestRequest,
    path: string,
  ): RestResponse {
    const gen = this.generations.get(consumer) ?? null;
    if (body.consumer_generation !== gen) {
      return {
        status: 409,
        body: { errors: [{ code: 'placement.concurrent_update', title: 'Conflict' }] },
      };
    }
    const prior = this.allocations.get(consumer);
    for (const [rp, a] of Object.entries(body.allocations)) {
      const p = this.byUuid.get(rp);
      const already = prior?.allocations[rp]?.resources;
      if (!p) return { status: 400 };
      const extra: Resources = {
        VCPU: a.resources.VCPU - (already?.VCPU ?? 0),
        MEMORY_MB: a.resources.MEMORY_MB - (already?.MEMORY_MB ?? 0),
        DISK_GB: a.resources.DISK_GB - (already?.DISK_GB ?? 0),
      };
      // AllocationList._check_capacity_exceeded: min_unit, max_unit and step_size first,
      // then the capacity; the handler answers either InvalidInventory with a 409
      for (const rc of CLASSES) {
        const amount = a.resources[rc];
        if (amount <= 0) continue;
        const why =
          amount > p.maxUnit[rc]
            ? 'would violate inventory constraints'
            : p.used[rc] + extra[rc] > p.capacity[rc]
              ? 'would exceed the capacity'
              : null;
        if (why !== null)
          return {
            status: 409,
            body: {
              errors: [
                {
                  code: 'placement.undefined_code',
                  title: 'Conflict',
                  detail: `Unable to allocate inventory: Unable to create allocation for '${rc}' on resource provider '${rp}'. The requested amount ${why}.`,
                },
              ],
            },
          };
      }
    }
    if (prior) {
      this.remove(consumer, req);
    }
    const m: ConsumerAllocations['allocations'] = {};
    for (const [rp, a] of Object.entries(body.allocations)) {
      const p = this.byUuid.get(rp)!;
      const held = { resources: a.resources };
      m[rp] = held;
      let consumers = this.consumersOf.get(rp);
      if (!consumers) this.consumersOf.set(rp, (consumers = new Map()));
      consumers.set(consumer, held);
      this.addUsage(p, a.resources, 1);
      for (const rc of CLASSES) {
        if (a.resources[rc] > 0) {
          this.db.allocations.insert(
            { by: 'placement-api', request_id: req.request_id, instance: consumer },
            {
              consumer_id: consumer,
              resource_provider: rp,
              resource_class: rc,
              used: a.resources[rc],
            },
          );
        }
      }
      p.generation++;
    }
    const written: ConsumerAllocations = { allocations: m };
    this.allocations.set(consumer, written);
    // the request's own path: the GET before it (claim_resources) has hashed it already
    this.byPath.set(path, written);
    this.paths.set(consumer, path);
    this.generations.set(consumer, (gen ?? 0) + 1);
    return { status: 204 };
  }

  private remove(consumer: string, req: RestRequest): void {
    const m = this.allocations.get(consumer);
    if (!m) return;
    for (const rp in m.allocations) {
      const r = m.allocations[rp]!.resources;
      const p = this.byUuid.get(rp)!;
      this.consumersOf.get(rp)?.delete(consumer);
      this.addUsage(p, r, -1);
      for (const rc of CLASSES) {
        if (r[rc] > 0)
          this.db.allocations.delete(
            { by: 'placement-api', request_id: req.request_id, instance: consumer },
            [consumer, '/', rp, '/', rc].join(''),
          );
      }
      p.generation++;
    }
    // a consumer with no allocations left is gone: its next claim starts from generation null
    this.allocations.delete(consumer);
    const path = this.paths.get(consumer);
    if (path !== undefined) {
      this.byPath.delete(path);
      this.paths.delete(consumer);
    }
    this.generations.delete(consumer);
  }

  consumerGeneration(consumer: string): number | null {
    return this.generations.get(consumer) ?? null;
  }
}

/**
 * An answer to GET /allocation_candidates. Kept and given again to the requests that ask the
 * same while it holds: read only.
 */
export interface CandidateResult {
  /** indices into `Placement.providers`, in provider order */
  readonly fit: Int32Array;
  /** names of providers without room: the scheduler never sees them */
  readonly unfit: readonly string[];
}

interface CandidatesQuery {
  want: Resources;
  memberOf: string | null;
  kept: KeptCandidates | null;
}

interface KeptCandidates {
  result: CandidateResult;
  /** 1 where the provider fitted (and was asked about) when `result` was worked out */
  fits: Uint8Array;
  /** how many providers there were then; -1 once too many have changed to check them */
  providers: number;
  /** providers whose usage changed since */
  changed: number[];
}

/** A consumer's allocations by provider: GET /allocations/{consumer}'s body. Read only. */
export interface ConsumerAllocations {
  readonly allocations: Record<string, { readonly resources: Resources }>;
}

export interface AllocationBody {
  allocations: Record<string, { resources: Resources }>;
  /** request group suffix → providers (placement 1.34+); "" is the unnamed group */
  mappings?: Record<string, string[]>;
  consumer_generation: number | null;
  project_id: string;
  user_id: string;
}

const ALLOCATIONS = '/allocations/';

/** GET /allocations/{consumer}'s path, flat: placement reads it, where a template is a rope. */
export const allocationsPath = (consumer: string): string => [ALLOCATIONS, consumer].join('');

/** One parameter of a query string; URLSearchParams costs more than the whole request. */
function queryParam(query: string, name: string): string {
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq >= 0 && pair.slice(0, eq) === name)
      return decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
  }
  return '';
}

function parseResources(s: string): Resources {
  const r: Resources = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 };
  for (const part of s.split(',')) {
    const [k, v] = part.split(':');
    if (k === 'VCPU' || k === 'MEMORY_MB' || k === 'DISK_GB') r[k] = Number(v);
  }
  return r;
}

/**
 * The query string nova-scheduler sends, byte for byte as in the reference recording:
 * ResourceRequest.to_querystring, its parameters sorted; a requested zone's aggregate (the
 * map_az_to_placement_aggregate request filter) is `member_of=in:<uuid>`.
 */
export function allocationCandidatesPath(want: Resources, aggregate: string | null = null): string {
  const res = `DISK_GB%3A${want.DISK_GB}%2CMEMORY_MB%3A${want.MEMORY_MB}%2CVCPU%3A${want.VCPU}`;
  const member = aggregate === null ? '' : `&member_of=in%3A${aggregate}`;
  return `/allocation_candidates?limit=1000${member}&resources=${res}&root_required=%21COMPUTE_STATUS_DISABLED`;
}
