import { describe, expect, it } from 'vitest';
import { bootRequest, IMG, loadScenarioFile, runScenario, testScenario } from './testing';
import type { NotificationEvent, TraceEvent } from './trace';

/** Instance notifications' payloads, field by field as Nova 26.2.2's classes define them. */

type Wrapped = {
  'nova_object.name': string;
  'nova_object.version': string;
  'nova_object.data': Record<string, unknown>;
};

const payloadOf = (events: TraceEvent[], type: string, nth = 0) =>
  events.filter((e): e is NotificationEvent => e.type === 'notification' && e.event_type === type)[
    nth
  ]!.payload as Wrapped;

/** InstancePayload's fields in their order (notifications/objects/instance.py), request_id aside */
const INSTANCE = [
  'uuid',
  'user_id',
  'tenant_id',
  'reservation_id',
  'display_name',
  'display_description',
  'host_name',
  'host',
  'node',
  'os_type',
  'architecture',
  'availability_zone',
  'flavor',
  'image_uuid',
  'key_name',
  'kernel_id',
  'ramdisk_id',
  'created_at',
  'launched_at',
  'terminated_at',
  'deleted_at',
  'updated_at',
  'state',
  'power_state',
  'task_state',
  'progress',
  'ip_addresses',
  'block_devices',
  'metadata',
  'locked',
  'auto_disk_config',
  'action_initiator_user',
  'action_initiator_project',
  'locked_reason',
];

