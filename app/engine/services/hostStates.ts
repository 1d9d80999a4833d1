import type { CellDb, ComputeNodeRow } from '../db/schema';
import type { Placement } from './placement';

/**
 * nova.scheduler.host_manager's HostState for every compute node, as columns indexed by
 * placement provider index. Like the HostManager, a state is refreshed only when its compute
 * node record is newer, and the scheduler consumes from it as it places instances; the
 * service record is read as it is now (ComputeFilter). Columns, filled from table write hooks,
 * let a request over a thousand hosts read a few arrays instead of a thousand rows.
 */
export class HostStates {
  readonly host: string[] = [];
  readonly nodename: string[] = [];
  readonly uuid: string[] = [];
  readonly freeRamMb: number[] = [];
  readonly freeDiskMb: number[] = [];
  readonly vcpusTotal: number[] = [];
  readonly vcpusUsed: number[] = [];
  readonly cpuAllocationRatio: number[] = [];
  readonly numIoOps: number[] = [];
  readonly numInstances: number[] = [];
  readonly failedBuilds: number[] = [];
  readonly disabled: boolean[] = [];
  readonly forcedDown: boolean[] = [];
  readonly lastSeenMs: number[] = [];
  /**
   * The inputs of the RAM, CPU, Disk and IoOps weighers (scheduler.ts), clamped at 0 as they
   * read them: kept up to date as a state changes, so that weighing, which runs over every
   * candidate host for every request, reads one number a weigher instead of working it out
   * from the columns above (twice: bounds, then weights).
   */
  readonly ramInput: number[] = [];
  readonly cpuInput: number[] = [];
  readonly diskInput: number[] = [];
  readonly ioInput: number[] = [];
  private readonly built: boolean[] = [];
  /** the compute node row was written since it was last read */
  private readonly nodeWritten: boolean[] = [];
  /** the compute node's updated_ms when it was last read (undefined before its first save) */
  private readonly seen: unknown[] = [];
  /** once every state is built: those whose compute node was written since they were read */
  private written: number[] = [];
  private builtCount = 0;
  private allBuilt = false;
  /** states whose service is disabled or forced down */
  private unavailable = 0;
  /**
   * The earliest last_seen_ms of every state, or one earlier (it is only ever raised when
   * worked out again): while it is recent enough, every service is up.
   */
  private oldestSeen = Infinity;
  private oldestSeenRaised = false;
  private readonly byNode = new Map<string, number>();
  private readonly byService = new Map<string, number>();

  constructor(
    private readonly cell: CellDb,
    private readonly placement: Placement,
  ) {
    cell.compute_nodes.onWrite = (key) => {
      const i = this.byNode.get(key);
      if (i === undefined || this.nodeWritten[i]) return;
      this.nodeWritten[i] = true;
      if (this.allBuilt) this.written.push(i);
    };
    cell.services.onWrite = (key) => {
      const i = this.byService.get(key);
      if (i !== undefined) this.readService(i, key);
    };
  }

  /**
   * Every candidate's state as a request sees it: read on first use, read again when its
   * node was written since. Only candidates are read (a request that overlaps another must
   * not drop what that one consumed on hosts it does not look at), so the list of written
   * states stands in for the candidates only when every provider is one, as in a cloud
   * without zones and with room everywhere.
   */
  refreshAll(candidates: Int32Array): void {
    const n = this.placement.providers.length;
    if (this.allBuilt && candidates.length === n) {
      const written = this.written;
      this.written = [];
      for (const i of written) this.refresh(i);
      return;
    }
    for (const i of candidates) this.refresh(i);
    if (!this.allBuilt && this.builtCount === n) {
      this.allBuilt = true;
      for (let i = 0; i < n; i++) if (this.nodeWritten[i]) this.written.push(i);
    } else if (this.written.length > n) {
      // read host by host meanwhile: the list keeps only those still unread
      this.written = this.written.filter((i) => this.nodeWritten[i]);
    }
  }

