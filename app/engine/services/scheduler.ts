import { spawn, wait, type Proc } from '../kernel/coroutine';
import type { ComputeNodeRow, ServiceRow } from '../db/schema';
import type { Incoming, RpcAgent } from '../mq/rpc';
import type { FilterResult, ScheduleEvent } from '../trace';
import type { World } from '../world';
import type { Cloud } from './cloud';
import { novaFailure } from './faults';
import type { BootSpec, Selection } from './model';
import { notify } from './notifier';
import { allocationCandidatesPath, type AllocationBody, type CandidateResult, type Resources } from './placement';

/** nova.scheduler.host_manager.HostState, the fields the default filters and weighers read. */
interface HostState {
  host: string;
  nodename: string;
  uuid: string;
  service: ServiceRow;
  free_ram_mb: number;
  free_disk_mb: number;
  vcpus_total: number;
  vcpus_used: number;
  cpu_allocation_ratio: number;
  num_io_ops: number;
  failed_builds: number;
}

interface Filter {
  name: string;
  /** the reason Nova logs when the host fails, or null when it passes */
  check(h: HostState, spec: BootSpec): string | null;
}

const repr = (h: HostState) => `(${h.host}, ${h.nodename}) ram: ${h.free_ram_mb}MB disk: ${h.free_disk_mb}MB io_ops: ${h.num_io_ops} instances: 0`;

/** Zed's default weighers with a non-constant input here; the rest weigh every host 0. */
interface Weigher {
  name: string;
  multiplier: number;
  value(h: HostState): number;
  /** RAM, Disk, CPU and IoOps weighers normalise against 0; the others against the minimum */
  minZero: boolean;
}

