import { spawn, type Proc } from '../kernel/coroutine';
import type { Incoming, RpcAgent } from '../mq/rpc';
import type { FilterResult, ScheduleEvent } from '../trace';
import type { FlavorSpec } from '../scenario';
import type { World } from '../world';
import type { Cloud } from './cloud';
import { NOT_ENOUGH_HOSTS, novaFailure, SCHEDULER_FRAMES } from './faults';
import { claimResources } from './claimResources';
import { HostStates } from './hostStates';
import { asSelection, type BootSpec, type Selection } from './model';
import { publish } from './notifier';
import { allocationCandidatesPath, type CandidateResult, type Resources } from './placement';
import type { RestResponse } from './rest';
import { requestSpecPayload } from './requestSpecPayload';

/** What a filter may read besides the host: fixed for one select_destinations. */
interface FilterContext {
  hs: HostStates;
  spec: BootSpec;
  now: number;
  downMs: number;
}

interface Filter {
  name: string;
  /** the reason Nova logs when host `i` fails, or null when it passes; absent: passes every host */
  check?: (i: number, c: FilterContext) => string | null;
  /** the verdict depends on the request alone (its reason may name the host) */
  sameForEveryHost?: true;
  /** true when `check` would pass every one of the hosts: the usual case, asked first */
  passesAll?: (hosts: Int32Array, c: FilterContext) => boolean;
}

/** HostState.__repr__ */
const repr = (hs: HostStates, i: number) =>
  `(${hs.host[i]}, ${hs.nodename[i]}) ram: ${hs.freeRamMb[i]}MB disk: ${hs.freeDiskMb[i]}MB io_ops: ${hs.numIoOps[i]} instances: ${hs.numInstances[i]}`;

/**
 * Zed's default weighers with a non-constant input here, in the order Nova sums them; the
 * rest weigh every host 0. RAM, Disk, CPU and IoOps normalise against 0, the others against
 * the minimum. Their inputs are HostStates' ramInput, cpuInput, diskInput, ioInput and
 * failedBuilds, in this order.
 */
const WEIGHERS = [
  { name: 'RAMWeigher', multiplier: 1.0, minZero: true },
  { name: 'CPUWeigher', multiplier: 1.0, minZero: true },
  { name: 'DiskWeigher', multiplier: 1.0, minZero: true },
  { name: 'IoOpsWeigher', multiplier: -1.0, minZero: true },
  { name: 'BuildFailureWeigher', multiplier: -1000000.0, minZero: false },
] as const;

/** Each weigher's bounds over the hosts, as nova.weights normalises: 0 or the minimum, and the maximum. */
function readBounds(
  hs: HostStates,
  hosts: ArrayLike<number>,
  lo: Float64Array,
  hi: Float64Array,
): void {
  let ramHi = -Infinity;
  let cpuHi = -Infinity;
  let diskHi = -Infinity;
  let ioHi = -Infinity;
  let failedLo = Infinity;
  let failedHi = -Infinity;
  const { ramInput, cpuInput, diskInput, ioInput, failedBuilds } = hs;
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[i]!;
    const r = ramInput[h]!;
    const c = cpuInput[h]!;
    const d = diskInput[h]!;
    const o = ioInput[h]!;
    const f = failedBuilds[h]!;
    if (r > ramHi) ramHi = r;
    if (c > cpuHi) cpuHi = c;
    if (d > diskHi) diskHi = d;
    if (o > ioHi) ioHi = o;
    if (f < failedLo) failedLo = f;
    if (f > failedHi) failedHi = f;
  }
  lo[0] = lo[1] = lo[2] = lo[3] = 0;
  lo[4] = failedLo;
  hi[0] = ramHi;
  hi[1] = cpuHi;
  hi[2] = diskHi;
  hi[3] = ioHi;
  hi[4] = failedHi;
}

const TOP_WEIGHED_IN_TRACE = 12;

/**
 * nova-scheduler: asks placement for allocation candidates, runs the enabled filters and
 * the weighers over the candidate hosts, claims the chosen host in placement and returns it
 * with up to max_attempts - 1 alternates.
 */
