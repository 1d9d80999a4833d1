import { describe, expect, it } from 'vitest';
import { dropObjectAction, loadScenarioFile, runScenario } from './testing';
import type { RpcEvent, TraceEvent } from './trace';
import { envelopeOf } from './traceRecord';

/** The versioned objects nova-compute and the conductor put on the wire, beyond the samples. */

type Prim = {
  'nova_object.name': string;
  'nova_object.version'?: string;
  'nova_object.data': Record<string, unknown>;
  'nova_object.changes'?: string[];
};

const sends = (events: TraceEvent[], method: string) =>
  events.filter(
    (e): e is RpcEvent => e.type === 'rpc' && e.phase === 'send' && e.method === method,
  );
/** a plain dict on the wire (filter_properties and what it holds) */
type Dict = Record<string, unknown>;
const argsOf = (e: RpcEvent) =>
  (JSON.parse(envelopeOf(e)['oslo.message']) as { args: Record<string, unknown> }).args;
const objinsts = (events: TraceEvent[], name: string) =>
  sends(events, 'object_action')
    .map((e) => argsOf(e).objinst as Prim)
    .filter((o) => o['nova_object.name'] === name);

describe('object_action from nova-compute', () => {
  const { events } = runScenario(loadScenarioFile('ten-boots-three-hosts.json'));
  const built = argsOf(sends(events, 'build_and_run_instance')[0]!).instance as Prim;

  it('sends the whole Instance it saves, its changed fields as the changes', () => {
    const saves = objinsts(events, 'Instance');
    expect(saves.length).toBeGreaterThanOrEqual(60);
    for (const s of saves)
      expect(Object.keys(s['nova_object.data'])).toEqual(Object.keys(built['nova_object.data']));
    // obj_what_changed: the tags the conductor set go with the first save; ec2_ids, a child
    // object whose changes no save resets, with every save
    const first = saves.find((s) => s['nova_object.data'].task_state === null)!;
    expect(first['nova_object.changes']).toEqual(['ec2_ids', 'tags', 'task_state', 'vm_state']);
    const networking = saves.find((s) => s['nova_object.data'].task_state === 'networking')!;
    expect(networking['nova_object.changes']).toEqual(['ec2_ids', 'task_state', 'vm_state']);
    // times as a DateTimeField writes them
    const active = saves.find((s) => s['nova_object.data'].vm_state === 'active')!;
    expect(active['nova_object.data'].launched_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(active['nova_object.data'].updated_at).toMatch(/Z$/);
    // the copy keeps what earlier saves set: the claim's host
    expect(networking['nova_object.data'].host).toEqual(expect.any(String));
    const bdm = saves.find((s) => s['nova_object.data'].task_state === 'block_device_mapping')!;
    expect(bdm['nova_object.changes']).toContain('root_device_name');
  });

  it("saves a rescheduled instance's system_metadata only where the build changes it", () => {
    const rescheduled = runScenario(loadScenarioFile('reschedule.json')).events;
    const claims = sends(rescheduled, 'object_action')
      .map((e) => [e.from, argsOf(e).objinst as Prim] as const)
      .filter(([, o]) => o['nova_object.changes']?.includes('launched_on'));
    // the first host adds boot_roles; the alternate gets them with the instance, and setting
    // them again to the same roles changes nothing (obj_what_changed compares the dict)
    expect(claims.map(([from, o]) => [from, o['nova_object.changes']])).toEqual([
      ['nova-compute@host1', ['ec2_ids', 'host', 'launched_on', 'node', 'system_metadata']],
      [
        'nova-compute@host1',
        ['availability_zone', 'ec2_ids', 'host', 'launched_on', 'node', 'task_state'],
      ],
      ['nova-compute@host2', ['ec2_ids', 'host', 'launched_on', 'node']],
    ]);
    const [, alternate] = claims[2]!;
    expect(alternate['nova_object.data'].system_metadata).toMatchObject({
      boot_roles: 'reader,member,admin',
      network_allocated: 'False',
    });
  });

  it("sends the tracker's ComputeNode without the simulation's own columns", () => {
    const nodes = objinsts(events, 'ComputeNode');
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      const d = n['nova_object.data'];
      for (const own of ['updated_ms', 'num_instances', 'io_workload', 'failed_builds'])
        expect(d, own).not.toHaveProperty(own);
      expect(d.free_ram_mb).toBe((d.memory_mb as number) - (d.memory_mb_used as number));
      expect(Object.values(d.stats as object).every((v) => typeof v === 'string')).toBe(true);
      expect(n['nova_object.changes']).toContain('free_ram_mb');
      // the database stamps the time, not the tracker
      expect(n['nova_object.changes']).not.toContain('updated_at');
    }
  });

  it('reports its service with report_count as the one change', () => {
    const reports = objinsts(events, 'Service');
    const firsts = reports.filter((r) => r['nova_object.data'].report_count === 1);
    expect(firsts.length).toBeGreaterThan(0);
    // the object before the database stamps it: a first report has no time yet, a later one
    // has the time the database gave the one before
    for (const r of firsts) expect(r['nova_object.data']).toMatchObject({ last_seen_up: null });
    for (const r of reports) {
      if (r['nova_object.data'].report_count !== 1)
        expect(r['nova_object.data'].last_seen_up).toEqual(expect.any(String));
      expect(r['nova_object.changes']).toEqual(['report_count']);
      expect(r['nova_object.data']).not.toHaveProperty('last_seen_ms');
      expect(r['nova_object.data']).toMatchObject({ binary: 'nova-compute' });
      // Service's own fields, then NovaPersistentObject's (availability_zone is not loaded)
      expect(Object.keys(r['nova_object.data'])).toEqual([
        'id',
        'uuid',
        'host',
        'binary',
        'topic',
        'report_count',
        'disabled',
        'disabled_reason',
        'last_seen_up',
        'forced_down',
        'version',
        'created_at',
        'updated_at',
        'deleted_at',
        'deleted',
      ]);
    }
  });

  it('tells the schedulers of the instance as it ended the build', () => {
    const info = argsOf(sends(events, 'update_instance_info')[0]!).instance_info as Prim;
    const inst = (info['nova_object.data'].objects as Prim[])[0]!;
    expect(inst['nova_object.changes']).toEqual(['ec2_ids']);
    expect(inst['nova_object.data']).toMatchObject({
      vm_state: 'active',
      task_state: null,
      power_state: 1,
      root_device_name: '/dev/sda',
      updated_at: expect.any(String),
    });
    expect(inst['nova_object.data'].system_metadata).toMatchObject({
      boot_roles: 'reader,member,admin',
    });
    // network_allocated is for a reschedule: set by the allocation, dropped once it runs
    expect(inst['nova_object.data'].system_metadata).not.toHaveProperty('network_allocated');
    const spawning = objinsts(events, 'Instance').find(
      (s) => s['nova_object.data'].task_state === 'spawning',
    )!;
    expect(spawning['nova_object.changes']).toContain('system_metadata');
    expect(spawning['nova_object.data'].system_metadata).toMatchObject({
      network_allocated: 'True',
    });
  });
});

