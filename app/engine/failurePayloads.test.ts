import { describe, expect, it } from 'vitest';
import type { NotificationEvent, TraceEvent } from './trace';
import {
  bootRequest,
  dropObjectAction,
  finalServer,
  hostsNamed,
  IMG,
  loadScenarioFile,
  runScenario,
  states,
  testScenario,
} from './testing';

/** Payloads and object state on the failure paths, read against Nova 26.2.2 (a fourth audit). */

const notification = (events: TraceEvent[], type: string) =>
  events.find((e): e is NotificationEvent => e.type === 'notification' && e.event_type === type);

const data = (n: NotificationEvent | undefined) =>
  (n?.payload as { 'nova_object.data': Record<string, unknown> })['nova_object.data'];

const faultOf = (n: NotificationEvent | undefined) =>
  (data(n).fault as { 'nova_object.data': Record<string, unknown> } | null)?.['nova_object.data'];

describe('instance.create.error', () => {
  const { events } = runScenario(loadScenarioFile('reschedule.json'));
  const error = notification(events, 'instance.create.error');

  it('after an aborted claim names no host or node (abort_instance_claim unset them)', () => {
    expect(data(error)).toMatchObject({ host: null, node: null, task_state: 'spawning' });
  });

  it("carries ExceptionPayload.from_exception of the driver's error, with its traceback", () => {
    const fault = faultOf(error)!;
    expect(fault).toMatchObject({
      module_name: 'nova.virt.fake',
      function_name: 'spawn',
      exception: 'Exception',
    });
    expect(fault.exception_message).toMatch(/failed to start/);
    // from _build_and_run_instance's handler: the frame of the driver call, then the error
    expect(fault.traceback).toMatch(
      /^Traceback \(most recent call last\):\n, {2}File "[^"]+\/nova\/compute\/manager\.py", line 2521, in _build_and_run_instance\n {4}self\.driver\.spawn\(context, instance, image_meta,\n,Exception: /,
    );
  });

  it('stamps created_at as DateTimeField does: to the second, with Z', () => {
    for (const type of ['instance.create.start', 'instance.create.error', 'instance.create.end'])
      expect(data(notification(events, type)).created_at).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
  });
});

describe('an Instance.save() whose object_action is lost', () => {
  const base = loadScenarioFile('one-boot.json') as Record<string, unknown>;
  const afterTimeout = (events: TraceEvent[]) =>
    events.slice(events.findIndex((e) => e.type === 'mq' && e.op === 'timeout'));

  it('at spawning: the abort save writes task_state spawning with host and node unset', () => {
    const events = afterTimeout(dropObjectAction(base, { task_state: 'spawning' }));
    expect(states(events)[0]).toEqual({
      vm_state: 'building',
      task_state: 'spawning',
      power_state: 0,
      host: null,
      node: null,
    });
    expect(faultOf(notification(events, 'instance.create.error'))).toMatchObject({
      exception: 'MessagingTimeout',
      module_name: 'oslo_messaging._drivers.amqpdriver',
      function_name: 'get',
    });
  });

  it('at active: the next save makes it ACTIVE and running before the error, as Nova leaves it', () => {
    const all = dropObjectAction(base, { vm_state: 'active' });
    const events = afterTimeout(all);
    expect(states(events).map((s) => [s.vm_state, s.power_state])).toEqual([
      ['active', 1],
      ['error', 1],
    ]);
    expect(finalServer(all)).toMatchObject({
      status: 'ERROR',
      'OS-EXT-STS:power_state': 1,
      'OS-SRV-USG:launched_at': expect.stringMatching(/^\d{4}-/),
    });
  });
});

describe('a multi-create', () => {
  const uuidsOf = (events: TraceEvent[]) => [
    ...new Set(events.flatMap((e) => (e.type === 'state' ? [e.instance] : []))),
  ];

  /** `count` instances in one request (min_count = max_count), on `hosts`, of `flavor` */
  const multiCreate = (count: number, hosts: unknown[], flavor: Record<string, unknown>) =>
    runScenario(
      testScenario({
        cloud: { hosts, flavors: [{ id: '1', ...flavor }], images: [{ id: IMG, name: 'cirros' }] },
        requests: [bootRequest('vm', 0, { min_count: count, max_count: count })],
      }),
    );

  it('scheduler.select_destinations.end names the last instance placed (spec_obj.instance_uuid)', () => {
    const { events } = multiCreate(3, hostsNamed('host1', 'host2', 'host3'), {
      name: 'm1.tiny',
      vcpus: 1,
      ram: 512,
      disk: 1,
    });
    const uuids = uuidsOf(events);
    expect(uuids).toHaveLength(3);
    expect(data(notification(events, 'scheduler.select_destinations.start'))).toMatchObject({
      instance_uuid: uuids[0],
      num_instances: 3,
    });
    expect(data(notification(events, 'scheduler.select_destinations.end'))).toMatchObject({
      instance_uuid: uuids[2],
      num_instances: 3,
    });
  });

  it('buried in cell0: every instance is notified with the request spec of the first', () => {
    // room for one m1.big: the second claim fails, and both instances are buried
    const { events } = multiCreate(2, [{ name: 'host1', vcpus: 2, memory_mb: 2048, disk_gb: 10 }], {
      name: 'm1.big',
      vcpus: 1,
      ram: 1536,
      disk: 1,
    });
    const errors = events.filter(
      (e): e is NotificationEvent =>
        e.type === 'notification' && e.event_type === 'compute_task.build_instances.error',
    );
    expect(errors).toHaveLength(2);
    const [a, b] = errors.map(data);
    expect(a!.instance_uuid).not.toBe(b!.instance_uuid);
    const specOf = (d: Record<string, unknown>) =>
      (d.request_spec as { 'nova_object.data': { instance_uuid: string } })['nova_object.data']
        .instance_uuid;
    expect(specOf(a!)).toBe(a!.instance_uuid);
    expect(specOf(b!)).toBe(a!.instance_uuid);
  });
});