export class Scheduler {
  readonly process = 'nova-scheduler';
  /** the last decision, for the inspector */
  last: ScheduleEvent | null = null;
  private filters: Filter[];
  private readonly hosts: HostStates;
  /** candidatesPath's paths, by flavor, then zone aggregate */
  private readonly candidatePaths = new Map<FlavorSpec, Map<string | null, string>>();
  /**
   * The allocation requests written so far, by resources asked (a cloud has a few flavors),
   * then by host: a boot's chosen host and each alternate get one, and it is the same string
   * every time for the same host and resources. Strings, so shared as they are. The
   * scenario's flavors are there from the start: the first request's write of a new entry, a
   * branch compiled code had not seen, threw selectDestinations' optimized code away every run.
   */
  private readonly requestsWritten: { want: Resources; byHost: Map<number, string> }[];

  constructor(
    private readonly cloud: Cloud,
    private readonly rpc: RpcAgent,
  ) {
    this.hosts = new HostStates(cloud.cell1, cloud.placement);
    this.requestsWritten = cloud.scenario.cloud.flavors.map((f) => ({
      want: { VCPU: f.vcpus, MEMORY_MB: f.ram, DISK_GB: f.disk },
      byHost: new Map(),
    }));
    this.filters = [
      {
        name: 'ComputeFilter',
        check: (i, { hs, now, downMs }) => {
          if (hs.disabled[i]) return `${repr(hs, i)} is disabled, reason: None`;
          const up = !hs.forcedDown[i] && now - hs.lastSeenMs[i]! <= downMs;
          return up ? null : `${repr(hs, i)} has not been heard from in a while`;
        },
        passesAll: (hosts, { hs, now, downMs }) => {
          if (hs.allUp(now, downMs)) return true;
          for (let k = 0; k < hosts.length; k++) {
            const i = hosts[k]!;
            if (hs.disabled[i] || hs.forcedDown[i] || !(now - hs.lastSeenMs[i]! <= downMs))
              return false;
          }
          return true;
        },
      },
      { name: 'ComputeCapabilitiesFilter' },
      {
        name: 'ImagePropertiesFilter',
        // every host here offers x86_64 under kvm: the image decides
        sameForEveryHost: true,
        check: (i, c) =>
          c.spec.image.architecture === 'x86_64'
            ? null
            : `Instance contains properties ImageMetaProps(hw_architecture='${c.spec.image.architecture}') that are not provided by the compute node supported_instances [['x86_64', 'kvm', 'hvm']] or hypervisor version 2011000 do not match (${c.hs.host[i]})`,
      },
      { name: 'ServerGroupAntiAffinityFilter' },
      { name: 'ServerGroupAffinityFilter' },
    ];
  }

  private get world(): World {
    return this.cloud.world;
  }

  start(): void {
    this.rpc.serve('scheduler', 'scheduler', (m) => {
      if (m.payload.method === 'select_destinations')
        spawn(this.world.sim, this.selectDestinations(m), (err) => {
          if (err) throw err;
        });
      // update_instance_info / sync_instance_info feed the HostManager's instance map; no reply
    });
  }

