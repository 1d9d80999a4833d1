import type { TraceEvent, TraceEventType } from '../engine/trace';
import { refusalCode, type InstanceRow, type RefusedRequest } from '../protocol/messages';

/**
 * The state of the cloud at a cursor is a fold of the trace: events 0 … seq-1 applied in
 * order to an empty state. Pure: no timers, no messages; the worker drives it.
 */
export interface FoldState {
  /** events applied so far (the cursor) */
  seq: number;
  /** virtual time of the last applied event */
  t: number;
  /** rows are replaced, never mutated, so a snapshot can share them */
  instances: Map<string, InstanceRow>;
  counts: Partial<Record<TraceEventType, number>>;
  /** bumped whenever `instances` changes, so the worker only sends the table when it did */
  instancesVersion: number;
  /** the requests nova-api refused: replaced, never mutated, so a snapshot can share it */
  refused: readonly RefusedRequest[];
}

export function emptyFold(): FoldState {
  return {
    seq: 0,
    t: 0,
    instances: new Map(),
    counts: {},
    instancesVersion: 0,
    refused: [],
  };
}

export function cloneFold(s: FoldState): FoldState {
  return {
    ...s,
    instances: new Map(s.instances),
    counts: { ...s.counts },
  };
}

const blankRow = (uuid: string): InstanceRow => ({
  uuid,
  name: null,
  request_id: null,
  vm_state: 'building',
  task_state: null,
  power_state: 0,
  host: null,
  fault: null,
  failedOn: [],
  spawnError: null,
  handedBack: 0,
  timedOut: null,
});

function setRow(s: FoldState, uuid: string, patch: Partial<InstanceRow>): void {
  const old = s.instances.get(uuid) ?? blankRow(uuid);
  s.instances.set(uuid, { ...old, ...patch });
  s.instancesVersion++;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Applies one event in place. Events must come in order: `ev.seq` must equal `s.seq`. */
export function applyEvent(s: FoldState, ev: TraceEvent): void {
  if (ev.seq !== s.seq)
    throw new Error(`fold out of order: expected event ${s.seq}, got ${ev.seq}`);
  s.seq = ev.seq + 1;
  s.t = ev.t;
  s.counts[ev.type] = (s.counts[ev.type] ?? 0) + 1;
  switch (ev.type) {
    case 'state':
      setRow(s, ev.instance, {
        vm_state: ev.vm_state,
        task_state: ev.task_state,
        power_state: ev.power_state,
        host: ev.host,
      });
      break;
    case 'db':
      // The instance record (in cell1, or buried in cell0) carries the display name.
      if (ev.table === 'instances' && ev.op === 'insert') {
        const f = ev.fields;
        setRow(s, ev.key, {
          name: str(f.display_name),
          request_id: ev.request_id ?? null,
          vm_state: str(f.vm_state) ?? 'building',
          task_state: str(f.task_state),
          host: str(f.host),
        });
      } else if (ev.table === 'build_requests' && ev.op === 'insert' && !s.instances.has(ev.key)) {
        // not in a cell yet, but `openstack server list` shows it (BUILD, from its build
        // request), by the name the API gave it (a multi-create's vm-1, vm-2)
        const instance = ev.fields.instance as { display_name?: unknown } | undefined;
        setRow(s, ev.key, {
          name: str(instance?.display_name),
          request_id: ev.request_id ?? null,
          task_state: 'scheduling',
        });
      } else if (ev.table === 'instance_faults' && ev.op === 'insert') {
        const uuid = str(ev.fields.instance_uuid);
        if (uuid !== null) setRow(s, uuid, { fault: str(ev.fields.message) });
      }
      break;
    case 'hypervisor':
      // a reschedule's cause: the fault the API shows at the end does not name it
      if (ev.op === 'spawn' && ev.phase === 'error' && ev.instance) {
        const failedOn = s.instances.get(ev.instance)?.failedOn ?? [];
        setRow(s, ev.instance, {
          failedOn: [...failedOn, ev.host],
          spawnError: ev.message ?? null,
        });
      }
      break;
    case 'mq':
      // a call of the build given up: the fault the API shows says MessagingTimeout, not which
      if (ev.op === 'timeout' && ev.instance && ev.method)
        setRow(s, ev.instance, { timedOut: { by: ev.by, method: ev.method } });
      break;
    case 'rpc':
      // nova-compute asks the conductor to build again elsewhere: the reschedule itself
      if (
        ev.phase === 'send' &&
        ev.method === 'build_instances' &&
        ev.from.startsWith('nova-compute@') &&
        ev.instance
      )
        setRow(s, ev.instance, {
          handedBack: (s.instances.get(ev.instance)?.handedBack ?? 0) + 1,
        });
      break;
    case 'client': {
      const code = refusalCode(ev.status);
      if (code !== null)
        s.refused = [
          ...s.refused,
          { seq: ev.seq, name: ev.name, code, message: ev.message ?? null },
        ];
      if (
        ev.instance &&
        s.instances.has(ev.instance) &&
        s.instances.get(ev.instance)?.name === null
      ) {
        setRow(s, ev.instance, { name: ev.name });
      }
      break;
    }
    default:
      break;
  }
}

/** Folds events 0 … n-1 from scratch (the reference the snapshots must agree with). */
export function foldEvents(events: readonly TraceEvent[], n: number): FoldState {
  const s = emptyFold();
  for (let i = 0; i < n; i++) applyEvent(s, events[i]!);
  return s;
}

export const SNAPSHOT_INTERVAL = 500;

/**
 * A cursor over a growing trace that can move to any seq quickly: it keeps a snapshot of the
 * fold every `interval` events, so moving back costs at most `interval` replays.
 */
export class FoldCursor {
  private current = emptyFold();
  private restores = 0;
  /** snapshots[k] is the fold at seq k * interval */
  private readonly snapshots: FoldState[] = [emptyFold()];

  constructor(
    private readonly events: readonly TraceEvent[],
    private readonly interval = SNAPSHOT_INTERVAL,
  ) {}

  get state(): Readonly<FoldState> {
    return this.current;
  }

  /**
   * Changes whenever the instance table may differ from the last time it was read: a
   * restored snapshot can carry the same `instancesVersion` as a different later state.
   */
  get instancesStamp(): string {
    return `${this.restores}:${this.current.instancesVersion}`;
  }

  get snapshotCount(): number {
    return this.snapshots.length;
  }

  /** Moves to `seq` (clamped to the events there are); returns the new seq. */
  moveTo(seq: number): number {
    const target = Math.max(0, Math.min(Math.floor(seq), this.events.length));
    if (target < this.current.seq || target - this.current.seq > this.interval) {
      const k = Math.min(Math.floor(target / this.interval), this.snapshots.length - 1);
      // Only jump to a snapshot when it is nearer than where we are.
      if (target < this.current.seq || k * this.interval > this.current.seq) {
        this.current = cloneFold(this.snapshots[k]!);
        this.restores++;
      }
    }
    while (this.current.seq < target) {
      applyEvent(this.current, this.events[this.current.seq]!);
      const s = this.current.seq;
      if (s % this.interval === 0 && s / this.interval === this.snapshots.length) {
        this.snapshots.push(cloneFold(this.current));
      }
    }
    return this.current.seq;
  }
}
