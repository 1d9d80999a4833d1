import { describe, expect, it } from 'vitest';
import { dropObjectAction, loadScenarioFile, runScenario, testScenario } from '../engine/testing';
import type { DbEvent, MqEvent, RestEvent, RpcEvent, TraceEvent } from '../engine/trace';
import { foldEvents } from './fold';
import { inspectEvent, type InspectContext } from './inspect';
import { inspectProcess } from './inspectProcess';
import { byProcessOrder } from './processOrder';
import { DbTables } from './tables';
import { timelineView } from './timeline';
import { TraceIndex } from './traceIndex';

function context(events: TraceEvent[], seq: number): InspectContext {
  const index = new TraceIndex(events);
  index.update();
  const tables = new DbTables(events);
  tables.moveTo(seq);
  return { events, index, tables, instances: foldEvents(events, seq).instances, seq };
}

const hostDown = runScenario(loadScenarioFile('host-down.json')).events;
const selectDest = hostDown.find(
  (e): e is RpcEvent => e.type === 'rpc' && e.method === 'select_destinations',
)!;

describe('inspector', () => {
  it('decodes the oslo envelope of an RPC call: method, version, context, args, routing', () => {
    const r = inspectEvent(selectDest.seq, context(hostDown, selectDest.seq + 1))!;
    expect(r.future).toBe(false);
    if (r.detail.kind !== 'rpc') throw new Error('not rpc');
    const d = r.detail;
    expect(d).toMatchObject({ method: 'select_destinations', version: '4.5', callKind: 'call' });
    expect(d.routing_key).toBe('scheduler');
    expect(JSON.parse(d.envelope['oslo.message'])).toEqual(d.message);
    expect(d.message).toMatchObject({ method: 'select_destinations', version: '4.5' });
    expect(d.context.request_id).toBe(selectDest.request_id);
    expect(d.args).toHaveProperty('spec_obj');
    expect(d.reply_q).toMatch(/^reply_/);
    expect(d.related.map((x) => x.phase)).toEqual(['deliver', 'reply']);
  });

  it("shows a database update's row before and after it: what the write replaced", () => {
    // the compute's host/node save: the instance row had no host until then
    const writes = hostDown.filter((e): e is DbEvent => e.type === 'db' && e.table === 'instances');
    const at = writes.findIndex((e) => e.op === 'update' && typeof e.fields.host === 'string');
    const save = writes[at]!;
    const r = inspectEvent(save.seq, context(hostDown, save.seq + 1))!;
    if (r.detail.kind !== 'db') throw new Error('not db');
    const { rowBefore, rowAfter } = r.detail;
    // the row before is the row after the previous write to it, which the insert began
    const previous = writes
      .slice(0, at)
      .reverse()
      .find((e) => e.key === save.key)!;
    const p = inspectEvent(previous.seq, context(hostDown, previous.seq + 1))!;
    if (p.detail.kind !== 'db') throw new Error('not db');
    expect(rowBefore).toEqual(p.detail.rowAfter);
    expect(rowBefore).toMatchObject({ uuid: save.key, vm_state: 'building', host: null });
    expect(rowAfter).toMatchObject({ uuid: save.key, host: r.detail.fields.host });
    const insert = hostDown.find(
      (e) => e.type === 'db' && e.table === 'instances' && e.op === 'insert',
    )!;
    const i = inspectEvent(insert.seq, context(hostDown, insert.seq + 1))!;
    expect(i.detail).toMatchObject({ kind: 'db', rowBefore: null });
  });

  it("shows an instance state change with every field's value before it, node included", () => {
    const states = hostDown.filter(
      (e): e is Extract<TraceEvent, { type: 'state' }> => e.type === 'state',
    );
    // ACTIVE: host and node were set by the claim's save, before spawning
    const active = states.find((e) => e.vm_state === 'active')!;
    const before = states
      .filter((e) => e.instance === active.instance && e.seq < active.seq)
      .at(-1)!;
    expect(before.node).not.toBeNull();
    const r = inspectEvent(active.seq, context(hostDown, active.seq + 1))!;
    if (r.detail.kind !== 'state') throw new Error('not state');
    expect(r.detail.previous).toEqual({
      vm_state: before.vm_state,
      task_state: before.task_state,
      power_state: before.power_state,
      host: before.host,
      node: before.node,
    });
    expect(r.detail.node).toBe(active.node);
  });

  it('pairs a REST request with its response', () => {
    const post = hostDown.find((e): e is RestEvent => e.type === 'rest' && e.method === 'POST')!;
    const r = inspectEvent(post.seq, context(hostDown, hostDown.length))!;
    if (r.detail.kind !== 'rest') throw new Error('not rest');
    expect(r.detail.status).toBe(202);
    expect(r.detail.request?.seq).toBe(post.seq);
    expect(r.detail.response?.body).toHaveProperty('server');
  });

  it("shows the scheduler's decision: host1 and host2 fail ComputeFilter, host3 chosen", () => {
    const sched = hostDown.find((e) => e.type === 'schedule')!;
    const p = inspectProcess('nova-scheduler', context(hostDown, sched.seq + 1));
    const s = p.scheduler!;
    expect(s.filterNames[0]).toBe('ComputeFilter');
    const host1 = s.hosts.find((h) => h.host === 'host1')!;
    expect(host1.filters[0]).toMatchObject({ result: 'fail' });
    expect((host1.filters[0] as { reason: string }).reason).toContain('has not been heard from');
    expect(host1.filters[1]).toEqual({ result: 'skipped' });
    // Nova's line is the same for both: which case each is, from the services table then
    expect(host1.filters[0]).toMatchObject({ service: { forcedDown: true, downAfterS: 60 } });
    const host2 = s.hosts.find((h) => h.host === 'host2')!;
    const stopped = hostDown.find((e) => e.type === 'fault')!;
    // host2 never reported: silent since its service was made, at the cloud's start
    expect(host2.filters[0]).toMatchObject({
      service: { forcedDown: false, heardAgoMs: sched.t, downAfterS: 60 },
    });
    expect(sched.t).toBeGreaterThan(stopped.t + 60_000);
    // a filter that is not about the service says nothing of it
    for (const h of s.hosts)
      for (const f of h.filters.slice(1)) expect(f).not.toHaveProperty('service');
    expect(s.hosts[0]).toMatchObject({ host: 'host3', role: 'chosen' });
    expect(inspectProcess('nova-scheduler', context(hostDown, sched.seq)).scheduler).toBeNull();
  });

  it("says a compute service is down as the scheduler's ComputeFilter sees it at the cursor", () => {
    // when nova-conductor asks for a host: host2's nova-compute stopped a minute and more ago
    const at = { ...context(hostDown, selectDest.seq + 1), serviceDownTime: 60 };
    const state = (host: string) => inspectProcess(`nova-compute@${host}`, at).compute!.state!;
    expect(state('host2').up).toBe(false);
    expect(state('host2').heardAgoMs).toBeGreaterThan(60_000);
    expect(state('host3').up).toBe(true);
    expect(state('host3').heardAgoMs).toBeLessThanOrEqual(10_000);
    // forced down: down whatever its heartbeats say
    expect(state('host1').up).toBe(false);
    // at the start host2 was up: it had not been silent long
    const early = { ...context(hostDown, 60), serviceDownTime: 60 };
    expect(inspectProcess('nova-compute@host2', early).compute!.state!.up).toBe(true);
  });

  it("says when a compute service's process stopped, from its stop on, and of no other host", () => {
    const stop = hostDown.find((e) => e.type === 'fault' && e.kind === 'service-down')!;
    const at = (seq: number, host: string) =>
      inspectProcess(`nova-compute@${host}`, context(hostDown, seq)).compute!.stoppedAt;
    expect(at(stop.seq, 'host2')).toBeNull();
    expect(at(stop.seq + 1, 'host2')).toBe(stop.t);
    expect(at(hostDown.length, 'host2')).toBe(stop.t);
    // forced down, its process runs
    expect(at(hostDown.length, 'host1')).toBeNull();
    expect(at(hostDown.length, 'host3')).toBeNull();
  });

  it("shows a compute host's resource tracker and VMs, and the conductor's builds", () => {
    const ctx = context(hostDown, hostDown.length);
    const c = inspectProcess('nova-compute@host3', ctx).compute!;
    expect(c.node).toMatchObject({ host: 'host3', vcpus: 8 });
    expect(c.vms).toHaveLength(1);
    expect(c.placement.find((r) => r.resource === 'VCPU')).toMatchObject({ total: 8, used: 1 });
    const building = context(hostDown, selectDest.seq + 1);
    expect(inspectProcess('nova-conductor', building).conductor).toEqual([
      expect.objectContaining({
        waitingOn: expect.objectContaining({ method: 'select_destinations' }),
      }),
    ]);
    expect(inspectProcess('nova-conductor', ctx).conductor).toEqual([]);
  });

  it("says a build's task_state as the cell has it, None included", () => {
    const claimed = hostDown.find(
      (e) => e.type === 'state' && e.host !== null && e.vm_state === 'building',
    )!;
    if (claimed.type !== 'state') throw new Error('not a state event');
    expect(claimed.task_state).toBeNull();
    const [build] = inspectProcess('nova-conductor', context(hostDown, claimed.seq + 1)).conductor!;
    expect(build).toMatchObject({ task_state: null, host: claimed.host, vm_state: 'building' });
  });

  it('lists the messages waiting in a queue', () => {
    const q = inspectProcess('queue:scheduler', context(hostDown, selectDest.seq + 1)).queue!;
    expect(q.waiting.map((m) => m.method)).toEqual(['select_destinations']);
    expect(q.consumers).toEqual(['nova-scheduler']);
    const after = inspectProcess('queue:scheduler', context(hostDown, selectDest.seq + 2)).queue!;
    expect(after.waiting).toEqual([]);
  });

  it('a fanout cast is in the queue bound to its exchange, and the exchange is no queue', () => {
    const { events } = runScenario(loadScenarioFile('one-boot.json'));
    const index = new TraceIndex(events);
    index.update();
    const send = events.find(
      (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'update_instance_info',
    ) as RpcEvent;
    const deliver = events.find(
      (e) => e.type === 'rpc' && e.phase === 'deliver' && e.method === 'update_instance_info',
    ) as RpcEvent;
    expect(send.fanout).toBe(true);
    expect(index.byQueue.has('scheduler_fanout')).toBe(false);
    const queue = `queue:${deliver.queue}`;
    expect(deliver.queue).toMatch(/^scheduler_fanout_[0-9a-f]{32}$/);
    const waiting = inspectProcess(queue, context(events, send.seq + 1)).queue!;
    expect(waiting.waiting.map((m) => m.method)).toEqual(['update_instance_info']);
    expect(waiting.consumers).toEqual(['nova-scheduler']);
    const done = inspectProcess(queue, context(events, deliver.seq + 1)).queue!;
    expect(done).toMatchObject({ waiting: [], delivered: 1 });
  });

  it('lists the notifications kept in their queue, from their arrival, as no Nova service reads them', () => {
    const { events } = runScenario(loadScenarioFile('one-boot.json'));
    const notes = events.filter((e) => e.type === 'notification');
    const last = notes.at(-1)!;
    const kept = (seq: number) =>
      inspectProcess('queue:versioned_notifications.info', context(events, seq)).queue!;
    // just published, still on its way: not yet kept
    expect(kept(last.seq + 1).waiting.map((m) => m.seq)).toEqual(
      notes.slice(0, -1).map((e) => e.seq),
    );
    const end = kept(events.length);
    expect(end).toMatchObject({ unread: true, consumers: [], delivered: 0 });
    expect(end.waiting).toHaveLength(notes.length);
    expect(end.waiting.at(-1)).toEqual({
      seq: last.seq,
      t: last.t,
      method: last.event_type,
      kind: 'notify',
      from: 'nova-compute@compute',
      request_id: last.request_id,
    });
    // an RPC queue says nothing of the kind
    expect(inspectProcess('queue:conductor', context(events, events.length)).queue!.unread).toBe(
      undefined,
    );
  });

  it('draws the first boot request as a sequence diagram', () => {
    const index = new TraceIndex(hostDown);
    index.update();
    const v = timelineView(null, hostDown, index);
    expect(v.requests).toHaveLength(1);
    expect(v.lanes[0]).toBe('client');
    expect(v.lanes).toContain('nova-scheduler');
    expect(v.messages.some((m) => m.label.startsWith('select_destinations'))).toBe(true);
    // a notification goes from its publisher to the broker's lane
    expect(v.messages.find((m) => m.label === 'scheduler.select_destinations.start')).toMatchObject(
      { from: 'nova-scheduler', to: 'rabbitmq', style: 'notify' },
    );
  });

  it('draws a driver call from nova-compute to the hypervisor, and its end or exception back', () => {
    const events = runScenario(loadScenarioFile('reschedule.json')).events;
    const index = new TraceIndex(events);
    index.update();
    const rows = timelineView(null, events, index).messages.filter((m) => m.style === 'hypervisor');
    const spawn = (phase: string) => rows.find((m) => m.label === `spawn ${phase}`)!;
    expect(spawn('start')).toMatchObject({ from: 'nova-compute@host1', to: 'hypervisor@host1' });
    expect(spawn('error')).toMatchObject({ from: 'hypervisor@host1', to: 'nova-compute@host1' });
    expect(spawn('end')).toMatchObject({ from: 'hypervisor@host2', to: 'nova-compute@host2' });
  });

  it('names each object_action by the object method it remotes, on its call and on its reply', () => {
    const events = runScenario(loadScenarioFile('retries-exhausted.json')).events;
    const index = new TraceIndex(events);
    index.update();
    const v = timelineView(null, events, index);
    const labels = v.messages
      .filter((m) => m.label.startsWith('object_action'))
      .map((m) => m.label);
    // every one says what it writes: send, deliver and reply of each call
    expect(labels.length).toBeGreaterThan(9);
    expect(labels.filter((l) => l === 'object_action' || l === 'object_action ↩')).toEqual([]);
    const names = new Set(labels.map((l) => l.split(' ')[1]));
    expect([...names].sort()).toEqual(
      expect.arrayContaining(['ComputeNode.save', 'Instance.save', 'BlockDeviceMapping.save']),
    );
    // the reply names what its call did: the same object method
    const send = v.messages.find((m) => m.label === 'object_action Instance.save')!;
    const call = events[send.seq] as RpcEvent;
    const reply = events.find(
      (e) => e.type === 'rpc' && e.phase === 'reply' && e.msg_id === call.msg_id,
    )!;
    expect(v.messages.find((m) => m.seq === reply.seq)!.label).toBe(
      'object_action Instance.save ↩',
    );
  });

  it('while RabbitMQ is down, a process shows what it holds and waits on: a notification, a save', () => {
    const outage = runScenario(loadScenarioFile('broker-outage.json')).events;
    const mq = (op: string, by: string) =>
      outage.filter((e) => e.type === 'mq' && e.op === op && e.by === by);
    const [notice] = mq('held', 'nova-scheduler');
    const [save] = mq('held', 'nova-compute@host1');
    const [up] = outage.filter((e) => e.type === 'mq' && e.op === 'broker-up');
    expect(notice && save && up).toBeTruthy();
    const held = (id: string, at: number) => inspectProcess(id, context(outage, at)).held;
    expect(held('nova-scheduler', notice!.seq)).toBeUndefined();
    expect(held('nova-scheduler', notice!.seq + 1)).toEqual([
      {
        seq: notice!.seq,
        method: 'scheduler.select_destinations.start',
        queue: 'versioned_notifications.info',
      },
    ]);
    expect(held('nova-compute@host1', save!.seq + 1)).toEqual([
      { seq: save!.seq, method: 'object_action', queue: 'conductor' },
    ]);
    // the scheduler holds nothing of the compute's
    expect(held('nova-scheduler', save!.seq + 1)).toHaveLength(1);
    // once RabbitMQ is back and each is released, nothing is held
    const released = Math.max(...mq('released', 'nova-compute@host1').map((e) => e.seq));
    expect(held('nova-scheduler', released + 1)).toBeUndefined();
    expect(held('nova-compute@host1', released + 1)).toBeUndefined();
  });

  it('while RabbitMQ is down, the conductor still waits on a reply its sender holds; the timeline says so', () => {
    // broker-outage.json, down from just after the scheduler has sent its reply
    const scenario = loadScenarioFile('broker-outage.json') as { faults: { at: number }[] };
    const calm = runScenario({ ...scenario, faults: [] }).events;
    const sent = calm.find(
      (e) => e.type === 'rpc' && e.phase === 'reply' && e.method === 'select_destinations',
    )!;
    scenario.faults[0]!.at = sent.t + 1;
    const outage = runScenario(scenario).events;
    const held = outage.find(
      (e) => e.type === 'mq' && e.op === 'held' && e.method === 'select_destinations',
    )!;
    const released = outage.find(
      (e) => e.type === 'mq' && e.op === 'released' && e.method === 'select_destinations',
    )!;
    // the reply was sent (and is in the trace) before the outage held it back
    const reply = outage.find(
      (e): e is RpcEvent =>
        e.type === 'rpc' && e.phase === 'reply' && e.method === 'select_destinations',
    )!;
    expect(reply.seq).toBeLessThan(held.seq);
    const waiting = (at: number) =>
      inspectProcess('nova-conductor', context(outage, at)).conductor![0]?.waitingOn?.method;
    expect(waiting(held.seq + 1)).toBe('select_destinations');
    expect(waiting(released.seq + 1)).toBeUndefined();
    // and the reply queue shows it waiting until then
    const replyQueue = (at: number) =>
      inspectProcess(`queue:${reply.queue}`, context(outage, at)).queue!.waiting.map(
        (m) => m.method,
      );
    expect(replyQueue(released.seq)).toContain('select_destinations');
    expect(replyQueue(released.seq + 1)).not.toContain('select_destinations');
    const index = new TraceIndex(outage);
    index.update();
    const labels = timelineView(null, outage, index).messages.map((m) => m.label);
    expect(labels).toContain('held select_destinations');
    expect(labels).toContain('released select_destinations');
  });

  it("counts the conductor's attempts as Nova's num_attempts: 1 for the first build, 2 once rescheduled", () => {
    const resched = runScenario(loadScenarioFile('reschedule.json')).events;
    const first = resched.find(
      (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'build_and_run_instance',
    )!;
    const back = resched.find(
      (e) => e.type === 'rpc' && e.phase === 'deliver' && e.method === 'build_instances',
    )!;
    const attempts = (at: number) =>
      inspectProcess('nova-conductor', context(resched, at)).conductor![0]!.attempts;
    expect(attempts(first.seq + 1)).toBe(1);
    expect(attempts(back.seq + 1)).toBe(2);
  });

  it("shows a scheduling event as the scheduler's decision table, with the ComputeFilter's rejections", () => {
    const decision = hostDown.find((e) => e.type === 'schedule')!;
    const r = inspectEvent(decision.seq, context(hostDown, decision.seq + 1))!;
    if (r.detail.kind !== 'schedule') throw new Error(`not a schedule detail: ${r.detail.kind}`);
    expect(r.detail.decision).toEqual(
      inspectProcess('nova-scheduler', context(hostDown, decision.seq + 1)).scheduler,
    );
    expect(r.detail.decision.chosen).toBe('host3');
    expect(r.detail.record).toMatchObject({ seq: decision.seq, type: 'schedule' });
  });

  it('shows a MessagingTimeout with the call it ends, how long it waited, and the drop that lost it', () => {
    const lost = runScenario(loadScenarioFile('rpc-timeout.json')).events;
    const timeout = lost.find((e) => e.type === 'mq' && e.op === 'timeout')!;
    const drop = lost.find((e) => e.type === 'mq' && e.op === 'drop')!;
    const r = inspectEvent(timeout.seq, context(lost, timeout.seq + 1))!;
    if (r.detail.kind !== 'mq') throw new Error(`not an mq detail: ${r.detail.kind}`);
    const sent = lost[r.detail.sent!.seq] as RpcEvent;
    expect(sent).toMatchObject({ type: 'rpc', phase: 'send', method: 'select_destinations' });
    expect(r.detail.waitedMs).toBe(timeout.t - sent.t);
    expect(r.detail.waitedMs).toBeGreaterThanOrEqual(60_000);
    expect(r.detail.related).toEqual([{ seq: drop.seq, op: 'drop' }]);
  });
});

describe("a held message's inspector", () => {
  const outage = runScenario(loadScenarioFile('broker-outage.json')).events;
  const detail = (seq: number) => {
    const r = inspectEvent(seq, context(outage, seq + 1))!;
    if (r.detail.kind !== 'mq') throw new Error(`not a broker event: ${r.detail.kind}`);
    return r.detail;
  };
  const broker = (op: string, pick: (e: MqEvent) => boolean) =>
    outage.filter((e): e is MqEvent => e.type === 'mq' && e.op === op && pick(e));

  it('names the publisher and queue, and pairs a held save with its release, both ways', () => {
    const [held] = broker('held', (e) => e.method === 'object_action');
    const [released] = broker('released', (e) => e.msg_id === held!.msg_id);
    const d = detail(held!.seq);
    expect(d).toMatchObject({ by: held!.by, queue: 'conductor' });
    const pair = { heldSeq: held!.seq, releasedSeq: released!.seq, ms: released!.t - held!.t };
    expect(d.held).toEqual(pair);
    expect(detail(released!.seq).held).toEqual(pair);
  });

  it('pairs a notification, which has no msg_id, by its publisher, event type and request', () => {
    const notices = broker('held', (e) => e.msg_id === null);
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) {
      const d = detail(n.seq);
      expect(d.sent).toBeNull();
      const out = outage[d.held!.releasedSeq]!;
      expect(out).toMatchObject({
        type: 'mq',
        op: 'released',
        by: n.by,
        method: n.method,
        request_id: n.request_id,
      });
      expect(d.held!.ms).toBe(out.t - n.t);
    }
  });

  it('leaves the pair out of every other broker event', () => {
    const [down] = broker('broker-down', () => true);
    expect(detail(down!.seq)).toMatchObject({ op: 'broker-down', held: null, related: [] });
  });
});

describe('the order of processes', () => {
  it('goes by role, then by name with its numbers in their order', () => {
    const names = [
      'hypervisor@cmp10',
      'nova-compute@cmp10',
      'nova-compute@cmp2',
      'placement',
      'nova-api',
      'hypervisor@cmp2',
      'nova-compute@cmp1',
    ];
    expect([...names].sort(byProcessOrder)).toEqual([
      'nova-api',
      'nova-compute@cmp1',
      'nova-compute@cmp2',
      'nova-compute@cmp10',
      'hypervisor@cmp2',
      'hypervisor@cmp10',
      'placement',
    ]);
  });
});

describe("the scheduler's decision in the inspector", () => {
  it('says what placement lacked on each host it had no room on', () => {
    const base = testScenario({});
    const events = runScenario(
      testScenario({
        cloud: {
          ...base.cloud,
          hosts: [{ name: 'small', vcpus: 4, memory_mb: 16384, disk_gb: 100 }],
          flavors: [{ id: '8', name: 'c8', vcpus: 8, ram: 2048, disk: 1 }],
        },
        requests: [{ ...base.requests[0], name: 'wide', flavorRef: '8' }],
      }),
    ).events;
    const decided = events.find((e) => e.type === 'schedule')!;
    const r = inspectEvent(decided.seq, context(events, decided.seq + 1))!;
    if (r.detail.kind !== 'schedule') throw new Error('not a decision');
    expect(r.detail.decision.hosts).toMatchObject([
      { host: 'small', noCapacity: true, shortfalls: [{ rc: 'VCPU', asked: 8, maxUnit: 4 }] },
    ]);
    // the scheduler's own panel says the same
    const p = inspectProcess('nova-scheduler', context(events, events.length));
    expect(p.scheduler!.hosts[0]!.shortfalls).toEqual([{ rc: 'VCPU', asked: 8, maxUnit: 4 }]);
  });
});

describe("a timed-out call's inspector", () => {
  const timeoutOf = (events: TraceEvent[]) => {
    const timeout = events.find((e) => e.type === 'mq' && e.op === 'timeout')!;
    const r = inspectEvent(timeout.seq, context(events, timeout.seq + 1))!;
    if (r.detail.kind !== 'mq') throw new Error('not a broker event');
    return r.detail;
  };

  it('says a monitored call gave up on its call-monitor timeout', () => {
    const d = timeoutOf(runScenario(loadScenarioFile('rpc-timeout.json')).events);
    expect(d.method).toBe('select_destinations');
    expect(d.monitorTimeout).toBe(60);
  });

  it('says a plain call waited rpc_response_timeout for its reply', () => {
    const events = dropObjectAction(testScenario({}), { task_state: 'networking' });
    const d = timeoutOf(events);
    expect(d.method).toBe('object_action');
    expect(d.monitorTimeout).toBeNull();
    expect(Math.round(d.waitedMs! / 1000)).toBe(60);
  });

  it('says how long RabbitMQ was down, and what its publishers held meanwhile, at its going and coming back', () => {
    const events = runScenario(loadScenarioFile('broker-outage.json')).events;
    const mq = (op: string) => events.find((e): e is MqEvent => e.type === 'mq' && e.op === op)!;
    const [down, up] = [mq('broker-down'), mq('broker-up')];
    const held = events.filter(
      (e) => e.type === 'mq' && e.op === 'held' && e.seq > down.seq && e.seq < up.seq,
    ).length;
    expect(held).toBeGreaterThan(0);
    for (const ev of [down, up]) {
      const d = inspectEvent(ev.seq, context(events, events.length))!.detail;
      if (d.kind !== 'mq') throw new Error('not mq');
      expect(d.outage).toEqual({ downSeq: down.seq, upSeq: up.seq, ms: up.t - down.t, held });
    }
    // a message's broker event is about no outage
    const d = inspectEvent(mq('held').seq, context(events, events.length))!.detail;
    expect(d.kind === 'mq' && d.outage).toBeNull();
  });
});
