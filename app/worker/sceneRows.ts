import { NOTIFICATIONS_QUEUE } from '../engine/services/notifier';
import type {
  ComputeServiceLook,
  HostRow,
  QueueRow,
  TableCount,
  VmChip,
} from '../protocol/messages';
import type { SceneState, VmRecord } from './sceneState';

/** The diagram's rows at the cursor: the broker's queues, the hosts' VMs, the tables' counts. */

type QueueClass = { key: string; label: string };

/** Alike queues share a class: `compute.*`, `reply_*`, `*_fanout_*`. */
function queueClass(name: string): QueueClass {
  if (name.startsWith('reply_')) return { key: 'reply', label: 'reply_*' };
  const fan = name.indexOf('_fanout_');
  if (fan > 0) return { key: 'fanout', label: '*_fanout_*' };
  const dot = name.indexOf('.');
  if (dot > 0) {
    const topic = name.slice(0, dot);
    return { key: `server:${topic}`, label: `${topic}.*` };
  }
  return { key: `topic:${name}`, label: name };
}

export function queueRows(
  s: Readonly<SceneState>,
  inflightSends: Map<string, number>,
  unacked: Map<string, number>,
): QueueRow[] {
  // Topic queues stay alone; reply and fanout queues are always one row each; per-server
  // queues of a topic become one row when there is more than one.
  const groups = new Map<string, { label: string; rows: QueueRow[] }>();
  for (const [name, q] of s.queues) {
    const depth = Math.max(
      0,
      q.sent - q.delivered - q.dropped - q.held - (inflightSends.get(name) ?? 0),
    );
    const row: QueueRow = {
      name,
      queues: 1,
      depth,
      consumers: q.consumers,
      unacked: unacked.get(name) ?? 0,
    };
    if (name === NOTIFICATIONS_QUEUE) row.unread = true;
    if (q.dropped > 0) row.dropped = q.dropped;
    const c = queueClass(name);
    const g = groups.get(c.key) ?? { label: c.label, rows: [] };
    g.rows.push(row);
    groups.set(c.key, g);
  }
  const out: QueueRow[] = [];
  for (const [key, g] of groups) {
    if (g.rows.length === 1 && key !== 'reply' && key !== 'fanout') {
      out.push(g.rows[0]!);
      continue;
    }
    const row = g.rows.reduce<QueueRow>(
      (a, r) => ({
        name: g.label,
        queues: a.queues + 1,
        depth: a.depth + r.depth,
        consumers: a.consumers + r.consumers,
        unacked: a.unacked + r.unacked,
        dropped: (a.dropped ?? 0) + (r.dropped ?? 0),
      }),
      { name: g.label, queues: 0, depth: 0, consumers: 0, unacked: 0 },
    );
    if (row.dropped === 0) delete row.dropped;
    // which host's queue lost it: the row alone says only that one of them did
    else row.droppedFrom = g.rows.filter((r) => r.dropped !== undefined).map((r) => r.name);
    out.push(row);
  }
  return out.sort((a, b) => rowOrder(a) - rowOrder(b));
}

/** The topic queues, the per-server ones, reply, fanout, then the notifications' (unread). */
function rowOrder(q: QueueRow): number {
  if (q.unread) return 5;
  if (q.name.startsWith('reply')) return 3;
  if (q.name.includes('fanout')) return 4;
  return q.name.includes('.') ? 2 : 1;
}

/** Host rows in the order hosts were first seen (the scenario's order). */
export function hostRows(s: Readonly<SceneState>, hostNames: readonly string[]): HostRow[] {
  const byHost = new Map<string, VmChip[]>();
  for (const h of hostNames) byHost.set(h, []);
  for (const vm of s.vms.values()) {
    if (vm.host === null) continue;
    let list = byHost.get(vm.host);
    if (!list) byHost.set(vm.host, (list = []));
    list.push(chipOf(vm));
  }
  return [...byHost].map(([host, vms]) => {
    const svc = s.services.get(host);
    const failed = [...(s.spawnFailures.get(host) ?? [])];
    const service: ComputeServiceLook = !svc
      ? 'up'
      : svc.forcedDown
        ? 'forced-down'
        : svc.down
          ? 'down'
          : svc.stopped
            ? 'stopped'
            : 'up';
    return { host, service, vms, failed };
  });
}

function chipOf(vm: VmRecord): VmChip {
  const chip: VmChip = { uuid: vm.uuid, name: vm.name, state: vm.state, request_id: vm.request_id };
  // what nova-compute is doing for it, said where it is done: on its host
  if (vm.task !== null && vm.host !== null) chip.task = vm.task;
  return chip;
}

/** Instances not on any host (being scheduled, or buried in cell0), once the cell knows them. */
export function unplacedVms(s: Readonly<SceneState>): VmChip[] {
  const out: VmChip[] = [];
  for (const vm of s.vms.values()) if (vm.host === null && vm.name !== null) out.push(chipOf(vm));
  return out;
}

export function tableCounts(s: Readonly<SceneState>): TableCount[] {
  const out: TableCount[] = [];
  for (const [key, rows] of s.tables) {
    const [database = '', table = ''] = key.split('\t');
    out.push({ database, table, rows });
  }
  return out.sort((a, b) => a.database.localeCompare(b.database) || a.table.localeCompare(b.table));
}