describe('a boot with networks "none"', () => {
  it('never marks its networks allocated (_allocate_network_async returns first)', () => {
    const { events } = runScenario(loadScenarioFile('one-boot.json'));
    const saves = objinsts(events, 'Instance');
    expect(saves.length).toBeGreaterThanOrEqual(6);
    for (const s of saves) {
      expect(s['nova_object.data'].system_metadata).not.toHaveProperty('network_allocated');
      if (s['nova_object.data'].vm_state === 'active')
        expect(s['nova_object.changes']).not.toContain('system_metadata');
    }
  });
});

describe('build_instances on a reschedule', () => {
  const { events } = runScenario(loadScenarioFile('reschedule.json'));

  it('gives the conductor the whole instance, back to scheduling and off its host', () => {
    const a = argsOf(sends(events, 'build_instances')[0]!);
    const inst = (a.instances as Prim[])[0]!;
    expect(Object.keys(inst['nova_object.data']).length).toBe(68);
    expect(inst['nova_object.data']).toMatchObject({
      task_state: 'scheduling',
      host: null,
      node: null,
      launched_on: null,
    });
    // its system_metadata is a dict: the cleanup's save of one key kept the boot's roles
    expect(inst['nova_object.data'].system_metadata).toMatchObject({
      boot_roles: 'reader,member,admin',
      network_allocated: 'False',
    });
    const lists = a.host_lists as Prim[][];
    expect(lists[0]!.every((s) => s['nova_object.name'] === 'Selection')).toBe(true);
  });

  it('sends back the filter_properties it was given, the failure added to retry (exc, exc_reason)', () => {
    const given = argsOf(sends(events, 'build_and_run_instance')[0]!).filter_properties as Dict;
    const sent = argsOf(sends(events, 'build_instances')[0]!).filter_properties as Dict;
    expect(Object.keys(sent)).toEqual(Object.keys(given));
    expect(sent.limits).toEqual(given.limits);
    const retry = sent.retry as Dict;
    expect(Object.keys(retry)).toEqual(['num_attempts', 'hosts', 'exc', 'exc_reason']);
    expect(retry.num_attempts).toBe(1);
    const reason = retry.exc_reason as string;
    expect(reason).toMatch(/^Virtual machine vm1 failed to start/);
    // traceback.format_exception of RescheduledException, raised handling the driver's error
    const exc = retry.exc as string[];
    expect(exc[0]).toBe('Traceback (most recent call last):\n');
    expect(exc).toContain(`Exception: ${reason}\n`);
    expect(exc).toContain(
      '\nDuring handling of the above exception, another exception occurred:\n\n',
    );
    expect(exc.at(-1)).toMatch(
      new RegExp(
        `^nova\\.exception\\.RescheduledException: Build of instance [0-9a-f-]{36} was re-scheduled: ${reason}\\n$`,
      ),
    );
  });

  it("gives the alternate RequestSpec.from_primitives' spec: only what the legacy dicts carry, and the retry", () => {
    const [first, second] = sends(events, 'build_and_run_instance');
    const original = argsOf(first!).request_spec as Prim;
    const spec = argsOf(second!).request_spec as Prim;
    expect(spec['nova_object.version']).toBe('1.14');
    const keys = Object.keys(spec['nova_object.data']);
    expect(keys).toEqual([
      'image',
      'numa_topology',
      'pci_requests',
      'project_id',
      'user_id',
      'availability_zone',
      'flavor',
      'num_instances',
      'ignore_hosts',
      'force_hosts',
      'force_nodes',
      'requested_destination',
      'retry',
      'limits',
      'instance_group',
      'scheduler_hints',
      'instance_uuid',
      'requested_resources',
    ]);
    // a new object: every field it holds was set, so every one is a change
    expect(spec['nova_object.changes']).toEqual([...keys].sort());
    expect(Object.keys(original['nova_object.data'])).toContain('id');
    const retry = spec['nova_object.data'].retry as Prim;
    expect(retry['nova_object.name']).toBe('SchedulerRetries');
    expect(retry['nova_object.data'].num_attempts).toBe(2);
    const tried = (retry['nova_object.data'].hosts as Prim)['nova_object.data'].objects as Prim[];
    expect(tried.map((c) => c['nova_object.data'])).toEqual([
      { host: 'host1', hypervisor_hostname: 'host1' },
      { host: 'host2', hypervisor_hostname: 'host2' },
    ]);
    expect(spec['nova_object.data'].image).toEqual(original['nova_object.data'].image);
    expect(spec['nova_object.data'].flavor).toEqual(original['nova_object.data'].flavor);
  });

  it('keeps exc in retry for the alternate (populate_retry pops only exc_reason)', () => {
    const [first, second] = sends(events, 'build_and_run_instance');
    const retry = (argsOf(second!).filter_properties as Dict).retry as Dict;
    expect(Object.keys(retry)).toEqual(['num_attempts', 'hosts', 'exc']);
    expect(retry.num_attempts).toBe(2);
    expect(retry.hosts).toEqual([
      ['host1', 'host1'],
      ['host2', 'host2'],
    ]);
    expect(retry.exc).toEqual(
      ((argsOf(sends(events, 'build_instances')[0]!).filter_properties as Dict).retry as Dict).exc,
    );
    expect(Object.keys((argsOf(first!).filter_properties as Dict).retry as Dict)).toEqual([
      'num_attempts',
      'hosts',
    ]);
  });
});