  /** The state of provider `i`: read on first use, refreshed when newer. */
  private refresh(i: number): void {
    if (this.built[i] === true) {
      if (!this.nodeWritten[i]) return;
      this.nodeWritten[i] = false;
      const cn = this.cell.compute_nodes.get(this.uuid[i]!) as ComputeNodeRow;
      if (cn.updated_ms !== this.seen[i]) this.readNode(i, cn);
      return;
    }
    const p = this.placement.providers[i]!;
    const cn = this.cell.compute_nodes.get(p.uuid) as ComputeNodeRow;
    const serviceKey = `${p.host}/nova-compute`;
    this.host[i] = p.host;
    this.uuid[i] = p.uuid;
    this.byNode.set(p.uuid, i);
    this.byService.set(serviceKey, i);
    this.readService(i, serviceKey);
    this.readNode(i, cn);
    this.built[i] = true;
    this.builtCount++;
    this.nodeWritten[i] = false;
  }

  /**
   * Whether the service of every state read so far is enabled, not forced down and heard
   * from within `downMs` (ComputeFilter passes them all): no host needs looking at unless one
   * is not.
   */
  allUp(now: number, downMs: number): boolean {
    if (this.unavailable > 0) return false;
    if (now - this.oldestSeen <= downMs) return true;
    if (!this.oldestSeenRaised) return false;
    // a heartbeat since may have raised the earliest: worked out again
    let oldest = Infinity;
    for (let i = 0; i < this.built.length; i++)
      if (this.built[i] === true && this.lastSeenMs[i]! < oldest) oldest = this.lastSeenMs[i]!;
    this.oldestSeen = oldest;
    this.oldestSeenRaised = false;
    return now - oldest <= downMs;
  }

  /** Read the node again on next use, dropping what the scheduler consumed (host.updated = None). */
  invalidate(i: number): void {
    if (this.built[i] === true) {
      const cn = this.cell.compute_nodes.get(this.uuid[i]!) as ComputeNodeRow;
      this.readNode(i, cn);
    }
  }

  /** The scheduler placed an instance here: later requests see the usage before the node reports it. */
  consume(i: number, vcpus: number, ramMb: number, diskGb: number): void {
    this.freeRamMb[i]! -= ramMb;
    this.freeDiskMb[i]! -= diskGb * 1024;
    this.vcpusUsed[i]! += vcpus;
    this.numIoOps[i]!++;
    this.numInstances[i]!++;
    this.readInputs(i);
  }

  private readInputs(i: number): void {
    this.ramInput[i] = Math.max(0, this.freeRamMb[i]!);
    this.cpuInput[i] = Math.max(
      0,
      this.vcpusTotal[i]! * this.cpuAllocationRatio[i]! - this.vcpusUsed[i]!,
    );
    this.diskInput[i] = Math.max(0, this.freeDiskMb[i]!);
    this.ioInput[i] = Math.max(0, this.numIoOps[i]!);
  }

  private readNode(i: number, cn: ComputeNodeRow): void {
    this.nodename[i] = cn.hypervisor_hostname;
    this.freeRamMb[i] = cn.memory_mb - cn.memory_mb_used;
    this.freeDiskMb[i] = (cn.local_gb - cn.local_gb_used) * 1024;
    this.vcpusTotal[i] = cn.vcpus;
    this.vcpusUsed[i] = cn.vcpus_used;
    this.cpuAllocationRatio[i] = cn.cpu_allocation_ratio;
    // the resource tracker's stats: io_workload counts its instances still BUILDING
    this.numIoOps[i] = (cn.io_workload as number | undefined) ?? 0;
    this.numInstances[i] = (cn.num_instances as number | undefined) ?? 0;
    this.failedBuilds[i] = (cn.failed_builds as number | undefined) ?? 0;
    this.seen[i] = cn.updated_ms;
    this.readInputs(i);
  }

  private readService(i: number, key: string): void {
    const s = this.cell.services.get(key)!;
    // read before: what it said leaves the counts
    const known = this.disabled[i] !== undefined;
    if (known && (this.disabled[i] || this.forcedDown[i])) this.unavailable--;
    if (s.disabled || s.forced_down) this.unavailable++;
    this.disabled[i] = s.disabled;
    this.forcedDown[i] = s.forced_down;
    if (known && s.last_seen_ms > this.lastSeenMs[i]!) this.oldestSeenRaised = true;
    if (s.last_seen_ms < this.oldestSeen) this.oldestSeen = s.last_seen_ms;
    this.lastSeenMs[i] = s.last_seen_ms;
  }
}
