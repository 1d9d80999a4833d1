import { isoSeconds } from './kernel/clock';
import {
  type BootSpec,
  IMAGE_SIZE,
  type InstanceFields,
  type InstanceView,
  type NovaObjectRef,
  type Retry,
  type Selection,
} from './services/model';

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
  ImageMetaProps: '1.34',
  NetworkRequestList: '1.1',
  NetworkRequest: '1.3',
  BlockDeviceMappingList: '1.18',
  BlockDeviceMapping: '1.21',
  TagList: '1.1',
  InstanceList: '2.6',
  InstanceInfoCache: '1.5',
  InstancePCIRequests: '1.1',
  SecurityGroupList: '1.1',
  SecurityGroup: '1.2',
  KeyPairList: '1.3',
  EC2Ids: '1.0',
  SchedulerLimits: '1.0',
  RequestLevelParams: '1.1',
  Service: '1.22',
  ComputeNode: '1.19',
  ComputeNodeList: '1.17',
  SchedulerRetries: '1.1',
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

/**
 * The parts of a boot's objects that never change, made once per boot: every message of the
 * boot carries them again (an Instance holds its flavor, an image's metadata, ...). They are
 * only ever read (serialized), never changed.
 */
function perBoot<T>(make: (spec: BootSpec) => T): (spec: BootSpec) => T {
  const made = new WeakMap<BootSpec, T>();
  return (spec) => {
    let v = made.get(spec);
    if (v === undefined) made.set(spec, (v = make(spec)));
    return v;
  };
}

/**
 * Instance.obj_what_changed() as nova-compute saves: the fields set, ec2_ids (a child object
 * whose changes a save does not reset), and the tags the conductor set, until the first save.
 */
function whatChanged(changes: Record<string, unknown>, firstSave: boolean): string[] {
  const names = new Set(Object.keys(changes));
  names.add('ec2_ids');
  if (firstSave) names.add('tags');
  return [...names].sort();
}

/** An object built field by field and not saved yet: every field it has is a change. */
const fresh = (name: string, data: Record<string, unknown>) =>
  prim(name, data, Object.keys(data).sort());

/** Flavors and images exist from the start of the cloud. */
const CLOUD_CREATED = isoSeconds(0);
/** The image as nova's glance client hands it over (timestamps with microseconds). */
const CLOUD_CREATED_MICROS = CLOUD_CREATED.replace('Z', '.000000');
/**
 * The image's own properties, as the recordings' image has them (utils.get_system_metadata_from_image
 * copies each into the instance's system_metadata as image_<key>).
 */
const imageProperties = (spec: BootSpec) => ({
  kernel_id: 'nokernel',
  ramdisk_id: 'nokernel',
  architecture: spec.image.architecture,
});

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * A time as a versioned object's DateTimeField writes it (`2026-11-23T19:37:36Z`, whole
 * seconds), whatever format the row keeps it in (the API's has microseconds).
 */
const objectTime = (v: unknown) => (typeof v === 'string' ? `${v.slice(0, 19)}Z` : null);

const flavor = perBoot((spec: BootSpec) => {
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
    created_at: CLOUD_CREATED,
    updated_at: null,
    deleted_at: null,
    deleted: false,
  });
});

const imageMeta = perBoot((spec: BootSpec) => {
  const i = spec.image;
  return fresh('ImageMeta', {
    id: i.id,
    name: i.name,
    status: 'active',
    visibility: 'public',
    protected: false,
    size: IMAGE_SIZE,
    container_format: 'raw',
    disk_format: 'raw',
    created_at: CLOUD_CREATED,
    updated_at: CLOUD_CREATED,
    tags: [],
    min_ram: i.min_ram,
    min_disk: i.min_disk,
    properties: fresh('ImageMetaProps', { hw_architecture: i.architecture }),
  });
});

/** The image argument: the glance image as a dict (jsonutils.to_primitive), not an object. */
function imageDict(spec: BootSpec) {
  const i = spec.image;
  return {
    id: i.id,
    name: i.name,
    created_at: CLOUD_CREATED_MICROS,
    updated_at: CLOUD_CREATED_MICROS,
    deleted_at: null,
    deleted: false,
    status: 'active',
    is_public: false,
    container_format: 'raw',
    disk_format: 'raw',
    size: String(IMAGE_SIZE),
    min_ram: i.min_ram,
    min_disk: i.min_disk,
    protected: false,
    visibility: 'public',
    tags: [],
    properties: imageProperties(spec),
  };
}