describe('a second reschedule', () => {
  // the first two spawns fail: host1, then the alternate host2 hand the build back
  const twice = {
    ...(loadScenarioFile('reschedule.json') as Record<string, unknown>),
    faults: [{ kind: 'spawn-fails', host: '*', times: 2 }],
  };
  const { events } = runScenario(twice);

  it("sends back the RequestSpec the alternate was given: the conductor's from_primitives one", () => {
    const builds = sends(events, 'build_and_run_instance');
    const handedBack = sends(events, 'build_instances');
    expect(builds).toHaveLength(3);
    expect(handedBack).toHaveLength(2);
    // the first hand-back: the original, as schedule_and_build_instances sent it
    expect(argsOf(handedBack[0]!).request_spec).toEqual(argsOf(builds[0]!).request_spec);
    // the second: what the conductor sent host2, retry and all
    const second = argsOf(handedBack[1]!).request_spec as Prim;
    expect(second).toEqual(argsOf(builds[1]!).request_spec);
    expect(Object.keys(second['nova_object.data'])).not.toContain('id');
    const retry = second['nova_object.data'].retry as Prim;
    expect(retry['nova_object.data'].num_attempts).toBe(2);
    // and the third build: attempt 3, the three hosts tried
    const third = (argsOf(builds[2]!).request_spec as Prim)['nova_object.data'].retry as Prim;
    expect(third['nova_object.data'].num_attempts).toBe(3);
    const hosts = (third['nova_object.data'].hosts as Prim)['nova_object.data'].objects as Prim[];
    expect(hosts.map((c) => c['nova_object.data'].host)).toEqual(['host1', 'host2', 'host3']);
  });
});

