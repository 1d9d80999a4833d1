import type { EngineInternals } from './engine';
import type { RpcPayload, TraceEvent } from './trace';

/**
 * What must hold after any run, whatever the scenario and faults. Returns the violations
 * (empty when all is well), so a property test can print what broke.
 */
export function checkInvariants(events: TraceEvent[], internals: EngineInternals): string[] {
  const problems: string[] = [];
  const { cloud, client } = internals;

  // seq counts up, t never goes back
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.seq !== i) problems.push(`event ${i} has seq ${e.seq}`);
    if (i > 0 && e.t < events[i - 1]!.t) problems.push(`event ${i} goes back in time`);
  }

  // placement never allocates past capacity × allocation ratio, at any step
  const used = new Map<string, number>();
  const cap = new Map<string, number>();
  for (const p of cloud.placement.providers) {
    for (const rc of ['VCPU', 'MEMORY_MB', 'DISK_GB'] as const)
      cap.set(`${p.uuid}/${rc}`, p.capacity[rc]);
  }
  for (const e of events) {
    if (e.type !== 'db' || e.database !== 'placement' || e.table !== 'allocations') continue;
    const key = e.key.split('/').slice(1).join('/');
    if (e.op === 'insert') used.set(key, (used.get(key) ?? 0) + Number(e.fields.used));
    if ((used.get(key) ?? 0) > (cap.get(key) ?? Infinity))
      problems.push(`placement over capacity on ${key} at seq ${e.seq}`);
    if (e.op === 'delete') {
      // the row's amount was recorded at insert
      const ins = events.find(
        (x) =>
          x.type === 'db' &&
          x.table === 'allocations' &&
          x.op === 'insert' &&
          x.key === e.key &&
          x.seq < e.seq,
      );
      if (ins && ins.type === 'db') used.set(key, (used.get(key) ?? 0) - Number(ins.fields.used));
    }
  }

  // at the end, placement usage is exactly the instances that hold a claim on each host
  const instances = [...cloud.cell1.instances.values(), ...cloud.cell0.instances.values()];
  for (const inst of instances) {
    const alloc = cloud.placement.allocations.get(inst.uuid);
    if (inst.vm_state === 'active') {
      const rp = inst.host ? cloud.nodes.get(inst.host) : undefined;
      const mine = rp ? alloc?.allocations[rp]?.resources : undefined;
      if (!mine || mine.MEMORY_MB !== inst.memory_mb || mine.VCPU !== inst.vcpus)
        problems.push(`ACTIVE ${inst.uuid} on ${inst.host} has no matching allocation`);
    }
    // Nova leaves a quota-recheck failure's allocations until the server is deleted, and so
    // does _bury_in_cell0 when select_destinations timed out after the scheduler had claimed
    const recheck = [...cloud.cell1.instance_faults.values()].some(
      (f) => f.instance_uuid === inst.uuid && f.code === 413,
    );
    const buriedAfterClaim = [...cloud.cell0.instance_faults.values()].some(
      (f) => f.instance_uuid === inst.uuid && f.message === 'MessagingTimeout',
    );
    const kept = recheck || buriedAfterClaim;
    if (inst.vm_state === 'error' && alloc && !kept)
      problems.push(`ERROR ${inst.uuid} still holds an allocation`);
  }
  for (const p of cloud.placement.providers) {
    let ram = 0;
    for (const [consumer, m] of cloud.placement.allocations) {
      const r = m.allocations[p.uuid]?.resources;
      if (!r) continue;
      ram += r.MEMORY_MB;
      if (!instances.some((i) => i.uuid === consumer))
        problems.push(`allocation for unknown consumer ${consumer}`);
    }
    if (ram !== p.used.MEMORY_MB)
      problems.push(`provider ${p.name} used ${p.used.MEMORY_MB} MB but allocations sum to ${ram}`);
    if (p.used.MEMORY_MB > p.capacity.MEMORY_MB || p.used.VCPU > p.capacity.VCPU)
      problems.push(`provider ${p.name} over capacity`);
  }

  // every call gets a reply or a timeout
  const answered = new Set<string>();
  for (const e of events) {
    // a heartbeat is not an answer: the call is still waiting
    if (e.type === 'rpc' && e.phase === 'reply' && e.outcome !== 'heartbeat' && e.msg_id)
      answered.add(e.msg_id);
    if (e.type === 'mq' && e.op === 'timeout' && e.msg_id) answered.add(e.msg_id);
  }
  for (const e of events) {
    if (e.type === 'rpc' && e.phase === 'send' && e.kind === 'call' && !answered.has(e.msg_id!))
      problems.push(`call ${e.method} ${e.msg_id} got neither reply nor timeout`);
  }

  // no message is lost silently: delivered, dropped with an event, or still waiting in a queue
  const delivered = new Set<string>();
  const dropped = new Set<string>();
  for (const e of events) {
    if (e.type === 'rpc' && e.phase === 'deliver')
      delivered.add((e.payload as RpcPayload).unique_id);
    if (e.type === 'mq' && e.op === 'drop')
      dropped.add(`${e.msg_id ?? ''}|${e.method ?? ''}|${e.seq}`);
  }
  const waiting = new Set<string>();
  for (const q of cloud.broker.queues.values())
    for (const m of q.messages) waiting.add(m.payload.unique_id);
  const dropsByMethod = new Map<string, number>();
  for (const e of events)
    if (e.type === 'mq' && e.op === 'drop')
      dropsByMethod.set(e.method ?? '', (dropsByMethod.get(e.method ?? '') ?? 0) + 1);
  const undelivered = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'rpc' || e.phase !== 'send') continue;
    const id = (e.payload as RpcPayload).unique_id;
    if (delivered.has(id) || waiting.has(id)) continue;
    undelivered.set(e.method, (undelivered.get(e.method) ?? 0) + 1);
  }
  for (const [method, n] of undelivered) {
    // a fanout cast is delivered to each consumer; a broker still down holds what was sent
    if ((dropsByMethod.get(method) ?? 0) < n && !cloud.broker.down)
      problems.push(
        `${n - (dropsByMethod.get(method) ?? 0)} ${method} message(s) vanished without a trace event`,
      );
  }

  // every request ended: ACTIVE, ERROR, refused, or stuck with a recorded cause
  if (client.outstanding !== 0) {
    const causes = events.some(
      (e) =>
        (e.type === 'mq' && (e.op === 'drop' || e.op === 'consumer-down')) ||
        (e.type === 'service' && e.op === 'stop'),
    );
    if (!causes)
      problems.push(
        `${client.outstanding} request(s) never ended and nothing in the trace explains why`,
      );
  }
  return problems;
}