describe('instance.create.* and instance.shutdown.*', () => {
  const port = runScenario(loadScenarioFile('boot-with-port.json')).events;

  it("list a class's own fields first, then its parents', as oslo.versionedobjects does", () => {
    const end = payloadOf(port, 'instance.create.end');
    expect(end['nova_object.name']).toBe('InstanceCreatePayload');
    expect(end['nova_object.version']).toBe('1.12');
    expect(Object.keys(end['nova_object.data'])).toEqual([
      'keypairs',
      'tags',
      'trusted_image_certificates',
      'instance_name',
      'fault',
      'request_id',
      ...INSTANCE,
    ]);
    const shutdown = payloadOf(
      runScenario(loadScenarioFile('reschedule.json')).events,
      'instance.shutdown.start',
    );
    expect(shutdown['nova_object.version']).toBe('1.8');
    expect(Object.keys(shutdown['nova_object.data'])).toEqual(['fault', 'request_id', ...INSTANCE]);
    // _shutdown_instance passes the build's BDMs too
    expect(shutdown['nova_object.data'].block_devices).toEqual([]);
  });

  it('say the instance as it is when sent: before the claim no host, at the end running', () => {
    const start = payloadOf(port, 'instance.create.start')['nova_object.data'];
    expect(start).toMatchObject({
      host: null,
      node: null,
      state: 'building',
      power_state: 'pending',
      launched_at: null,
      ip_addresses: [],
      instance_name: 'instance-00000001',
      auto_disk_config: 'MANUAL',
      // from_bdms over the build's BDMs, which have no volume: not None
      block_devices: [],
    });
    const end = payloadOf(port, 'instance.create.end')['nova_object.data'];
    expect(end).toMatchObject({ host: 'compute', node: 'fake-mini', state: 'active' });
    expect(end.power_state).toBe('running');
    expect(end.launched_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // the port's fixed address, as IpPayload.from_network_info reads the info cache
    expect(end.ip_addresses).toEqual([
      expect.objectContaining({
        'nova_object.name': 'IpPayload',
        'nova_object.data': expect.objectContaining({
          version: 4,
          address: expect.stringMatching(/^192\.168\.1\./),
          device_name: expect.stringMatching(/^tap/),
        }),
      }),
    ]);
    const flavor = end.flavor as Wrapped;
    expect(flavor['nova_object.version']).toBe('1.4');
    expect(flavor['nova_object.data']).toMatchObject({ name: 'm1.tiny', projects: null });
  });

  it("carry the build's failure in instance.create.error", () => {
    const error = payloadOf(
      runScenario(loadScenarioFile('reschedule.json')).events,
      'instance.create.error',
    )['nova_object.data'];
    expect(error.fault).toMatchObject({ 'nova_object.name': 'ExceptionPayload' });
    expect(error.state).toBe('building');
  });
});

/** RequestSpecPayload 1.1's fields in their order (notifications/objects/request_spec.py) */
const REQUEST_SPEC = [
  'instance_uuid',
  'project_id',
  'user_id',
  'availability_zone',
  'flavor',
  'force_hosts',
  'force_nodes',
  'ignore_hosts',
  'instance_group',
  'image',
  'numa_topology',
  'pci_requests',
  'num_instances',
  'requested_destination',
  'retry',
  'scheduler_hints',
  'security_groups',
];

const instancesOf = (events: TraceEvent[]) => [
  ...new Set(events.flatMap((e) => (e.type === 'state' ? [e.instance] : []))),
];

describe('scheduler.select_destinations.* and compute_task.build_instances.error', () => {
  const three = runScenario(
    testScenario({
      requests: [bootRequest('vm', 0, { min_count: 3, max_count: 3 })],
    }),
  ).events;

  it('carry the whole RequestSpec, image_meta (never set) left out', () => {
    const start = payloadOf(three, 'scheduler.select_destinations.start');
    expect(start['nova_object.name']).toBe('RequestSpecPayload');
    expect(start['nova_object.version']).toBe('1.1');
    const data = start['nova_object.data'];
    expect(Object.keys(data)).toEqual(REQUEST_SPEC);
    expect(data).toMatchObject({
      user_id: 'admin',
      availability_zone: null,
      num_instances: 3,
      retry: null,
      scheduler_hints: {},
      security_groups: ['default'],
    });
    expect((data.flavor as Wrapped)['nova_object.data']).toMatchObject({
      name: 'm1.tiny',
      vcpus: 1,
      projects: null,
    });
    const image = data.image as Wrapped;
    expect(image['nova_object.name']).toBe('ImageMetaPayload');
    expect(image['nova_object.data']).toMatchObject({
      id: IMG,
      name: 'cirros',
      checksum: null,
      created_at: expect.stringMatching(/Z$/),
      properties: {
        'nova_object.name': 'ImageMetaPropsPayload',
        'nova_object.namespace': 'nova',
        'nova_object.version': '1.12',
        'nova_object.data': { hw_architecture: 'x86_64' },
      },
    });
  });

  it('name the first instance at .start and the last at .end; the PCI requests keep the first', () => {
    const uuids = instancesOf(three);
    expect(uuids).toHaveLength(3);
    const start = payloadOf(three, 'scheduler.select_destinations.start')['nova_object.data'];
    const end = payloadOf(three, 'scheduler.select_destinations.end')['nova_object.data'];
    expect(start.instance_uuid).toBe(uuids[0]);
    expect(end.instance_uuid).toBe(uuids[2]);
    for (const p of [start, end])
      expect((p.pci_requests as Wrapped)['nova_object.data']).toEqual({
        instance_uuid: uuids[0],
        requests: [],
      });
  });

  it('carry the spec rebuilt from its legacy dict on a build error: no security groups', () => {
    const none = runScenario(loadScenarioFile('no-valid-host.json')).events;
    const error = payloadOf(none, 'compute_task.build_instances.error')['nova_object.data'];
    const spec = error.request_spec as Wrapped;
    expect(Object.keys(spec['nova_object.data'])).toEqual(REQUEST_SPEC);
    expect(spec['nova_object.data']).toMatchObject({
      instance_uuid: error.instance_uuid,
      security_groups: [],
      retry: null,
    });
  });
});

describe('service.create and service.update', () => {
  it("carry the whole ServiceStatusPayload 1.1, the service's uuid included", () => {
    const events = runScenario(loadScenarioFile('host-down.json')).events;
    const created = events.filter(
      (e): e is NotificationEvent => e.type === 'notification' && e.event_type === 'service.create',
    );
    // nova-osapi_compute, nova-conductor, nova-scheduler, and a nova-compute a host
    expect(created).toHaveLength(6);
    const uuids = new Set<unknown>();
    for (const n of created) {
      const p = n.payload as Wrapped;
      expect(p['nova_object.version']).toBe('1.1');
      expect(Object.keys(p['nova_object.data'])).toEqual([
        'host',
        'binary',
        'topic',
        'report_count',
        'disabled',
        'disabled_reason',
        'availability_zone',
        'last_seen_up',
        'forced_down',
        'version',
        'uuid',
      ]);
      expect(p['nova_object.data']).toMatchObject({ report_count: 0, last_seen_up: null });
      uuids.add(p['nova_object.data'].uuid);
    }
    expect(uuids.size).toBe(6);
    // NotificationSource.get_source_by_binary: the API's binary publishes as nova-api
    expect(created.map((n) => n.publisher).slice(0, 3)).toEqual([
      'nova-api:api',
      'nova-conductor:conductor',
      'nova-scheduler:scheduler',
    ]);
    // the service's row keeps the same uuid
    const row = events.find(
      (e) => e.type === 'db' && e.table === 'services' && e.op === 'insert',
    ) as { fields: Record<string, unknown> } | undefined;
    expect(uuids).toContain(row!.fields.uuid);
    // forcing host1 down is a save of forced_down: service.update says so
    const update = payloadOf(events, 'service.update')['nova_object.data'];
    expect(update).toMatchObject({ host: 'host1', binary: 'nova-compute', forced_down: true });
  });
});