describe('a remote failure', () => {
  const { events } = runScenario(loadScenarioFile('no-valid-host.json'));

  it("travels as serialize_remote_exception writes it: json.dumps' text", () => {
    const reply = events.find(
      (e): e is RpcEvent =>
        e.type === 'rpc' && e.phase === 'reply' && e.method === 'select_destinations',
    )!;
    const { failure, result } = JSON.parse(envelopeOf(reply)['oslo.message']) as {
      failure: string;
      result: unknown;
    };
    expect(result).toBeNull();
    expect(failure.startsWith('{"class": "NoValidHost", "module": "nova.exception", ')).toBe(true);
    expect(JSON.parse(failure)).toMatchObject({ message: 'No valid host was found. ' });
  });
});

describe("nova-compute's fault", () => {
  it('is created as add_instance_fault_from_exc sets it; the database stamps its time', () => {
    // the networking save is lost: the build is aborted with a fault
    const events = dropObjectAction(loadScenarioFile('one-boot.json') as Record<string, unknown>, {
      task_state: 'networking',
    });
    const faults = objinsts(events, 'InstanceFault');
    expect(faults).toHaveLength(1);
    const fault = faults[0]!;
    expect(Object.keys(fault['nova_object.data'])).toEqual([
      'instance_uuid',
      'code',
      'message',
      'details',
      'host',
    ]);
    expect(fault['nova_object.changes']).toEqual([
      'code',
      'details',
      'host',
      'instance_uuid',
      'message',
    ]);
    expect(fault['nova_object.data']).toMatchObject({ code: 500, host: 'compute' });
  });
});

describe('the root disk mapping nova-compute names (_default_block_device_names)', () => {
  const bdmSaves = (events: TraceEvent[]) =>
    sends(events, 'object_action').filter(
      (e) => (argsOf(e).objinst as Prim)['nova_object.name'] === 'BlockDeviceMapping',
    );
  const isBdmStateSave = (e: RpcEvent) => {
    const o = argsOf(e).objinst as Prim;
    return (
      o['nova_object.name'] === 'Instance' &&
      o['nova_object.data'].task_state === 'block_device_mapping'
    );
  };

  it('saves its device name through the conductor before the block_device_mapping save', () => {
    const { events } = runScenario(loadScenarioFile('one-boot.json'));
    const [save, ...more] = bdmSaves(events);
    expect(more).toEqual([]);
    const o = argsOf(save!).objinst as Prim;
    expect(o['nova_object.changes']).toEqual(['device_name']);
    expect(o['nova_object.data']).toMatchObject({ id: 1, device_name: '/dev/sda', boot_index: 0 });
    expect(argsOf(save!)).toMatchObject({ objmethod: 'save', args: [], kwargs: {} });
    const stateSave = sends(events, 'object_action').find(isBdmStateSave)!;
    expect(save!.seq).toBeLessThan(stateSave.seq);
    // the conductor writes it, stamped
    const write = events.find(
      (e) => e.type === 'db' && e.table === 'block_device_mapping' && e.op === 'update',
    );
    expect(write).toMatchObject({
      by: 'nova-conductor',
      database: 'nova-cell1-db',
      key: '1',
      fields: { device_name: '/dev/sda', updated_at: expect.any(String) },
    });
    expect(write!.seq).toBeGreaterThan(save!.seq);
    expect(write!.seq).toBeLessThan(stateSave.seq);
  });

  it('is named once: a reschedule reads the mapping again, with its name', () => {
    const { events } = runScenario(loadScenarioFile('reschedule.json'));
    expect(bdmSaves(events)).toHaveLength(1);
    const builds = sends(events, 'build_and_run_instance');
    expect(builds).toHaveLength(2);
    const rootOf = (e: RpcEvent) =>
      ((argsOf(e).block_device_mapping as Prim)['nova_object.data'].objects as Prim[])[0]![
        'nova_object.data'
      ];
    expect(rootOf(builds[0]!)).toMatchObject({ device_name: null, updated_at: null });
    expect(rootOf(builds[1]!)).toMatchObject({
      device_name: '/dev/sda',
      updated_at: expect.any(String),
    });
  });
});