  private *selectDestinations(m: Incoming): Proc<void> {
    const w = this.world;
    const a = m.payload.args as {
      instance_uuids: string[];
      spec_obj: { data: { spec: BootSpec } };
    };
    const spec = a.spec_obj.data.spec;
    const ids = { request_id: spec.request_id, instance: spec.uuid };
    const want: Resources = {
      VCPU: spec.flavor.vcpus,
      MEMORY_MB: spec.flavor.ram,
      DISK_GB: spec.flavor.disk,
    };
    const rest = this.cloud.rest;
    yield w.work(this.process, 4);
    if (Array.isArray(spec.networks)) {
      for (const n of spec.networks)
        if (n.port)
          yield rest.request('neutron-server', {
            from: this.process,
            method: 'GET',
            path: `/v2.0/ports/${n.port}`,
            request_id: ids.request_id,
            instance: ids.instance,
          });
    }
    const found = (yield rest.request('placement-api', {
      from: this.process,
      method: 'GET',
      // map_az_to_placement_aggregate: a zone with an aggregate limits the candidates to it
      path: this.candidatesPath(
        spec.flavor,
        want,
        spec.availability_zone ? this.cloud.zones.aggregate(spec.availability_zone) : null,
      ),
      request_id: ids.request_id,
      instance: ids.instance,
    })) as RestResponse;
    const { fit, unfit } = found.body as CandidateResult;
    if (fit.length === 0) {
      // raised before _select_destinations: neither .start nor .end is sent
      this.record(spec, spec.uuid, 0, unfit, [], null, null, []);
      m.fail(
        novaFailure(
          'NoValidHost',
          'No valid host was found. ',
          { reason: '' },
          SCHEDULER_FRAMES.noCandidates,
        ),
      );
      return;
    }
    yield* publish(
      this.cloud,
      'nova-scheduler:scheduler',
      'scheduler.select_destinations.start',
      requestSpecPayload(spec),
      ids,
    );
    yield w.work(this.process, 3 + fit.length * 0.02);
    const hs = this.hosts;
    hs.refreshAll(fit);
    const numAlts = w.config.max_attempts - 1;
    const claimed: string[] = [];
    /** the host claimed for each instance (provider index), and how it was chosen */
    const selected: number[] = [];
    const decisions: {
      filters: FilterResult[];
      weighing: { passed: Int32Array; weighed: Weighed };
      sorted: number[];
    }[] = [];
    for (const uuid of a.instance_uuids) {
      const { passed, filters, weighed, order } = this.sortedHosts(fit, spec, numAlts + 8);
      // the claim goes down the sorted hosts until placement accepts one
      let chosen = -1;
      for (let k = 0; k < order.length && chosen < 0; k++) {
        if (k === order.length - 1 && order.length < passed.length)
          order.push(...weighed.top(passed.length).filter((i) => !order.includes(i)));
        if (yield* this.claim(uuid, spec, hs.uuid[passed[order[k]!]!]!, want)) chosen = order[k]!;
      }
      if (chosen < 0) {
        this.record(spec, uuid, fit.length, unfit, filters, { passed, weighed }, null, []);
        // _ensure_sufficient_hosts: the claimed hosts are read again from the database next time
        for (const h of selected) hs.invalidate(h);
        for (const c of claimed)
          yield rest.request('placement-api', {
            from: this.process,
            method: 'DELETE',
            path: `/allocations/${c}`,
            request_id: ids.request_id,
            instance: ids.instance,
          });
        m.fail(
          novaFailure(
            'NoValidHost',
            `No valid host was found. ${NOT_ENOUGH_HOSTS}`,
            { reason: NOT_ENOUGH_HOSTS },
            SCHEDULER_FRAMES.notEnoughHosts,
          ),
        );
        return;
      }
      claimed.push(uuid);
      const h = passed[chosen]!;
      hs.consume(h, spec.flavor.vcpus, spec.flavor.ram, spec.flavor.disk);
      selected.push(h);
      decisions.push({
        filters,
        weighing: { passed, weighed },
        sorted: order.map((i) => passed[i]!),
      });
    }
    // _get_alternate_hosts: the hosts are sorted again for a multi-create, once every instance
    // has consumed from its host, and no claimed host is anyone's alternate
    let resorted: number[] | null = null;
    if (selected.length > 1 && numAlts > 0) {
      const again = this.sortedHosts(fit, spec, fit.length);
      resorted = again.order.map((i) => again.passed[i]!);
    }
    const result: Selection[][] = [];
    selected.forEach((h, k) => {
      const d = decisions[k]!;
      const base = resorted ?? d.sorted;
      const alts = base.filter((x) => !selected.includes(x)).slice(0, numAlts);
      result.push([h, ...alts].map((x) => this.selection(x, want)));
      this.record(
        spec,
        a.instance_uuids[k]!,
        fit.length,
        unfit,
        d.filters,
        d.weighing,
        hs.host[h]!,
        alts.map((x) => hs.host[x]!),
      );
    });
    // _schedule set spec_obj.instance_uuid to each instance in turn: .end names the last
    yield* publish(
      this.cloud,
      'nova-scheduler:scheduler',
      'scheduler.select_destinations.end',
      requestSpecPayload(spec, a.instance_uuids[a.instance_uuids.length - 1] ?? spec.uuid),
      ids,
    );
    m.reply(result);
  }

  /**
   * _get_sorted_hosts: filtered, weighed, then a random one of the best host_subset_size
   * first and the rest in weight order (the best `subset + extra` of them; `order` holds
   * positions in `passed`).
   */
  private sortedHosts(
    fit: Int32Array,
    spec: BootSpec,
    extra: number,
  ): { passed: Int32Array; filters: FilterResult[]; weighed: Weighed; order: number[] } {
    const { passed, filters } = this.filter(fit, spec);
    const weighed = weigh(this.hosts, passed);
    const subset = Math.min(passed.length, Math.max(1, this.world.config.host_subset_size));
    if (subset === 0) return { passed, filters, weighed, order: [] };
    const top = weighed.top(subset + extra);
    const pick = top[Math.floor(this.world.rng.next() * subset)]!;
    return { passed, filters, weighed, order: [pick, ...top.filter((i) => i !== pick)] };
  }