const WEIGHERS: Weigher[] = [
  { name: 'RAMWeigher', multiplier: 1.0, value: (h) => h.free_ram_mb, minZero: true },
  { name: 'CPUWeigher', multiplier: 1.0, value: (h) => h.vcpus_total * h.cpu_allocation_ratio - h.vcpus_used, minZero: true },
  { name: 'DiskWeigher', multiplier: 1.0, value: (h) => h.free_disk_mb, minZero: true },
  { name: 'IoOpsWeigher', multiplier: -1.0, value: (h) => h.num_io_ops, minZero: true },
  { name: 'BuildFailureWeigher', multiplier: -1000000.0, value: (h) => h.failed_builds, minZero: false },
];

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

  constructor(
    private readonly cloud: Cloud,
    private readonly rpc: RpcAgent,
  ) {
    const downTime = () => cloud.world.config.service_down_time * 1000;
    this.filters = [
      {
        name: 'ComputeFilter',
        check: (h) => {
          if (h.service.disabled) return `${repr(h)} is disabled, reason: None`;
          const up = !h.service.forced_down && cloud.world.now - h.service.last_seen_ms <= downTime();
          return up ? null : `${repr(h)} has not been heard from in a while`;
        },
      },
      { name: 'ComputeCapabilitiesFilter', check: () => null },
      {
        name: 'ImagePropertiesFilter',
        check: (h, spec) =>
          spec.image.architecture === 'x86_64'
            ? null
            : `Instance contains properties ImageMetaProps(hw_architecture='${spec.image.architecture}') that are not provided by the compute node supported_instances [['x86_64', 'kvm', 'hvm']] or hypervisor version 2011000 do not match (${h.host})`,
      },
      { name: 'ServerGroupAntiAffinityFilter', check: () => null },
      { name: 'ServerGroupAffinityFilter', check: () => null },
    ];
  }

  private get world(): World {
    return this.cloud.world;
  }

  start(): void {
    this.rpc.serve('scheduler', 'scheduler', (m) => {
      if (m.payload.method === 'select_destinations') spawn(this.world.sim, this.selectDestinations(m), (err) => { if (err) throw err; });
      // update_instance_info / sync_instance_info feed the HostManager's instance map; no reply
    });
  }

  private *selectDestinations(m: Incoming): Proc<void> {
    const w = this.world;
    const a = m.payload.args as { instance_uuids: string[]; spec_obj: { data: { spec: BootSpec } } };
    const spec = a.spec_obj.data.spec;
    const ids = { request_id: spec.request_id, instance: spec.uuid };
    const want: Resources = { VCPU: spec.flavor.vcpus, MEMORY_MB: spec.flavor.ram, DISK_GB: spec.flavor.disk };
    const rest = this.cloud.rest;
    yield w.work(this.process, 4);
    if (Array.isArray(spec.networks)) {
      for (const n of spec.networks) if (n.port) yield* wait(rest.request('neutron-server', { from: this.process, method: 'GET', path: `/v2.0/ports/${n.port}`, ...ids }));
    }
    const found = yield* wait(rest.request('placement-api', { from: this.process, method: 'GET', path: allocationCandidatesPath(want), ...ids }));
    const { fit, unfit } = found.body as CandidateResult;
    if (fit.length === 0) {
      // raised before _select_destinations: neither .start nor .end is sent
      this.record(spec, 0, unfit, [], null, null, []);
      m.fail(novaFailure('NoValidHost', 'No valid host was found. ', { reason: '' }));
      return;
    }
    notify(w, 'nova-scheduler:scheduler', 'scheduler.select_destinations.start', { 'nova_object.name': 'RequestSpecPayload', 'nova_object.data': { instance_uuid: spec.uuid, num_instances: a.instance_uuids.length } }, ids);
    yield w.work(this.process, 3 + fit.length * 0.02);
    const states = fit.map((p) => this.hostState(p.name, p.uuid));
    const numAlts = w.config.max_attempts - 1;
    const result: Selection[][] = [];
    const claimed: string[] = [];
    for (const uuid of a.instance_uuids) {
      const { passed, filters } = this.filter(states, spec);
      const weighed = weigh(passed);
      const subset = Math.min(passed.length, Math.max(1, w.config.host_subset_size));
      // _get_sorted_hosts: a random one of the best host_subset_size, then the rest in order
      let order: number[] = [];
      if (subset > 0) {
        const top = weighed.top(subset + numAlts + 8);
        const pick = top[Math.floor(w.rng.next() * subset)]!;
        order = [pick, ...top.filter((i) => i !== pick)];
      }
      let chosen = -1;
      for (let k = 0; k < order.length && chosen < 0; k++) {
        if (k === order.length - 1 && order.length < passed.length) order = [...order, ...weighed.top(passed.length).filter((i) => !order.includes(i))];
        if (yield* this.claim(uuid, spec, passed[order[k]!]!, want)) chosen = order[k]!;
      }
      if (chosen < 0) {
        this.record(spec, fit.length, unfit, filters, { passed, weighed }, null, []);
        for (const c of claimed) yield* wait(rest.request('placement-api', { from: this.process, method: 'DELETE', path: `/allocations/${c}`, ...ids }));
        m.fail(novaFailure('NoValidHost', 'No valid host was found. There are not enough hosts available.', { reason: 'There are not enough hosts available.' }));
        return;
      }
      claimed.push(uuid);
      const h = passed[chosen]!;
      h.free_ram_mb -= spec.flavor.ram;
      h.free_disk_mb -= spec.flavor.disk * 1024;
      h.vcpus_used += spec.flavor.vcpus;
      h.num_io_ops++;
      const alts = order.filter((i) => i !== chosen).slice(0, numAlts).map((i) => passed[i]!);
      result.push([h, ...alts].map((x) => this.selection(x, want)));
      this.record(spec, fit.length, unfit, filters, { passed, weighed }, h.host, alts.map((x) => x.host));
    }
    notify(w, 'nova-scheduler:scheduler', 'scheduler.select_destinations.end', { 'nova_object.name': 'RequestSpecPayload', 'nova_object.data': { instance_uuid: spec.uuid, num_instances: a.instance_uuids.length } }, ids);
    m.reply(result);
  }

  /**
   * HostManager keeps a HostState per node between requests, consumes from it as it places
   * instances, and refreshes it only when the compute node record is newer. The service row
   * is the live record, so ComputeFilter always sees the latest heartbeat.
   */
  private states = new Map<string, { state: HostState; cn: ComputeNodeRow; seen: unknown }>();

  private hostState(host: string, uuid: string): HostState {
    const cached = this.states.get(uuid);
    if (cached && cached.seen === cached.cn.updated_ms) return cached.state;
    const cell = this.cloud.cell1;
    const cn = cached?.cn ?? (cell.compute_nodes.get(uuid) as ComputeNodeRow);
    const service = cached?.state.service ?? cell.services.get(`${host}/nova-compute`)!;
    const state: HostState = {
      host,
      nodename: cn.hypervisor_hostname,
      uuid,
      service,
      free_ram_mb: cn.memory_mb - cn.memory_mb_used,
      free_disk_mb: (cn.local_gb - cn.local_gb_used) * 1024,
      vcpus_total: cn.vcpus,
      vcpus_used: cn.vcpus_used,
      cpu_allocation_ratio: cn.cpu_allocation_ratio,
      num_io_ops: (cn.num_io_ops as number | undefined) ?? 0,
      failed_builds: (cn.failed_builds as number | undefined) ?? 0,
    };
    this.states.set(uuid, { state, cn, seen: cn.updated_ms });
    return state;
  }

  /**
   * Nova runs each filter over the hosts the previous one let through. Running the chain per
   * host gives the same rejections in the same order without an array per filter, which
   * matters because this runs over every candidate host for every instance.
   */
  private filter(states: HostState[], spec: BootSpec): { passed: HostState[]; filters: FilterResult[] } {
    const chain = this.filters;
    const rejected: FilterResult['rejected'][] = chain.map(() => []);
    const passed: HostState[] = [];
    for (const h of states) {
      let ok = true;
      for (let i = 0; i < chain.length; i++) {
        const reason = chain[i]!.check(h, spec);
        if (reason !== null) {
          rejected[i]!.push({ host: h.host, reason });
          ok = false;
          break;
        }
      }
      if (ok) passed.push(h);
    }
    // the filter that leaves no host is the last one Nova runs
    const filters: FilterResult[] = [];
    let remaining = states.length;
    for (let i = 0; i < chain.length; i++) {
      remaining -= rejected[i]!.length;
      filters.push({ name: chain[i]!.name, rejected: rejected[i]!, remaining });
      if (remaining === 0) break;
    }
    return { passed, filters };
  }

  private *claim(uuid: string, spec: BootSpec, h: HostState, want: Resources): Proc<boolean> {
    const rest = this.cloud.rest;
    const ids = { request_id: spec.request_id, instance: uuid };
    yield* wait(rest.request('placement-api', { from: this.process, method: 'GET', path: `/allocations/${uuid}`, ...ids }));
    const body: AllocationBody = { allocations: { [h.uuid]: { resources: want } }, project_id: String(spec.context.project_id), user_id: 'admin', consumer_generation: null };
    const r = yield* wait(rest.request('placement-api', { from: this.process, method: 'PUT', path: `/allocations/${uuid}`, body, ...ids }));
    return r.status === 204;
  }

  private selection(h: HostState, want: Resources): Selection {
    return {
      service_host: h.host,
      nodename: h.nodename,
      compute_node_uuid: h.uuid,
      cell_uuid: this.cloud.cell1Uuid,
      limits: { numa_topology: null, vcpu: null, disk_gb: null, memory_mb: null },
      allocation_request: JSON.stringify({ allocations: { [h.uuid]: { resources: want } } }),
      allocation_request_version: '1.36',
    };
  }

  private record(spec: BootSpec, candidateCount: number, unfit: string[], filters: FilterResult[], weighing: { passed: HostState[]; weighed: Weighed } | null, chosen: string | null, alternates: string[]): void {
    const weighed: ScheduleEvent['weighed'] = [];
    if (weighing) {
      const { passed, weighed: wd } = weighing;
      for (const i of wd.top(TOP_WEIGHED_IN_TRACE)) weighed.push({ host: passed[i]!.host, weight: round6(wd.total[i]!), weights: wd.breakdown(i) });
    }
    this.last = this.world.emit<ScheduleEvent>({
      type: 'schedule',
      request_id: spec.request_id,
      instance: spec.uuid,
      by: this.process,
      candidate_count: candidateCount,
      no_capacity: unfit,
      filters,
      weighed,
      chosen,
      alternates,
    });
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

interface Weighed {
  total: Float64Array;
  /** indices of the `k` best hosts, best first; ties keep filter order (Python's stable sort) */
  top(k: number): number[];
  breakdown(i: number): Record<string, number>;
}

/** nova.weights: each weigher's raw values normalised over the hosts, times its multiplier, summed. */
function weigh(hosts: HostState[]): Weighed {
  const n = hosts.length;
  const total = new Float64Array(n);
  const parts = WEIGHERS.map(() => new Float64Array(n));
  // a single host is not weighed at all (weight 0.0)
  if (n > 1) {
    WEIGHERS.forEach((wgh, j) => {
      const raw = parts[j]!;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = wgh.minZero ? Math.max(0, wgh.value(hosts[i]!)) : wgh.value(hosts[i]!);
        raw[i] = v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (wgh.minZero) lo = 0;
      const span = hi - lo;
      for (let i = 0; i < n; i++) {
        const score = wgh.multiplier * (span === 0 ? 0 : (raw[i]! - lo) / span);
        raw[i] = score;
        total[i]! += score;
      }
    });
  }
  return {
    total,
    top(k) {
      const best: number[] = [];
      for (let i = 0; i < n; i++) {
        const w = total[i]!;
        if (best.length === k && w <= total[best[k - 1]!]!) continue;
        let pos = best.length;
        while (pos > 0 && total[best[pos - 1]!]! < w) pos--;
        best.splice(pos, 0, i);
        if (best.length > k) best.pop();
      }
      return best;
    },
    breakdown(i) {
      const out: Record<string, number> = {};
      WEIGHERS.forEach((wgh, j) => (out[wgh.name] = round6(n > 1 ? parts[j]![i]! : 0)));
      return out;
    },
  };
}
