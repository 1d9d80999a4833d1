import { isoSeconds } from '../kernel/clock';
import type { FlavorSpec } from '../scenario';
import type { BootSpec, InstanceFields } from './model';

/**
 * The versioned notification payloads of an instance (Nova 26.2.2's
 * notifications/objects/instance.py), with the values the instance has on the wire
 * (objects.ts). A payload's primitive lists its class's own fields first, then its parents'
 * in their order (oslo.versionedobjects' _make_class_properties): InstanceCreatePayload's
 * four, InstanceActionPayload's fault and request_id, then InstancePayload's.
 */

export type Wrapped = Record<string, unknown>;

export const wrap = (name: string, version: string, data: Record<string, unknown>): Wrapped => ({
  'nova_object.name': name,
  'nova_object.namespace': 'nova',
  'nova_object.version': version,
  'nova_object.data': data,
});

/** A DateTimeField as a payload writes it: to the second, `Z`. */
export const payloadTime = (v: unknown): string | null =>
  typeof v === 'string' ? `${v.slice(0, 19)}Z` : null;

/**
 * FlavorPayload 1.4 of the instance's flavor: `projects`, not loaded on an instance's flavor,
 * is None (populate_schema). One per flavor, shared by every payload that carries it (four
 * a boot): it depends on the flavor alone, and an emitted event is never changed.
 */
export function flavorPayload(spec: BootSpec): Wrapped {
  let made = flavorPayloads.get(spec.flavor);
  if (made === undefined) flavorPayloads.set(spec.flavor, (made = makeFlavorPayload(spec.flavor)));
  return made;
}

const flavorPayloads = new WeakMap<FlavorSpec, Wrapped>();

function makeFlavorPayload(f: FlavorSpec): Wrapped {
  return wrap('FlavorPayload', '1.4', {
    flavorid: f.id,
    memory_mb: f.ram,
    vcpus: f.vcpus,
    root_gb: f.disk,
    ephemeral_gb: 0,
    name: f.name,
    swap: 0,
    rxtx_factor: 1.0,
    vcpu_weight: 0,
    disabled: false,
    is_public: true,
    extra_specs: {},
    projects: null,
    description: null,
  });
}

interface VifIp {
  address: string;
  type: string;
  version: number;
}
interface VifJson {
  id: string;
  address: string;
  devname: string;
  meta: Record<string, string>;
  network: { label: string; subnets: { ips: VifIp[] }[] };
}

/** IpPayload.from_network_info: one for each fixed address of each VIF. */
function ipPayloads(networkInfo: unknown): Wrapped[] {
  if (typeof networkInfo !== 'string') return [];
  const vifs = JSON.parse(networkInfo) as VifJson[];
  return vifs.flatMap((vif) =>
    vif.network.subnets
      .flatMap((s) => s.ips)
      .filter((ip) => ip.type === 'fixed')
      .map((ip) =>
        wrap('IpPayload', '1.0', {
          label: vif.network.label,
          mac: vif.address,
          meta: vif.meta,
          port_uuid: vif.id,
          version: ip.version,
          address: ip.address,
          device_name: vif.devname,
        }),
      ),
  );
}

/** What an instance notification is sent at: the state, host and task of that moment. */
export interface PayloadAt {
  state: string;
  power: string;
  task: string | null;
  host: string | null;
  node: string | null;
}

/**
 * InstanceCreatePayload's data (its four fields, the fault and the request, then
 * InstancePayload's), as one literal: a spread of InstancePayload's fields after the others
 * added them one at a time, and past a dozen such the payload went to dictionary mode,
 * bigger and slower to build for every instance.create.* of every boot.
 */
function createData(
  spec: BootSpec,
  f: InstanceFields,
  at: PayloadAt,
  fault: Wrapped | null,
): Record<string, unknown> {
  const user = spec.context.user_id ?? 'admin';
  const id = typeof f.id === 'number' ? f.id : 0;
  return {
    keypairs: [],
    tags: [],
    trusted_image_certificates: null,
    instance_name: `instance-${id.toString(16).padStart(8, '0')}`,
    fault,
    request_id: spec.request_id,
    uuid: spec.uuid,
    user_id: user,
    tenant_id: spec.context.project_id,
    reservation_id: spec.reservation_id,
    display_name: spec.display_name,
    display_description: null,
    host_name: spec.hostname,
    host: at.host,
    node: at.node,
    os_type: null,
    architecture: spec.image.architecture,
    availability_zone: f.availability_zone,
    flavor: flavorPayload(spec),
    image_uuid: spec.image.id,
    key_name: null,
    kernel_id: '',
    ramdisk_id: '',
    created_at: isoSeconds(spec.created_t),
    launched_at: payloadTime(f.launched_at),
    terminated_at: null,
    deleted_at: null,
    updated_at: payloadTime(f.updated_at),
    state: at.state,
    power_state: at.power,
    task_state: at.task,
    progress: 0,
    ip_addresses: ipPayloads(f.network_info),
    // the build passes its BDMs (bdms=block_device_mapping), so from_bdms runs, not
    // from_instance: it lists the volumes only, and an image-backed boot has none
    block_devices: [],
    metadata: {},
    locked: false,
    // DiskConfigField: False is MANUAL
    auto_disk_config: 'MANUAL',
    action_initiator_user: user,
    action_initiator_project: spec.context.project_id,
    locked_reason: null,
  };
}

/**
 * InstanceActionPayload 1.8 (instance.shutdown.*): the fault, the request, the instance, in
 * the order InstanceCreatePayload has them after its own four (sent only when a spawn failed).
 */
export function instanceActionPayload(
  spec: BootSpec,
  f: InstanceFields,
  at: PayloadAt,
  fault: Wrapped | null,
): Wrapped {
  const {
    keypairs: _keypairs,
    tags: _tags,
    trusted_image_certificates: _certificates,
    instance_name: _name,
    ...data
  } = createData(spec, f, at, fault);
  return wrap('InstanceActionPayload', '1.8', data);
}

/**
 * InstanceCreatePayload 1.12 (instance.create.*): no key pairs or tags asked for, no trusted
 * certificates, and the instance's name from its id (instance-%08x).
 */
export function instanceCreatePayload(
  spec: BootSpec,
  f: InstanceFields,
  at: PayloadAt,
  fault: Wrapped | null,
): Wrapped {
  return wrap('InstanceCreatePayload', '1.12', createData(spec, f, at, fault));
}