function networks(n: BootSpec['networks']) {
  // "none" and "auto" are one request naming the network so; a port or a network asked for
  // is a request with every field (nova.api.openstack.compute.servers._get_requested_networks)
  const objects =
    n === 'none' || n === 'auto'
      ? [fresh('NetworkRequest', { network_id: n, port_id: null, device_profile: null })]
      : n.map((x) =>
          fresh('NetworkRequest', {
            network_id: x.uuid ?? null,
            address: null,
            port_id: x.port ?? null,
            pci_request_id: null,
            tag: null,
            arq_uuid: null,
            device_profile: null,
          }),
        );
  return prim('NetworkRequestList', { objects }, ['objects']);
}

const EMPTY_LISTS = new Map<string, Record<string, unknown>>();
/** An object list with nothing in it (the same one every time: it is only read). */
const emptyList = (name: string) => {
  let l = EMPTY_LISTS.get(name);
  if (l === undefined) EMPTY_LISTS.set(name, (l = prim(name, { objects: [] })));
  return l;
};

/**
 * The image's root disk as a block device mapping: as the API builds it (no instance yet), in
 * the BuildRequest (with its instance), and as the cell database holds it.
 */
function rootBdm(
  spec: BootSpec,
  stage: 'api' | 'build-request' | 'cell',
  row?: BdmRow,
  changes?: string[],
) {
  const fields = {
    source_type: 'image',
    destination_type: 'local',
    guest_format: null,
    device_type: 'disk',
    disk_bus: null,
    boot_index: 0,
    device_name: row?.device_name ?? null,
    delete_on_termination: true,
    snapshot_id: null,
    volume_id: null,
    volume_size: null,
    image_id: spec.image.id,
    no_device: false,
    connection_info: null,
    tag: null,
  };
  const encryption = {
    volume_type: null,
    encrypted: false,
    encryption_secret_uuid: null,
    encryption_format: null,
    encryption_options: null,
  };
  if (stage === 'api') return fresh('BlockDeviceMapping', { ...fields, ...encryption });
  if (stage === 'build-request')
    return prim('BlockDeviceMapping', { instance_uuid: spec.uuid, ...fields, ...encryption });
  return prim(
    'BlockDeviceMapping',
    {
      id: row?.id ?? 1,
      uuid: row?.uuid ?? null,
      instance_uuid: spec.uuid,
      ...fields,
      attachment_id: null,
      ...encryption,
      created_at: isoSeconds(spec.created_t),
      updated_at: row?.updated_at ?? null,
      deleted_at: null,
      deleted: false,
    },
    changes,
  );
}

/** The root disk mapping's row as the cell database holds it, for its object. */
export interface BdmRow {
  id: number;
  uuid: string;
  /** named by nova-compute's first build of the instance (_default_block_device_names) */
  device_name?: string | null;
  updated_at?: string | null;
}

const baseSystemMetadata = perBoot((spec: BootSpec) => {
  const i = spec.image;
  const props = imageProperties(spec);
  return {
    image_kernel_id: props.kernel_id,
    image_ramdisk_id: props.ramdisk_id,
    image_architecture: props.architecture,
    image_min_ram: String(i.min_ram),
    // the flavor's root disk when larger (compute.API: the image needs at least that much)
    image_min_disk: String(Math.max(i.min_disk, spec.flavor.disk)),
    image_disk_format: 'raw',
    image_container_format: 'raw',
    image_base_image_ref: i.id,
    owner_user_name: null,
    owner_project_name: null,
  };
});

function systemMetadata(spec: BootSpec, extra: unknown) {
  const base = baseSystemMetadata(spec);
  return extra !== null && typeof extra === 'object' ? { ...base, ...extra } : base;
}

/**
 * An Instance as the wire has it: every field, in Nova's order. In a BuildRequest (before the
 * cell has it) the fields only the cell database gives are not set. `f` holds what changes
 * over the boot (the cell's row, or what nova-compute has set on its copy).
 */