describe('compute_task.build_instances.error', () => {
  it("carries the traceback as ExceptionPayload.from_exception joins it: ','.join(format_exception(...))", () => {
    const { events } = runScenario(loadScenarioFile('no-valid-host.json'));
    const error = notification(events, 'compute_task.build_instances.error');
    const reason = data(error).reason as { 'nova_object.data': { traceback: string } };
    const parts = reason['nova_object.data'].traceback.split(',  File ');
    expect(parts[0]).toBe('Traceback (most recent call last):\n');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.at(-1)).toMatch(/\n,nova\.exception\.NoValidHost: No valid host was found\. \n$/);
  });
});

describe('quota exceeded at the conductor’s recheck (two boots, room for one)', () => {
  const scenario = testScenario({
    cloud: {
      hosts: hostsNamed('host1'),
      quotas: { instances: 1, cores: 20, ram: 51200 },
      flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
      images: [{ id: IMG, name: 'cirros' }],
    },
    requests: [
      { at: 0, name: 'vm1', flavorRef: '1', imageRef: IMG, networks: 'none' },
      { at: 5, name: 'vm2', flavorRef: '1', imageRef: IMG, networks: 'none' },
    ],
  });
  const { events } = runScenario(scenario);
  const loser = events.find(
    (e): e is NotificationEvent =>
      e.type === 'notification' && e.event_type === 'compute_task.build_instances.error',
  )!;
  const uuid = loser.instance!;

  it('stores the block device mappings in the cell (_cleanup_build_artifacts)', () => {
    const bdms = events.filter(
      (e) =>
        e.type === 'db' &&
        e.database === 'nova-cell1-db' &&
        e.table === 'block_device_mapping' &&
        e.op === 'insert' &&
        e.instance === uuid,
    );
    expect(bdms).toHaveLength(1);
  });

  it('shows the zone the conductor gave the instance, though it has no host', () => {
    const last = events.filter(
      (e) =>
        e.type === 'rest' &&
        e.phase === 'response' &&
        e.from === 'nova-api' &&
        e.method === 'GET' &&
        e.path.endsWith(uuid),
    );
    const server = (last[last.length - 1] as { body: { server: Record<string, unknown> } }).body
      .server;
    expect(server).toMatchObject({
      status: 'ERROR',
      'OS-EXT-SRV-ATTR:host': null,
      'OS-EXT-AZ:availability_zone': 'nova',
    });
  });
});

describe('retries exhausted (retries-exhausted.json)', () => {
  const { events } = runScenario(loadScenarioFile('retries-exhausted.json'));

  it("the conductor's network clean-up writes nothing: the compute saved network_allocated already", () => {
    const error = events.findIndex(
      (e) => e.type === 'notification' && e.event_type === 'compute_task.build_instances.error',
    );
    const writes = events
      .slice(error)
      .filter((e) => e.type === 'db' && e.by === 'nova-conductor' && e.table === 'instances');
    expect(writes).toEqual([]);
  });

  it('object_action replies with what the database changed and nothing left to save', () => {
    const reply = events.find(
      (e) => e.type === 'rpc' && e.phase === 'reply' && e.method === 'object_action',
    );
    const [updates] = (reply as { payload: { result: [Record<string, unknown>, null] } }).payload
      .result;
    expect(updates).toEqual({
      updated_at: expect.stringMatching(/Z$/),
      obj_what_changed: [],
    });
  });
});

describe('compute_task.build_instances.error after NoValidHost', () => {
  const raisedIn = (events: TraceEvent[]) =>
    data(notification(events, 'compute_task.build_instances.error'))?.reason as {
      'nova_object.data': Record<string, unknown>;
    };

  it('names where the scheduler raised it: select_destinations when placement offered nothing', () => {
    const { events } = runScenario(loadScenarioFile('no-valid-host.json'));
    expect(raisedIn(events)['nova_object.data']).toMatchObject({
      exception: 'NoValidHost',
      module_name: 'nova.scheduler.manager',
      function_name: 'select_destinations',
    });
  });

  it('and _ensure_sufficient_hosts when fewer hosts were left than instances asked', () => {
    // two servers in one request, room for one: the scheduler claims one and gives up
    const { events } = runScenario(
      testScenario({
        cloud: {
          hosts: [{ name: 'host1', vcpus: 1, memory_mb: 1024, disk_gb: 10 }],
          flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
          images: [{ id: IMG, name: 'cirros' }],
        },
        requests: [
          {
            at: 0,
            name: 'vm1',
            flavorRef: '1',
            imageRef: IMG,
            networks: 'none',
            min_count: 2,
            max_count: 2,
          },
        ],
      }),
    );
    expect(raisedIn(events)['nova_object.data']).toMatchObject({
      exception: 'NoValidHost',
      exception_message: 'No valid host was found. There are not enough hosts available.',
      function_name: '_ensure_sufficient_hosts',
    });
  });
});
