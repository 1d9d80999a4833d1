import { describe, expect, it } from 'vitest';
import { isoSeconds } from './kernel/clock';
import type {
  DbEvent,
  MqEvent,
  RestEvent,
  RpcEvent,
  RpcReplyPayload,
  ScheduleEvent,
  TraceEvent,
} from './trace';
import {
  bootRequest,
  conductorRequestsAfterError,
  dropObjectAction,
  finalServer,
  hostsNamed,
  IMG,
  loadScenarioFile,
  notifications,
  rpcSends,
  runScenario,
  states,
  testScenario,
} from './testing';

const scenario = testScenario;

const faults = (events: TraceEvent[]) =>
  events.filter(
    (e): e is DbEvent => e.type === 'db' && e.table === 'instance_faults' && e.op === 'insert',
  );
const methods = (events: TraceEvent[]) => rpcSends(events).map((r) => r!.method);
/** the last GET body of every server */
function finalServers(events: TraceEvent[]): Record<string, unknown>[] {
  const last = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    if (
      e.type === 'rest' &&
      e.phase === 'response' &&
      e.from === 'nova-api' &&
      e.method === 'GET' &&
      e.status === 200
    ) {
      const server = (e.body as { server: Record<string, unknown> }).server;
      last.set(String(server.id), server);
    }
  }
  return [...last.values()];
}

describe('quota exceeded', () => {
  const { events } = runScenario(loadScenarioFile('quota-exceeded.json'));
  const posts = events.filter(
    (e): e is RestEvent =>
      e.type === 'rest' && e.phase === 'response' && e.method === 'POST' && e.from === 'nova-api',
  );

  it('answers 403 with the exact compute API message', () => {
    expect(posts[1]!.status).toBe(403);
    expect(posts[1]!.body).toEqual({
      forbidden: {
        code: 403,
        message: 'Quota exceeded for ram: Requested 1024, but already used 1024 of 1024 ram',
      },
    });
  });

  it('sends no RPC for the refused request', () => {
    const refusedRequest = posts[1]!.request_id;
    expect(events.some((e) => e.type === 'rpc' && e.request_id === refusedRequest)).toBe(false);
    expect(methods(events).filter((m) => m === 'schedule_and_build_instances')).toHaveLength(1);
  });

  it('catches concurrent requests in the conductor quota recheck (fault code 413)', () => {
    const s = scenario({
      cloud: { ...scenario({}).cloud, quotas: { instances: 1, cores: 20, ram: 51200 } },
      requests: [
        { at: 0, name: 'a', flavorRef: '1', imageRef: IMG, networks: 'none' },
        { at: 0, name: 'b', flavorRef: '1', imageRef: IMG, networks: 'none' },
      ],
    });
    const { events, engine } = runScenario(s);
    expect([...engine.internals.client.outcomes.values()].sort()).toEqual(['ACTIVE', 'ERROR']);
    const f = faults(events)[0]!;
    expect(f.fields).toMatchObject({
      code: 413,
      message: 'Quota exceeded for instances: Requested 1, but already used 1 of 1 instances',
    });
    // a traceback is kept only for code 500, and the API shows no empty details
    expect(f.fields.details).toBe('');
    const errored = finalServers(events).find((srv) => srv.status === 'ERROR')!;
    expect(errored.fault).not.toHaveProperty('details');
  });

  it('lists several exceeded resources alphabetically', () => {
    const s = scenario({
      cloud: { ...scenario({}).cloud, quotas: { instances: 10, cores: 0, ram: 256 } },
    });
    const { events: ev } = runScenario(s);
    const post = ev.find(
      (e): e is RestEvent => e.type === 'rest' && e.phase === 'response' && e.method === 'POST',
    )!;
    expect(post.body).toEqual({
      forbidden: {
        code: 403,
        message:
          'Quota exceeded for cores, ram: Requested 1, 512, but already used 0, 0 of 0, 256 cores, ram',
      },
    });
  });
});