function instance(
  spec: BootSpec,
  f: Partial<InstanceFields>,
  stage: 'build-request' | 'cell',
  changes?: string[],
) {
  const cell = stage === 'cell';
  const created = isoSeconds(spec.created_t);
  const id = typeof f.id === 'number' ? f.id : 0;
  const data: Record<string, unknown> = {};
  if (cell) data.id = id;
  Object.assign(data, {
    user_id: 'admin',
    project_id: spec.context.project_id,
    image_ref: spec.image.id,
    kernel_id: '',
    ramdisk_id: '',
    hostname: spec.hostname,
    launch_index: spec.launch_index,
    key_name: null,
    key_data: null,
    power_state: f.power_state ?? 0,
    vm_state: f.vm_state ?? 'building',
    task_state: 'task_state' in f ? f.task_state : 'scheduling',
    memory_mb: spec.flavor.ram,
    vcpus: spec.flavor.vcpus,
    root_gb: spec.flavor.disk,
    ephemeral_gb: 0,
    ephemeral_key_uuid: null,
    host: f.host ?? null,
    node: f.node ?? null,
    instance_type_id: spec.flavorDbId,
    user_data: null,
    reservation_id: spec.reservation_id,
    launched_at: objectTime(f.launched_at),
    terminated_at: null,
    availability_zone: 'availability_zone' in f ? f.availability_zone : spec.availability_zone,
    display_name: spec.display_name,
    display_description: null,
    launched_on: f.launched_on ?? null,
    locked: false,
    locked_by: null,
    os_type: null,
    architecture: spec.image.architecture,
    vm_mode: null,
    uuid: spec.uuid,
    root_device_name: f.root_device_name ?? null,
  });
  if (cell) Object.assign(data, { default_ephemeral_device: null, default_swap_device: null });
  Object.assign(data, {
    config_drive: '',
    access_ip_v4: null,
    access_ip_v6: null,
    auto_disk_config: false,
    progress: 0,
    shutdown_terminate: false,
    disable_terminate: false,
    cell_name: null,
    metadata: {},
    system_metadata: systemMetadata(spec, f.system_metadata),
    info_cache: prim('InstanceInfoCache', {
      instance_uuid: spec.uuid,
      network_info: typeof f.network_info === 'string' ? f.network_info : '[]',
      ...(cell
        ? {
            created_at: created,
            updated_at: f.info_cache_updated_at ?? null,
            deleted_at: null,
            deleted: false,
          }
        : {}),
    }),
    security_groups: emptyList('SecurityGroupList'),
  });
  if (cell) data.cleaned = false;
  data.numa_topology = null;
  data.pci_requests = prim('InstancePCIRequests', {
    ...(cell ? { instance_uuid: spec.uuid } : {}),
    requests: [],
  });
  if (cell) data.device_metadata = null;
  Object.assign(data, {
    tags: emptyList('TagList'),
    flavor: flavor(spec),
    old_flavor: null,
    new_flavor: null,
  });
  if (cell) {
    data.vcpu_model = null;
    data.ec2_ids = fresh('EC2Ids', {
      instance_id: `i-${hex8(id)}`,
      ami_id: `ami-${hex8(spec.imageDbId)}`,
      kernel_id: null,
      ramdisk_id: null,
    });
  }
  Object.assign(data, { keypairs: emptyList('KeyPairList'), trusted_certs: null, hidden: false });
  if (cell) data.resources = null;
  data.created_at = created;
  data.updated_at = objectTime(f.updated_at);
  if (cell) data.deleted_at = null;
  data.deleted = false;
  return prim('Instance', data, changes);
}

/**
 * The fields a RequestSpec has from its instance, flavor and image, then the four hints no
 * boot here sets (in the order of RequestSpec.fields): the original's and the one
 * from_primitives rebuilds on a reschedule share them.
 */
const specBasics = (spec: BootSpec) => ({
  image: imageMeta(spec),
  numa_topology: null,
  pci_requests: fresh('InstancePCIRequests', { requests: [] }),
  project_id: spec.context.project_id,
  user_id: 'admin',
  availability_zone: spec.availability_zone,
  flavor: flavor(spec),
  num_instances: spec.num_instances,
  ignore_hosts: null,
  force_hosts: null,
  force_nodes: null,
  requested_destination: null,
});

type Limits = Partial<Record<'numa_topology' | 'vcpu' | 'disk_gb' | 'memory_mb', unknown>>;

/** SchedulerLimits.from_dict: what the dict does not set takes its default (None). */
const schedulerLimits = (limits: Limits) =>
  fresh('SchedulerLimits', {
    numa_topology: limits.numa_topology ?? null,
    vcpu: limits.vcpu ?? null,
    disk_gb: limits.disk_gb ?? null,
    memory_mb: limits.memory_mb ?? null,
  });

