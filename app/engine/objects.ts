import { isoSeconds } from './kernel/clock';
import type { BootSpec, NovaObjectRef } from './services/model';

/**
 * Versioned-object primitives (oslo.versionedobjects obj_to_primitive) for what the engine
 * carries as compact references; built only when an envelope is read.
 */
const VERSIONS: Record<string, string> = {
  Instance: '2.7',
  RequestSpec: '1.14',
  BuildRequest: '1.3',
  Flavor: '1.2',
  ImageMeta: '1.8',
  NetworkRequestList: '1.1',
  NetworkRequest: '1.3',
  BlockDeviceMappingList: '1.18',
  BlockDeviceMapping: '1.21',
  TagList: '1.1',
  InstanceList: '2.6',
  Service: '1.22',
  ComputeNode: '1.19',
  InstanceFault: '1.2',
  InstanceActionEvent: '1.4',
  Selection: '1.1',
};

function prim(name: string, data: unknown, changes?: string[]): Record<string, unknown> {
  return {
    'nova_object.name': name,
    'nova_object.namespace': 'nova',
    'nova_object.version': VERSIONS[name] ?? '1.0',
    'nova_object.data': data,
    ...(changes ? { 'nova_object.changes': changes } : {}),
  };
}

function flavor(spec: BootSpec) {
  const f = spec.flavor;
  return prim('Flavor', {
    id: spec.flavorDbId,
    name: f.name,
    memory_mb: f.ram,
    vcpus: f.vcpus,
    root_gb: f.disk,
    ephemeral_gb: 0,
    flavorid: f.id,
    swap: 0,
    rxtx_factor: 1.0,
    vcpu_weight: 0,
    disabled: false,
    is_public: true,
    extra_specs: {},
    description: null,
  });
}

function imageMeta(spec: BootSpec) {
  const i = spec.image;
  return prim('ImageMeta', {
    id: i.id,
    name: i.name,
    status: 'active',
    visibility: 'public',
    container_format: 'raw',
    disk_format: 'raw',
    min_ram: i.min_ram,
    min_disk: i.min_disk,
    properties: prim('ImageMetaProps', { hw_architecture: i.architecture }),
  });
}

function networks(n: BootSpec['networks']) {
  const objects =
    n === 'none' || n === 'auto'
      ? [{ network_id: n, port_id: null }]
      : n.map((x) => ({ network_id: x.uuid ?? null, port_id: x.port ?? null }));
  return prim('NetworkRequestList', {
    objects: objects.map((o) => prim('NetworkRequest', { ...o, device_profile: null })),
  });
}

function instance(spec: BootSpec, row: Record<string, unknown> | undefined) {
  return prim('Instance', {
    ...(row?.id !== undefined ? { id: row.id } : {}),
    user_id: 'admin',
    project_id: spec.context.project_id,
    image_ref: spec.image.id,
    hostname: spec.hostname,
    launch_index: spec.launch_index,
    power_state: row?.power_state ?? 0,
    vm_state: row?.vm_state ?? 'building',
    task_state: row ? row.task_state : 'scheduling',
    memory_mb: spec.flavor.ram,
    vcpus: spec.flavor.vcpus,
    root_gb: spec.flavor.disk,
    host: row?.host ?? null,
    node: row?.node ?? null,
    instance_type_id: spec.flavorDbId,
    reservation_id: spec.reservation_id,
    availability_zone: row?.availability_zone ?? spec.availability_zone,
    display_name: spec.display_name,
    uuid: spec.uuid,
    flavor: flavor(spec),
    created_at: isoSeconds(spec.created_t),
    deleted: false,
  });
}

function requestSpec(spec: BootSpec) {
  return prim('RequestSpec', {
    image: imageMeta(spec),
    project_id: spec.context.project_id,
    user_id: 'admin',
    availability_zone: spec.availability_zone,
    flavor: flavor(spec),
    num_instances: spec.num_instances,
    ignore_hosts: null,
    force_hosts: null,
    force_nodes: null,
    requested_destination: null,
    retry: null,
    instance_group: null,
    scheduler_hints: {},
    instance_uuid: spec.uuid,
    security_groups: prim('SecurityGroupList', {
      objects: [prim('SecurityGroup', { name: 'default' })],
    }),
    is_bfv: false,
    requested_networks: networks(spec.networks),
  });
}

/** Turns the compact references inside RPC args into the primitives Nova puts on the wire. */
export function toPrimitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPrimitive);
  if (value === null || typeof value !== 'object') return value;
  const ref = value as Partial<NovaObjectRef>;
  if (typeof ref.$nova === 'string') return refToPrimitive(ref as NovaObjectRef);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toPrimitive(v);
  return out;
}

function refToPrimitive(ref: NovaObjectRef): unknown {
  const d = ref.data as Record<string, unknown>;
  switch (ref.$nova) {
    case 'BuildRequest': {
      const spec = d as unknown as BootSpec;
      return prim('BuildRequest', {
        instance_uuid: spec.uuid,
        project_id: spec.context.project_id,
        instance: instance(spec, undefined),
        created_at: isoSeconds(spec.created_t),
      });
    }
    case 'RequestSpec':
      return requestSpec(d.spec as BootSpec);
    case 'Instance':
      return d.uuid && Object.keys(d).length === 1
        ? prim('Instance', { uuid: d.uuid })
        : prim('Instance', d);
    case 'image':
      return {
        id: d.id,
        name: d.name,
        status: 'active',
        container_format: 'raw',
        disk_format: 'raw',
        min_ram: d.min_ram,
        min_disk: d.min_disk,
        properties: { architecture: d.architecture },
      };
    case 'NetworkRequestList':
      return networks(d as unknown as BootSpec['networks']);
    case 'BlockDeviceMappingList':
      return prim('BlockDeviceMappingList', {
        objects: [
          prim('BlockDeviceMapping', {
            instance_uuid: d.uuid,
            source_type: 'image',
            destination_type: 'local',
            device_type: 'disk',
            boot_index: 0,
            image_id: d.image,
            delete_on_termination: true,
          }),
        ],
      });
    case 'TagList':
      return prim('TagList', { objects: [] });
    case 'InstanceList':
      return prim('InstanceList', {
        objects: (d as unknown as string[]).map((uuid) => prim('Instance', { uuid })),
      });
    default: {
      const { key, changes } = d as { key: string; changes: Record<string, unknown> };
      return prim(
        ref.$nova,
        { ...(ref.$nova === 'Instance' ? { uuid: key } : {}), ...changes },
        Object.keys(changes ?? {}),
      );
    }
  }
}