describe('no valid host', () => {
  const { events } = runScenario(loadScenarioFile('no-valid-host.json'));

  it('buries the instance in cell0 in ERROR with the NoValidHost fault', () => {
    const f = faults(events);
    expect(f).toHaveLength(1);
    expect(f[0]!.database).toBe('nova-cell0-db');
    expect(f[0]!.fields.message).toBe('No valid host was found. ');
    expect(f[0]!.fields.code).toBe(500);
    expect(states(events)).toEqual([
      { vm_state: 'error', task_state: null, power_state: 0, host: null, node: null },
    ]);
    const mapping = events.filter(
      (e): e is DbEvent => e.type === 'db' && e.table === 'instance_mappings' && e.op === 'update',
    );
    expect(mapping[0]!.fields.cell_id).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('records the create action in cell0 as _create_instance_action_for_cell0 does', () => {
    const writes = events
      .filter(
        (e): e is DbEvent =>
          e.type === 'db' &&
          e.database === 'nova-cell0-db' &&
          (e.table === 'instance_actions' || e.table === 'instance_actions_events'),
      )
      .map((e) => ({ table: e.table, op: e.op, fields: e.fields }));
    // action_start (message NULL); action_event_start, which touches the action; then
    // action_event_finish, which touches it again and sets 'Error'
    expect(writes.map((w) => `${w.op} ${w.table}`)).toEqual([
      'insert instance_actions',
      'insert instance_actions_events',
      'update instance_actions',
      'update instance_actions_events',
      'update instance_actions',
    ]);
    expect(writes[0]!.fields).toMatchObject({ action: 'create', message: null });
    expect(writes[1]!.fields).toMatchObject({
      event: 'conductor_schedule_and_build_instances',
      action_id: writes[0]!.fields.id,
      host: 'conductor',
    });
    expect(writes[1]!.fields.result).toBeUndefined();
    expect(writes[2]!.fields).toEqual({ updated_at: writes[1]!.fields.start_time });
    expect(writes[3]!.fields).toMatchObject({
      result: 'Error',
      details: 'No valid host was found. ',
    });
    // serialize_args: ''.join(traceback.format_tb(exc_tb)), the frames without a header
    expect(writes[3]!.fields.traceback).toMatch(/^ {2}File ".*nova\/conductor\/manager\.py"/);
    // the whole way the exception went: the conductor's call down to the in-memory transport,
    // which raised the scheduler's own exception again, then where the scheduler raised it
    const frames = [
      ...String(writes[3]!.fields.traceback).matchAll(
        /File ".*?dist-packages\/(.*?)", line (\d+), in (\w+)/g,
      ),
    ].map((m) => `${m[1]}:${m[2]} ${m[3]}`);
    expect(frames).toEqual([
      'nova/conductor/manager.py:1587 schedule_and_build_instances',
      'nova/conductor/manager.py:940 _schedule_instances',
      'nova/scheduler/client/query.py:41 select_destinations',
      'nova/scheduler/rpcapi.py:160 select_destinations',
      'oslo_messaging/rpc/client.py:190 call',
      'oslo_messaging/transport.py:123 _send',
      'oslo_messaging/_drivers/impl_fake.py:222 send',
      'oslo_messaging/_drivers/impl_fake.py:209 _send',
      'oslo_messaging/rpc/server.py:244 inner',
      'nova/scheduler/manager.py:209 select_destinations',
    ]);
    expect(writes[4]!.fields).toEqual({
      message: 'Error',
      updated_at: writes[3]!.fields.finish_time,
    });
  });

  it("replies to select_destinations with NoValidHost as an expected exception's traceback", () => {
    const reply = events.find(
      (e): e is RpcEvent =>
        e.type === 'rpc' && e.phase === 'reply' && e.method === 'select_destinations',
    )!;
    const failure = (reply.payload as RpcReplyPayload).failure!;
    expect(failure).toMatchObject({ class: 'NoValidHost', module: 'nova.exception' });
    // @messaging.expected_exceptions: the traceback starts in its `inner`, then the scheduler
    expect(failure.tb[0]).toBe('Traceback (most recent call last):\n');
    expect(failure.tb[1]).toMatch(/oslo_messaging\/rpc\/server\.py", line \d+, in inner\n/);
    expect(failure.tb.at(-2)).toMatch(
      /nova\/scheduler\/manager\.py", line \d+, in select_destinations\n/,
    );
    expect(failure.tb.at(-1)).toBe('nova.exception.NoValidHost: No valid host was found. \n');
  });

  it('emits compute_task.build_instances.error and casts nothing to a compute', () => {
    expect(notifications(events).filter((n) => !n.startsWith('service.'))).toEqual([
      'compute_task.build_instances.error',
    ]);
    expect(methods(events)).toEqual(['schedule_and_build_instances', 'select_destinations']);
  });

  it('shows the fault in the API only in ERROR, with status ERROR', () => {
    const server = finalServer(events)!;
    expect(server.status).toBe('ERROR');
    expect(server.fault).toMatchObject({ code: 500, message: 'No valid host was found. ' });
    expect(server).not.toHaveProperty('progress');
    const building = events.find(
      (e): e is RestEvent =>
        e.type === 'rest' && e.phase === 'response' && e.method === 'GET' && e.from === 'nova-api',
    );
    expect((building!.body as { server: Record<string, unknown> }).server).not.toHaveProperty(
      'fault',
    );
  });

  it('says "not enough hosts" when filters, not placement, remove every host', () => {
    const s = scenario({
      cloud: {
        ...scenario({}).cloud,
        hosts: [{ name: 'host1', vcpus: 8, memory_mb: 8192, disk_gb: 100, forced_down: true }],
      },
    });
    const { events: ev } = runScenario(s);
    expect(faults(ev)[0]!.fields.message).toBe(
      'No valid host was found. There are not enough hosts available.',
    );
    // the scheduler got past placement, so .start is sent, but never .end
    expect(notifications(ev).filter((n) => n.startsWith('scheduler'))).toEqual([
      'scheduler.select_destinations.start',
    ]);
    // raised in _ensure_sufficient_hosts, under _schedule
    const reply = ev.find(
      (e): e is RpcEvent =>
        e.type === 'rpc' && e.phase === 'reply' && e.method === 'select_destinations',
    )!;
    const tb = (reply.payload as RpcReplyPayload).failure!.tb;
    expect(tb.map((l) => /, in (\w+)\n/.exec(l)?.[1]).filter(Boolean)).toEqual([
      'inner',
      'select_destinations',
      '_select_destinations',
      '_schedule',
      '_ensure_sufficient_hosts',
    ]);
  });
});

describe('a flavor bigger than any host', () => {
  it('finds no valid host when it asks more vCPUs than a host has, however much the ratio overcommits', () => {
    const s = scenario({
      cloud: {
        ...scenario({}).cloud,
        hosts: [{ name: 'host1', vcpus: 4, memory_mb: 16384, disk_gb: 100 }],
        flavors: [{ id: '8', name: 'c8', vcpus: 8, ram: 512, disk: 1 }],
      },
      requests: [{ at: 0, name: 'wide', flavorRef: '8', imageRef: IMG, networks: 'none' }],
    });
    const { events: ev } = runScenario(s);
    const vcpu = ev.find(
      (e): e is DbEvent =>
        e.type === 'db' && e.table === 'inventories' && e.fields.resource_class === 'VCPU',
    )!;
    // 4 × 16.0 = 64 vCPUs of capacity, but no allocation may take more than max_unit
    expect(vcpu.fields).toMatchObject({ total: 4, max_unit: 4, allocation_ratio: 16 });
    const decision = ev.find((e): e is ScheduleEvent => e.type === 'schedule')!;
    expect(decision.candidate_count).toBe(0);
    expect(decision.no_capacity).toEqual(['host1']);
    expect(faults(ev)[0]!.fields.message).toBe('No valid host was found. ');
    expect(methods(ev)).not.toContain('build_and_run_instance');
  });
});

describe('an image no host can run', () => {
  it('ImagePropertiesFilter turns away every host ComputeFilter let through, naming each', () => {
    const s = scenario({
      cloud: {
        ...scenario({}).cloud,
        hosts: [
          ...hostsNamed('host1', 'host2'),
          { name: 'host3', vcpus: 8, memory_mb: 8192, disk_gb: 100, forced_down: true },
        ],
        images: [{ id: IMG, name: 'cirros-arm', architecture: 'aarch64' }],
      },
    });
    const { events: ev } = runScenario(s);
    const decision = ev.find((e): e is ScheduleEvent => e.type === 'schedule')!;
    expect(decision.chosen).toBeNull();
    expect(
      decision.filters.map((f) => [f.name, f.rejected.map((r) => r.host), f.remaining]),
    ).toEqual([
      ['ComputeFilter', ['host3'], 2],
      ['ComputeCapabilitiesFilter', [], 2],
      ['ImagePropertiesFilter', ['host1', 'host2'], 0],
    ]);
    expect(decision.filters[2]!.rejected[1]!.reason).toBe(
      "Instance contains properties ImageMetaProps(hw_architecture='aarch64') that are not provided by the compute node supported_instances [['x86_64', 'kvm', 'hvm']] or hypervisor version 2011000 do not match (host2)",
    );
    expect(faults(ev)[0]!.fields.message).toBe(
      'No valid host was found. There are not enough hosts available.',
    );
  });
});

describe('spawn fails on a host', () => {
  const { events } = runScenario(loadScenarioFile('reschedule.json'));

  it('reschedules to the alternate without a new select_destinations', () => {
    expect(methods(events)).toEqual([
      'schedule_and_build_instances',
      'select_destinations',
      'build_and_run_instance',
      'build_instances',
      'build_and_run_instance',
      'update_instance_info',
    ]);
    const builds = events.filter(
      (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'build_instances',
    );
    expect(builds[0]).toMatchObject({
      version: '1.19',
      namespace: 'compute_task',
      topic: 'conductor',
    });
  });

  it('cleans up on the failed host: allocation deleted, host/node None, task_state scheduling', () => {
    const s = states(events);
    const i = s.findIndex((x) => x.task_state === 'scheduling');
    expect(s[i]).toEqual({
      vm_state: 'building',
      task_state: 'scheduling',
      power_state: 0,
      host: null,
      node: null,
    });
    const deletes = events.filter(
      (e) =>
        e.type === 'rest' &&
        e.phase === 'request' &&
        e.method === 'DELETE' &&
        e.path.startsWith('/allocations/'),
    );
    expect(deletes).toHaveLength(1);
    expect(s[s.length - 1]).toMatchObject({ vm_state: 'active', power_state: 1 });
  });

  it('claims the alternate in placement from the conductor', () => {
    const claims = events.filter(
      (e): e is RestEvent =>
        e.type === 'rest' &&
        e.phase === 'request' &&
        e.method === 'PUT' &&
        e.path.startsWith('/allocations/'),
    );
    expect(claims.map((c) => c.from)).toEqual(['nova-scheduler', 'nova-conductor']);
  });

  it('shuts the guest down, sends instance.create.error, then instance.create.start again', () => {
    // _build_resources calls _shutdown_instance(notify=True) before the claim is aborted
    expect(notifications(events).filter((n) => n.startsWith('instance.'))).toEqual([
      'instance.create.start',
      'instance.shutdown.start',
      'instance.shutdown.end',
      'instance.create.error',
      'instance.create.start',
      'instance.create.end',
    ]);
    // driver.destroy between them: begun and ended, on the host whose spawn failed
    const shutdown = events.filter(
      (e) =>
        (e.type === 'notification' && e.event_type.startsWith('instance.shutdown')) ||
        (e.type === 'hypervisor' && e.op === 'destroy'),
    );
    expect(
      shutdown.map((e) =>
        e.type === 'hypervisor'
          ? `${e.op} ${e.phase} ${e.host}`
          : (e as { event_type: string }).event_type,
      ),
    ).toEqual([
      'instance.shutdown.start',
      'destroy start host1',
      'destroy end host1',
      'instance.shutdown.end',
    ]);
    expect(shutdown[2]!.t).toBeGreaterThan(shutdown[1]!.t);
  });

  it('refreshes the empty network info from neutron in _shutdown_instance and in _cleanup_allocated_networks', () => {
    const failed = events.filter(
      (e): e is RestEvent =>
        e.type === 'rest' &&
        e.phase === 'request' &&
        e.from === 'nova-compute@host1' &&
        e.to === 'neutron-server',
    );
    const op = (e: RestEvent) =>
      `${e.method} ${e.path.split('?')[0]}?${e.path.includes('device_id') ? 'device_id' : e.path.includes('shared=True') ? 'shared' : 'tenant'}`;
    const nwInfo = [
      'GET /v2.0/ports?device_id',
      'GET /v2.0/networks?tenant',
      'GET /v2.0/networks?shared',
    ];
    expect(failed.map(op)).toEqual([...nwInfo, ...nwInfo]);
  });

  it('has host and node None in instance.create.start, before the claim sets them', () => {
    const starts = events.filter(
      (e) => e.type === 'notification' && e.event_type === 'instance.create.start',
    );
    for (const n of starts)
      expect((n.type === 'notification' ? n.payload : {})['nova_object.data']).toMatchObject({
        host: null,
        node: null,
      });
  });
});

describe('spawn fails on a host asked for a port', () => {
  it('unbinds the port the user brought instead of deleting it, then builds on the alternate', () => {
    const base = loadScenarioFile('boot-with-port.json') as { cloud: Record<string, unknown> };
    const hosts = [1, 2].map((i) => ({
      name: `host${i}`,
      vcpus: 8,
      memory_mb: 8192,
      disk_gb: 100,
    }));
    const { events } = runScenario({
      ...base,
      cloud: { ...base.cloud, hosts },
      faults: [{ kind: 'spawn-fails', host: '*', times: 1 }],
    });
    const fromCompute = events.filter(
      (e): e is RestEvent =>
        e.type === 'rest' &&
        e.phase === 'request' &&
        e.from.startsWith('nova-compute@') &&
        e.to === 'neutron-server',
    );
    expect(fromCompute.some((e) => e.method === 'DELETE')).toBe(false);
    const unbind = fromCompute.find(
      (e) =>
        e.method === 'PUT' && (e.body as { port: { device_id: string } }).port.device_id === '',
    );
    expect(unbind).toBeDefined();
    expect(finalServer(events)!.status).toBe('ACTIVE');
  });
});

describe('a multi-create', () => {
  // two servers of one request on four hosts
  const { events } = runScenario(
    scenario({
      cloud: { ...scenario({}).cloud, hosts: hostsNamed('h1', 'h2', 'h3', 'h4') },
      requests: [bootRequest('vm', 0, { min_count: 2, max_count: 2 })],
    }),
  );
  const casts = events.filter(
    (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'build_and_run_instance',
  );

  it('gives no instance a host claimed by another as an alternate', () => {
    expect(casts).toHaveLength(2);
    const chosen = casts.map((e) => (e.type === 'rpc' ? e.server : null));
    expect(new Set(chosen).size).toBe(2);
    for (const e of casts) {
      const alts = (
        (e.type === 'rpc' ? e.payload : { args: {} }) as {
          args: { host_list: { service_host: string }[] };
        }
      ).args.host_list.map((h) => h.service_host);
      expect(alts).toHaveLength(2);
      for (const c of chosen) expect(alts).not.toContain(c);
    }
  });

  it("tells each instance's decision under that instance, with the host it is built on", () => {
    const decisions = events.filter((e) => e.type === 'schedule');
    expect(decisions).toHaveLength(2);
    expect(new Set(decisions.map((e) => e.instance)).size).toBe(2);
    // each decision's chosen host is the one its instance's build is cast to
    for (const d of decisions) {
      if (d.type !== 'schedule') throw new Error('not a decision');
      const cast = casts.find((c) => c.instance === d.instance);
      expect(cast?.type === 'rpc' && cast.server).toBe(d.chosen);
    }
  });
});

describe('no alternates left', () => {
  it('ends in ERROR with MaxRetriesExceeded "Exhausted all hosts" on two hosts', () => {
    const { events } = runScenario(loadScenarioFile('retries-exhausted.json'));
    const f = faults(events);
    const uuid = f[0]!.instance!;
    expect(f[0]!.fields.message).toBe(
      `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${uuid}.`,
    );
    expect(f[0]!.database).toBe('nova-cell1-db');
    expect(states(events).at(-1)).toEqual({
      vm_state: 'error',
      task_state: null,
      power_state: 0,
      host: null,
      node: null,
    });
    expect(notifications(events).at(-1)).toBe('compute_task.build_instances.error');
  });

  it('has the conductor deallocate the networks of a server that asked for some', () => {
    const hosts = ['h1', 'h2'].map((name) => ({ name, vcpus: 8, memory_mb: 8192, disk_gb: 100 }));
    const { events } = runScenario(
      scenario({
        cloud: { ...scenario({}).cloud, hosts },
        requests: [{ at: 0, name: 'vm1', flavorRef: '1', imageRef: IMG, networks: 'auto' }],
        faults: [{ kind: 'spawn-fails', host: '*' }],
      }),
    );
    const after = conductorRequestsAfterError(events);
    expect(after.map((e) => `${e.method} ${e.path.split('=')[0]}`)).toEqual([
      'GET /v2.0/ports?device_id',
    ]);
  });

  it('hits max_attempts before the empty host list with three failing hosts', () => {
    const hosts = hostsNamed('h1', 'h2', 'h3', 'h4');
    const { events } = runScenario(
      scenario({
        cloud: { ...scenario({}).cloud, hosts },
        faults: [{ kind: 'spawn-fails', host: '*' }],
      }),
    );
    const msg = String(faults(events)[0]!.fields.message);
    expect(msg).toMatch(
      /^Exceeded maximum number of retries\. Exceeded max scheduling attempts 3 for instance [0-9a-f-]{36}\. Last exception: /,
    );
    expect(methods(events).filter((m) => m === 'build_and_run_instance')).toHaveLength(3);
  });

  it('puts the instance in ERROR on the compute itself when max_attempts is 1', () => {
    const { events } = runScenario(
      scenario({ config: { max_attempts: 1 }, faults: [{ kind: 'spawn-fails', host: 'host1' }] }),
    );
    expect(methods(events)).not.toContain('build_instances');
    const f = faults(events)[0]!;
    expect(f.fields.host).toBe('host1');
    expect(String(f.fields.message)).toContain('failed to start');
    // format_exception of the RescheduledException, raised handling the driver's error
    const details = String(f.fields.details);
    expect(details).toMatch(
      /^Traceback \(most recent call last\):\n {2}File .*, in _build_and_run_instance\n/,
    );
    expect(details).toContain(`Exception: ${String(f.fields.message)}\n`);
    expect(details).toContain(
      'During handling of the above exception, another exception occurred:',
    );
    expect(details).toMatch(
      /nova\.exception\.RescheduledException: Build of instance \S+ was re-scheduled: .*failed to start.*\n$/,
    );
    expect(finalServer(events)!.status).toBe('ERROR');
  });
});

describe('compute service down', () => {
  it('ComputeFilter drops a forced-down host and a silent one', () => {
    const { events } = runScenario(loadScenarioFile('host-down.json'));
    const decision = events.find((e): e is ScheduleEvent => e.type === 'schedule')!;
    const computeFilter = decision.filters.find((f) => f.name === 'ComputeFilter')!;
    expect(computeFilter.rejected.map((r) => r.host).sort()).toEqual(['host1', 'host2']);
    expect(
      computeFilter.rejected.every((r) => r.reason.endsWith('has not been heard from in a while')),
    ).toBe(true);
    expect(decision.chosen).toBe('host3');
  });

  it('still accepts a stopped host within service_down_time', () => {
    const hosts = [{ name: 'host1', vcpus: 8, memory_mb: 8192, disk_gb: 100 }];
    const { events } = runScenario(
      scenario({
        cloud: { ...scenario({}).cloud, hosts },
        requests: [{ at: 5000, name: 'vm1', flavorRef: '1', imageRef: IMG, networks: 'none' }],
        faults: [{ kind: 'service-down', host: 'host1', at: 1000 }],
      }),
    );
    const decision = events.find((e): e is ScheduleEvent => e.type === 'schedule')!;
    expect(decision.chosen).toBe('host1');
    // the cast waits in compute.host1 with no consumer: the server stays in BUILD
    expect(finalServer(events)!.status).toBe('BUILD');
    expect(states(events)).toEqual([]);
  });

  it('stamps a heartbeat when the database writes it: after an outage, when it got through', () => {
    const { events } = runScenario(loadScenarioFile('broker-outage.json'));
    const reports = events.filter(
      (e): e is DbEvent =>
        e.type === 'db' &&
        e.table === 'services' &&
        e.op === 'update' &&
        'report_count' in e.fields,
    );
    expect(reports.length).toBeGreaterThan(3);
    // service_update: last_seen_up is the time of the write, not of the Service.save() sent
    for (const r of reports) {
      expect(r.by).toBe('nova-conductor');
      expect(r.fields.last_seen_up).toBe(isoSeconds(r.t));
      expect(r.fields.updated_at).toBe(isoSeconds(r.t));
    }
    // the reports held by the outage (0.3 s to 20.3 s) are written when it ends
    const held = reports.filter((r) => r.t >= 20_300 && r.t < 20_400);
    expect(held.length).toBeGreaterThan(0);
    for (const r of held) expect(r.fields.last_seen_up).toBe(isoSeconds(r.t));
  });
});

describe('RPC call with no reply', () => {
  it('raises MessagingTimeout at the caller after rpc_response_timeout and buries the instance', () => {
    const { events } = runScenario(loadScenarioFile('rpc-timeout.json'));
    const send = events.find((e) => e.type === 'rpc' && e.method === 'select_destinations')!;
    const timeout = events.find((e): e is MqEvent => e.type === 'mq' && e.op === 'timeout')!;
    expect(timeout.t - send.t).toBe(60_000);
    expect(timeout.by).toBe('nova-conductor');
    expect(faults(events)[0]!.fields.message).toBe('MessagingTimeout');
    expect(finalServer(events)!.status).toBe('ERROR');
  });

  it('an object_action call to a dead conductor times out in nova-compute', () => {
    const { events } = runScenario(
      scenario({ faults: [{ kind: 'message-drop', method: 'object_action', times: 1 }] }),
    );
    const timeout = events.find((e): e is MqEvent => e.type === 'mq' && e.op === 'timeout')!;
    expect(timeout.method).toBe('object_action');
    expect(timeout.by).toBe('nova-compute@host1');
  });
});

describe('a save through the conductor is lost during a build', () => {
  const twoHosts = [1, 2].map((i) => ({
    name: `host${i}`,
    vcpus: 8,
    memory_mb: 8192,
    disk_gb: 100,
  }));
  /** The build with the object_action that carries `changes` dropped (found in a clean run, then replayed). */
  function dropSave(changes: Record<string, unknown>) {
    return dropObjectAction(
      scenario({ cloud: { ...scenario({}).cloud, hosts: twoHosts } }),
      changes,
    );
  }

  it('the first save: the server stays BUILD with task_state None, a MessagingTimeout fault and compute.exception', () => {
    const events = dropSave({ vm_state: 'building', task_state: null });
    expect(finalServer(events)!.status).toBe('BUILD');
    expect(states(events).at(-1)).toMatchObject({ vm_state: 'building', task_state: null });
    expect(faults(events)[0]!.fields.message).toBe('MessagingTimeout');
    expect(notifications(events)).toContain('compute.exception');
    expect(notifications(events)).not.toContain('instance.create.start');
  });

  it('the networking save: BuildAbortException, ERROR without a reschedule', () => {
    const events = dropSave({ task_state: 'networking' });
    const uuid = faults(events)[0]!.instance!;
    expect(faults(events)[0]!.fields.message).toBe(
      `Build of instance ${uuid} aborted: Failed to allocate the network(s), not rescheduling.`,
    );
    expect(methods(events)).not.toContain('build_instances');
    expect(notifications(events)).toContain('instance.create.error');
    expect(finalServer(events)!.status).toBe('ERROR');
  });

  it('the spawning save: the guest is shut down and the build rescheduled', () => {
    const events = dropSave({ task_state: 'spawning' });
    expect(methods(events)).toContain('build_instances');
    expect(notifications(events)).toContain('instance.shutdown.start');
    expect(finalServer(events)!.status).toBe('ACTIVE');
  });

  it('the final save: "unexpected build failure", ERROR with the class name as the fault, no create.error', () => {
    const events = dropSave({ vm_state: 'active' });
    expect(faults(events)[0]!.fields.message).toBe('MessagingTimeout');
    expect(notifications(events)).not.toContain('instance.create.error');
    expect(finalServer(events)!.status).toBe('ERROR');
  });
});

describe('broker outage', () => {
  it('holds publishes while the broker is down and delivers them after', () => {
    const { events } = runScenario(loadScenarioFile('broker-outage.json'));
    const down = events.find((e) => e.type === 'mq' && e.op === 'broker-down')!;
    const up = events.find((e) => e.type === 'mq' && e.op === 'broker-up')!;
    const delivered = events.filter(
      (e) => e.type === 'rpc' && e.phase === 'deliver' && e.t > down.t && e.t < up.t,
    );
    expect(delivered).toHaveLength(0);
    expect(finalServer(events)!.status).toBe('ACTIVE');
  });

  it('a cast waits for the broker: nova-api answers the POST once its cast is published', () => {
    // RabbitMQ goes down while nova-api validates the request: its schedule_and_build_instances
    // cast cannot be published, and oslo's publisher retries for as long as it takes
    const scenario = loadScenarioFile('one-boot.json') as { faults?: unknown[] };
    scenario.faults = [{ kind: 'broker-down', at: 50, for: 20_000 }];
    const { events } = runScenario(scenario);
    const up = events.find((e) => e.type === 'mq' && e.op === 'broker-up')!;
    const cast = events.find(
      (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'schedule_and_build_instances',
    )!;
    const held = events.find(
      (e) => e.type === 'mq' && e.op === 'held' && e.method === 'schedule_and_build_instances',
    );
    expect(held, 'the cast is held').toBeDefined();
    expect(cast.t).toBeLessThan(up.t);
    const accepted = events.find(
      (e): e is RestEvent => e.type === 'rest' && e.phase === 'response' && e.method === 'POST',
    )!;
    expect(accepted.status).toBe(202);
    expect(accepted.t).toBeGreaterThanOrEqual(up.t);
    expect(accepted.seq).toBeGreaterThan(up.seq);
    // the client polls only once it has its 202
    const firstPoll = events.find(
      (e) =>
        e.type === 'rest' && e.phase === 'request' && e.method === 'GET' && e.from === 'client',
    )!;
    expect(firstPoll.seq).toBeGreaterThan(accepted.seq);
    expect(finalServer(events)!.status).toBe('ACTIVE');
  });

  it('a notification waits for the broker too: the scheduler claims only once its .start is out', () => {
    // broker-outage.json: RabbitMQ goes down while placement answers the scheduler's
    // allocation candidates; Nova's notifier retries forever, and so the scheduler waits
    const { events } = runScenario(loadScenarioFile('broker-outage.json'));
    const down = events.find((e) => e.type === 'mq' && e.op === 'broker-down')!;
    const up = events.find((e) => e.type === 'mq' && e.op === 'broker-up')!;
    const candidates = events.find(
      (e): e is RestEvent =>
        e.type === 'rest' && e.phase === 'response' && e.path.startsWith('/allocation_candidates'),
    )!;
    expect(candidates.t).toBeGreaterThan(down.t);
    const notes = events.filter((e) => e.type === 'notification');
    const start = notes.find((e) => e.event_type === 'scheduler.select_destinations.start')!;
    expect(start.t).toBe(up.t);
    expect(start.seq).toBeGreaterThan(up.seq);
    const claim = events.find(
      (e): e is RestEvent => e.type === 'rest' && e.phase === 'request' && e.method === 'PUT',
    )!;
    expect(claim.seq).toBeGreaterThan(start.seq);
    // nothing is published while the broker is down; the wait is in the trace
    const published = notes.filter((e) => e.t > down.t && e.t < up.t);
    expect(published).toEqual([]);
    const waits = events.filter(
      (e): e is MqEvent =>
        e.type === 'mq' &&
        (e.op === 'held' || e.op === 'released') &&
        e.method === 'scheduler.select_destinations.start',
    );
    expect(waits.map((e) => [e.op, e.by, e.queue])).toEqual([
      ['held', 'nova-scheduler', 'versioned_notifications.info'],
      ['released', 'nova-scheduler', 'versioned_notifications.info'],
    ]);
    expect(waits[0]!.t).toBeGreaterThan(candidates.t);
    expect(waits[1]!.t).toBe(up.t);
    expect(waits[1]!.seq).toBeLessThan(start.seq);
  });
});

describe('the API view', () => {
  const { events } = runScenario(loadScenarioFile('one-boot.json'));
  const server = finalServer(events)!;

  it('answers in the 2.1 format: no keys of later microversions', () => {
    for (const k of [
      'locked',
      'description',
      'tags',
      'host_status',
      'OS-EXT-SRV-ATTR:hostname',
      'OS-EXT-SRV-ATTR:reservation_id',
      'trusted_image_certificates',
      'server_groups',
    ]) {
      expect(server, k).not.toHaveProperty(k);
    }
    expect(Object.keys(server)).toEqual([
      'id',
      'name',
      'status',
      'tenant_id',
      'user_id',
      'metadata',
      'hostId',
      'image',
      'flavor',
      'created',
      'updated',
      'addresses',
      'accessIPv4',
      'accessIPv6',
      'links',
      'OS-DCF:diskConfig',
      'progress',
      'OS-EXT-AZ:availability_zone',
      'config_drive',
      'key_name',
      'OS-SRV-USG:launched_at',
      'OS-SRV-USG:terminated_at',
      'OS-EXT-SRV-ATTR:host',
      'OS-EXT-SRV-ATTR:instance_name',
      'OS-EXT-SRV-ATTR:hypervisor_hostname',
      'OS-EXT-STS:task_state',
      'OS-EXT-STS:vm_state',
      'OS-EXT-STS:power_state',
      'os-extended-volumes:volumes_attached',
    ]);
  });

  it('computes hostId as sha224(project_id + host)', () => {
    // sha224('6f70656e737461636b20342065766572' + 'compute')
    expect(server.hostId).toMatch(/^[0-9a-f]{56}$/);
    expect(server.hostId).toBe('2091634baaccdc4c5a1d57069c833e402921df696b7f970791b12ec6');
  });
});