const requestSpec = perBoot((spec: BootSpec) => {
  return prim(
    'RequestSpec',
    {
      ...(spec.requestSpecId !== undefined ? { id: spec.requestSpecId } : {}),
      ...specBasics(spec),
      retry: null,
      limits: schedulerLimits({}),
      instance_group: null,
      scheduler_hints: {},
      instance_uuid: spec.uuid,
      security_groups: prim(
        'SecurityGroupList',
        { objects: [fresh('SecurityGroup', { name: 'default' })] },
        ['objects'],
      ),
      // neutron create_resource_requests: the physnets and tunneling of the networks asked
      // for (the cloud's networks are tunneled; an auto-allocated one is not looked at)
      ...(spec.networks !== 'none'
        ? {
            network_metadata: fresh('NetworkMetadata', {
              physnets: [],
              tunneled: Array.isArray(spec.networks),
            }),
          }
        : {}),
      is_bfv: false,
      requested_resources: [],
      request_level_params: prim('RequestLevelParams', {}),
      requested_networks: networks(spec.networks),
    },
    [
      'image',
      'limits',
      ...(spec.networks !== 'none' ? ['network_metadata'] : []),
      'pci_requests',
      'requested_networks',
      'security_groups',
    ],
  );
});

/**
 * The RequestSpec of a rescheduled build: conductor build_instances makes it with
 * RequestSpec.from_primitives from the legacy request spec and filter_properties, a new object
 * holding only what those dicts carry (no id, security groups, network metadata, is_bfv,
 * request level params or requested networks), the retry as SchedulerRetries of the hosts
 * tried, and the original's requested_resources put back.
 */
function rescheduledRequestSpec(spec: BootSpec, retry: Retry, limits: Limits) {
  const data = {
    ...specBasics(spec),
    retry: fresh('SchedulerRetries', {
      num_attempts: retry.num_attempts,
      hosts: prim(
        'ComputeNodeList',
        {
          objects: retry.hosts.map(([host, node]) =>
            fresh('ComputeNode', { host, hypervisor_hostname: node }),
          ),
        },
        ['objects'],
      ),
    }),
    // from the Selection's limits, as populate_filter_properties put them
    limits: schedulerLimits(limits),
    instance_group: null,
    scheduler_hints: {},
    instance_uuid: spec.uuid,
    requested_resources: [],
  };
  return fresh('RequestSpec', data);
}

/**
 * The resource tracker's ComputeNode (the fields the simulation keeps, in Nova's order). Its
 * stats are a dict of strings (nova.compute.stats); the counters kept beside the row here
 * are what the stats and current_workload say.
 */
function computeNode(n: Record<string, unknown>, changedColumns: string[]) {
  const num = (k: string) => (typeof n[k] === 'number' ? n[k] : 0);
  const stats = {
    num_instances: String(num('num_instances')),
    io_workload: String(num('io_workload')),
    failed_builds: String(num('failed_builds')),
  };
  const data = {
    id: n.id,
    uuid: n.uuid,
    host: n.host,
    vcpus: n.vcpus,
    memory_mb: n.memory_mb,
    local_gb: n.local_gb,
    vcpus_used: n.vcpus_used,
    memory_mb_used: n.memory_mb_used,
    local_gb_used: n.local_gb_used,
    hypervisor_hostname: n.hypervisor_hostname,
    free_ram_mb: num('memory_mb') - num('memory_mb_used'),
    free_disk_gb: num('local_gb') - num('local_gb_used'),
    current_workload: num('io_workload'),
    running_vms: n.running_vms,
    stats,
    cpu_allocation_ratio: n.cpu_allocation_ratio,
    ram_allocation_ratio: n.ram_allocation_ratio,
    disk_allocation_ratio: n.disk_allocation_ratio,
    updated_at: n.updated_at ?? null,
  };
  const changes = new Set<string>();
  for (const c of changedColumns) {
    if (c === 'memory_mb_used') changes.add('free_ram_mb');
    if (c === 'local_gb_used') changes.add('free_disk_gb');
    if (c === 'io_workload') changes.add('current_workload');
    if (c === 'num_instances' || c === 'io_workload' || c === 'failed_builds') changes.add('stats');
    else if (c in data) changes.add(c);
  }
  return prim('ComputeNode', data, [...changes].sort());
}

/** Selection.from_host_state: every field set, the limits from a dict with their defaults. */
function selection(s: Selection) {
  return fresh('Selection', {
    compute_node_uuid: s.compute_node_uuid,
    service_host: s.service_host,
    nodename: s.nodename,
    cell_uuid: s.cell_uuid,
    limits: fresh('SchedulerLimits', { ...s.limits }),
    allocation_request: s.allocation_request,
    allocation_request_version: s.allocation_request_version,
    availability_zone: s.availability_zone,
  });
}