  /**
   * Nova runs each filter over the hosts the previous one let through. Running the chain per
   * host gives the same rejections in the same order without an array per filter, which
   * matters because this runs over every candidate host for every instance.
   */
  private filter(
    candidates: Int32Array,
    spec: BootSpec,
  ): { passed: Int32Array; filters: FilterResult[] } {
    const chain = this.filters;
    const c: FilterContext = {
      hs: this.hosts,
      spec,
      now: this.world.now,
      downMs: this.world.config.service_down_time * 1000,
    };
    const rejected: FilterResult['rejected'][] = chain.map(() => []);
    // a filter that passes one host for this request passes them all: not asked again per host
    const checks = chain.map((f) =>
      f.sameForEveryHost && candidates.length > 0 && f.check?.(candidates[0]!, c) === null
        ? undefined
        : f.check,
    );
    // only the filters that can turn a host away are asked, in chain order
    const asked: number[] = [];
    for (let i = 0; i < chain.length; i++) if (checks[i] !== undefined) asked.push(i);
    let passed = candidates;
    if (!asked.every((i) => chain[i]!.passesAll?.(candidates, c) === true)) {
      if (passedScratch.length < candidates.length)
        passedScratch = new Int32Array(candidates.length);
      let count = 0;
      for (const h of candidates) {
        let ok = true;
        for (const i of asked) {
          const reason = checks[i]!(h, c);
          if (reason !== null) {
            rejected[i]!.push({ host: this.hosts.host[h]!, reason });
            ok = false;
            break;
          }
        }
        if (ok) passedScratch[count++] = h;
      }
      passed = passedScratch.slice(0, count);
    }
    // the filter that leaves no host is the last one Nova runs
    const filters: FilterResult[] = [];
    let remaining = candidates.length;
    for (let i = 0; i < chain.length; i++) {
      remaining -= rejected[i]!.length;
      filters.push({ name: chain[i]!.name, rejected: rejected[i]!, remaining });
      if (remaining === 0) break;
    }
    return { passed, filters };
  }

  /**
   * The GET /allocation_candidates path for a flavor (`want` is its resources) and zone
   * aggregate, made once: a new path every request was a template of some 190 characters
   * to flatten, and placement sliced and hashed its query anew.
   */
  private candidatesPath(flavor: FlavorSpec, want: Resources, aggregate: string | null): string {
    let byAggregate = this.candidatePaths.get(flavor);
    if (byAggregate === undefined) this.candidatePaths.set(flavor, (byAggregate = new Map()));
    let path = byAggregate.get(aggregate);
    if (path === undefined)
      byAggregate.set(aggregate, (path = allocationCandidatesPath(want, aggregate)));
    return path;
  }

  private claim(uuid: string, spec: BootSpec, nodeUuid: string, want: Resources): Proc<boolean> {
    return claimResources(
      this.cloud.rest,
      this.process,
      uuid,
      { [nodeUuid]: { resources: want } },
      String(spec.context.project_id),
      { request_id: spec.request_id, instance: uuid },
      { '': [nodeUuid] },
    );
  }

  private selection(i: number, want: Resources): Selection {
    const hs = this.hosts;
    return asSelection({
      service_host: hs.host[i]!,
      nodename: hs.nodename[i]!,
      compute_node_uuid: hs.uuid[i]!,
      cell_uuid: this.cloud.cell1Uuid,
      limits: { numa_topology: null, vcpu: null, disk_gb: null, memory_mb: null },
      allocation_request: this.allocationRequest(i, want),
      allocation_request_version: '1.36',
      availability_zone: this.cloud.zones.ofHost(hs.host[i]!),
    });
  }

  private allocationRequest(i: number, want: Resources): string {
    let written = this.requestsWritten[0];
    for (let k = 0; k < this.requestsWritten.length; k++) {
      written = this.requestsWritten[k]!;
      const w = written.want;
      if (w.VCPU === want.VCPU && w.MEMORY_MB === want.MEMORY_MB && w.DISK_GB === want.DISK_GB)
        break;
      written = undefined;
    }
    if (written === undefined) {
      written = { want: { ...want }, byHost: new Map() };
      this.requestsWritten.push(written);
    }
    let text = written.byHost.get(i);
    if (text === undefined)
      written.byHost.set(i, (text = allocationRequest(this.hosts.uuid[i]!, want)));
    return text;
  }