/** Turns the compact references inside RPC args into the primitives Nova puts on the wire. */
export function toPrimitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPrimitive);
  if (value === null || typeof value !== 'object') return value;
  const ref = value as Partial<NovaObjectRef>;
  if (ref.$nova === 'Selection') return selection(value as Selection);
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
        ...(spec.buildRequestId !== undefined ? { id: spec.buildRequestId } : {}),
        instance_uuid: spec.uuid,
        project_id: spec.context.project_id,
        instance: instance(spec, {}, 'build-request'),
        block_device_mappings: prim('BlockDeviceMappingList', {
          objects: [rootBdm(spec, 'build-request')],
        }),
        created_at: isoSeconds(spec.created_t),
        updated_at: null,
        tags: emptyList('TagList'),
      });
    }
    case 'RequestSpec':
      return d.retry
        ? rescheduledRequestSpec(
            d.spec as BootSpec,
            d.retry as Retry,
            (d.limits as Limits | undefined) ?? {},
          )
        : requestSpec(d.spec as BootSpec);
    case 'Instance': {
      // a view (InstanceView); from nova-compute's object_action, the view it saves and what
      // its obj_what_changed says
      const v = d as Partial<InstanceView> & { firstSave?: boolean };
      if (!v.spec) return prim('Instance', d);
      const saved =
        v.firstSave === undefined
          ? v.changes
          : whatChanged(d.changes as Record<string, unknown>, v.firstSave);
      return instance(v.spec, v.fields ?? {}, 'cell', saved);
    }
    case 'image':
      return imageDict(d.spec as BootSpec);
    case 'NetworkRequestList':
      return networks(d as unknown as BootSpec['networks']);
    case 'BlockDeviceMapping': {
      // nova-compute's root_bdm.save() of the device name it chose
      const b = d as unknown as { spec: BootSpec; row: BdmRow; wireChanges: string[] };
      return rootBdm(b.spec, 'cell', b.row, b.wireChanges);
    }
    case 'BlockDeviceMappingList': {
      const b = d as unknown as { spec: BootSpec; row?: BdmRow };
      return prim(
        'BlockDeviceMappingList',
        { objects: [rootBdm(b.spec, b.row ? 'cell' : 'api', b.row)] },
        ['objects'],
      );
    }
    case 'ComputeNode': {
      const { node, wireChanges } = d as { node?: Record<string, unknown>; wireChanges?: string[] };
      return node ? computeNode(node, wireChanges ?? []) : prim('ComputeNode', d);
    }
    case 'Service': {
      const { service } = d as { service?: Record<string, unknown> };
      if (!service) return prim('Service', d);
      // servicegroup's db driver: report_count += 1 and save() (service_update then stamps
      // last_seen_up and updated_at in the database, not on this object)
      return prim(
        'Service',
        {
          id: service.id,
          uuid: service.uuid,
          host: service.host,
          binary: service.binary,
          topic: service.topic,
          report_count: service.report_count,
          disabled: service.disabled,
          disabled_reason: null,
          last_seen_up: service.last_seen_up,
          forced_down: service.forced_down,
          version: service.version,
          // NovaPersistentObject's, after the class's own
          created_at: objectTime(service.created_at),
          updated_at: service.updated_at ?? null,
          deleted_at: null,
          deleted: false,
        },
        ['report_count'],
      );
    }
    case 'InstanceFault': {
      // add_instance_fault_from_exc sets these, then create(); the database stamps the time
      const { changes } = d as { changes: Record<string, unknown> };
      const { created_at: _stamped, ...set } = changes;
      return prim(
        'InstanceFault',
        {
          instance_uuid: set.instance_uuid,
          code: set.code,
          message: set.message,
          details: set.details,
          host: set.host,
        },
        Object.keys(set).sort(),
      );
    }
    case 'TagList':
      return prim('TagList', { objects: [] }, ['objects']);
    case 'InstanceList':
      return prim(
        'InstanceList',
        {
          objects: (d as unknown as InstanceView[]).map((v) =>
            instance(v.spec, v.fields, 'cell', v.changes),
          ),
        },
        ['objects'],
      );
    default: {
      const { changes } = d as { changes?: Record<string, unknown> };
      return prim(ref.$nova, { ...changes }, Object.keys(changes ?? {}).sort());
    }
  }
}