  /** The decision for one instance of the request (_schedule sets spec_obj.instance_uuid to each). */
  private record(
    spec: BootSpec,
    instance: string,
    candidateCount: number,
    unfit: readonly string[],
    filters: FilterResult[],
    weighing: { passed: Int32Array; weighed: Weighed } | null,
    chosen: string | null,
    alternates: string[],
  ): void {
    const weighed: ScheduleEvent['weighed'] = [];
    if (weighing) {
      const { passed, weighed: wd } = weighing;
      for (const i of wd.top(TOP_WEIGHED_IN_TRACE))
        weighed.push({
          host: this.hosts.host[passed[i]!]!,
          weight: round6(wd.total[i]!),
          weights: wd.breakdown(i),
        });
    }
    this.last = this.world.emit<ScheduleEvent>({
      type: 'schedule',
      request_id: spec.request_id,
      instance,
      by: this.process,
      candidate_count: candidateCount,
      // a copy: placement gives the same answer to the requests that ask the same
      no_capacity: unfit.slice(),
      filters,
      weighed,
      chosen,
      alternates,
    });
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

interface Weighed {
  /** each host's weight, in `hosts` order */
  total: number[];
  /** indices of the `k` best hosts, best first; ties keep filter order (Python's stable sort) */
  top(k: number): number[];
  breakdown(i: number): Record<string, number>;
}

/**
 * Placement 1.36's allocation request on one provider (the providers of each request group in
 * its mappings), as jsonutils.dumps writes it (pyJson.ts): made for every host a request may
 * go to (once per host and resources: Scheduler.allocationRequest), so written directly.
 */
const allocationRequest = (rp: string, r: Resources) =>
  // joined into one flat string: a template makes a rope of a dozen pieces, and every
  // alternate host of a build in flight keeps one
  [
    '{"allocations": {"',
    rp,
    '": {"resources": {"VCPU": ',
    String(r.VCPU),
    ', "MEMORY_MB": ',
    String(r.MEMORY_MB),
    ', "DISK_GB": ',
    String(r.DISK_GB),
    '}}}, "mappings": {"": ["',
    rp,
    '"]}}',
  ].join('');

/** Scratch for the hosts a filter chain passes: filtering is synchronous, copied out at its size. */
let passedScratch = new Int32Array(0);

const [mRam, mCpu, mDisk, mIo, mFailed] = WEIGHERS.map((w) => w.multiplier) as number[] as [
  number,
  number,
  number,
  number,
  number,
];
const lows = new Float64Array(WEIGHERS.length);
const highs = new Float64Array(WEIGHERS.length);

/**
 * nova.weights: each weigher's raw values normalised over the hosts, times its multiplier,
 * summed in the weighers' order; a weigher whose values are all the same adds nothing.
 */
function weigh(hs: HostStates, hosts: ArrayLike<number>): Weighed {
  const n = hosts.length;
  // an array made at its length, not a Float64Array: a typed array of a hundred hosts' weights
  // has its storage outside the heap, allocated, tracked and freed apart, for every request
  // (and one grown by push is copied as it grows)
  const total = new Array<number>(n);
  /** indices of the best TOP_WEIGHED_IN_TRACE hosts, best first, ties in filter order */
  const best: number[] = [];
  // a single host is not weighed at all (weight 0.0)
  if (n > 1) {
    readBounds(hs, hosts, lows, highs);
    const spanRam = highs[0]! - lows[0]!;
    const spanCpu = highs[1]! - lows[1]!;
    const spanDisk = highs[2]! - lows[2]!;
    const spanIo = highs[3]! - lows[3]!;
    const spanFailed = highs[4]! - lows[4]!;
    const loFailed = lows[4]!;
    const k = TOP_WEIGHED_IN_TRACE;
    // the inputs read from their columns, as this runs over every candidate host; the first four weighers
    // normalise against 0, so (x - 0) / span is x / span, the same double
    const { ramInput, cpuInput, diskInput, ioInput, failedBuilds } = hs;
    // the weight a host must beat to enter a full `best`
    let bar = -Infinity;
    for (let i = 0; i < n; i++) {
      const h = hosts[i]!;
      let w = 0;
      if (spanRam !== 0) w += mRam * (ramInput[h]! / spanRam);
      if (spanCpu !== 0) w += mCpu * (cpuInput[h]! / spanCpu);
      if (spanDisk !== 0) w += mDisk * (diskInput[h]! / spanDisk);
      if (spanIo !== 0) w += mIo * (ioInput[h]! / spanIo);
      if (spanFailed !== 0) w += mFailed * ((failedBuilds[h]! - loFailed) / spanFailed);
      total[i] = w;
      if (w > bar || best.length < k) {
        insertBest(best, total, i, w, k);
        if (best.length === k) bar = total[best[k - 1]!]!;
      }
    }
  } else if (n === 1) {
    total[0] = 0;
    best.push(0);
  }
  // each of the best hosts' weights by weigher, in `best`'s order: a literal in WEIGHERS' order
  // (keys stored by name, one by one, went through the megamorphic keyed store for every
  // weigher of every host in the trace), each weight from its input's column (a call through
  // a table of five functions for each was sixty calls a request)
  const breakdowns: Record<string, number>[] = [];
  const { ramInput, cpuInput, diskInput, ioInput, failedBuilds } = hs;
  for (const i of best) {
    const h = hosts[i]!;
    breakdowns.push(
      n <= 1
        ? unweighed()
        : ({
            RAMWeigher: shown(mRam, ramInput[h]!, lows[0]!, highs[0]!),
            CPUWeigher: shown(mCpu, cpuInput[h]!, lows[1]!, highs[1]!),
            DiskWeigher: shown(mDisk, diskInput[h]!, lows[2]!, highs[2]!),
            IoOpsWeigher: shown(mIo, ioInput[h]!, lows[3]!, highs[3]!),
            BuildFailureWeigher: shown(mFailed, failedBuilds[h]!, lows[4]!, highs[4]!),
          } satisfies Record<(typeof WEIGHERS)[number]['name'], number>),
    );
  }
  return new WeighedHosts(total, best, breakdowns);
}

/** A single host is not weighed: every weigher's value is 0. */
const unweighed = () =>
  ({
    RAMWeigher: round6(0),
    CPUWeigher: round6(0),
    DiskWeigher: round6(0),
    IoOpsWeigher: round6(0),
    BuildFailureWeigher: round6(0),
  }) satisfies Record<(typeof WEIGHERS)[number]['name'], number>;

/**
 * A weigher's normalised, multiplied value for input `x` over bounds `lo`..`hi`, as
 * _weigh_objects sums it, rounded as the trace shows it. The bounds are those `weigh` set.
 */
function shown(multiplier: number, x: number, lo: number, hi: number): number {
  const span = hi - lo;
  return round6(multiplier * (span === 0 ? 0 : (x - lo) / span));
}

/** `weigh`'s answer: its methods on a class, not closures made for every request. */
class WeighedHosts implements Weighed {
  constructor(
    readonly total: number[],
    /** indices of the best TOP_WEIGHED_IN_TRACE hosts, best first, ties in filter order */
    private readonly best: number[],
    /** the weights by weigher of each of `best` */
    private readonly breakdowns: Record<string, number>[],
  ) {}

  // the best k of a stable sort are a prefix of its best TOP_WEIGHED_IN_TRACE
  top(k: number): number[] {
    if (k <= this.best.length) return this.best.slice(0, k);
    const all: number[] = [];
    for (let i = 0; i < this.total.length; i++) insertBest(all, this.total, i, this.total[i]!, k);
    return all;
  }

  breakdown(i: number): Record<string, number> {
    const at = this.best.indexOf(i);
    if (at < 0) throw new Error(`host ${i} is not among the ${TOP_WEIGHED_IN_TRACE} best weighed`);
    return this.breakdowns[at]!;
  }
}

/**
 * Host i, of weight w, into `best` (at most k, best first) if it belongs there; hosts come in
 * filter order, so a tie keeps the earlier one ahead, as Python's stable sort does.
 */
function insertBest(best: number[], total: number[], i: number, w: number, k: number): void {
  if (best.length === k && w <= total[best[k - 1]!]!) return;
  // insertion by shifting: splice would allocate its (empty) result on every host
  let pos = best.length;
  best.push(i);
  while (pos > 0 && total[best[pos - 1]!]! < w) {
    best[pos] = best[pos - 1]!;
    pos--;
  }
  best[pos] = i;
  if (best.length > k) best.pop();
}
