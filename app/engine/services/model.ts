import type { FlavorSpec, ImageSpec } from '../scenario';

/** What nova-api decided about one instance of a boot request; immutable once made. */
export interface BootSpec {
  uuid: string;
  request_id: string;
  display_name: string;
  hostname: string;
  flavor: FlavorSpec;
  flavorDbId: number;
  image: ImageSpec;
  /** 'none', 'auto', or the networks / ports asked for */
  networks: 'none' | 'auto' | { uuid?: string; port?: string }[];
  availability_zone: string | null;
  reservation_id: string;
  launch_index: number;
  num_instances: number;
  admin_password: string;
  created_t: number;
  context: Record<string, unknown>;
  /** the EC2 id of the image (s3_images: 1 for the first image of the cloud, and so on) */
  imageDbId: number;
  /**
   * the API database's request_specs and build_requests rows, once written (there, unset, from
   * the start: set later, they were properties added to a spec the cloud keeps)
   */
  requestSpecId: number | undefined;
  buildRequestId: number | undefined;
}

/** nova.objects.Selection: a host the scheduler picked, its claim in placement, its cell. */
export interface Selection {
  service_host: string;
  nodename: string;
  compute_node_uuid: string;
  cell_uuid: string;
  limits: {
    numa_topology: null;
    vcpu: number | null;
    disk_gb: number | null;
    memory_mb: number | null;
  };
  allocation_request: string;
  allocation_request_version: string;
  /** the host's zone when it was picked (Selection 1.1) */
  availability_zone: string | null;
}

/**
 * A Selection marked for the wire (objects.ts): its mark is on the prototype, so services read
 * its fields as they are, and the mark shows neither in a copy nor in JSON.
 */
class WireSelection {}
Object.defineProperty(WireSelection.prototype, '$nova', { value: 'Selection' });

export function asSelection(s: Selection): Selection {
  // set field by field, in Selection's order: Object.assign from the literal was a generic
  // copy, for a boot's host and each of its alternates
  const w = new WireSelection() as Selection;
  w.service_host = s.service_host;
  w.nodename = s.nodename;
  w.compute_node_uuid = s.compute_node_uuid;
  w.cell_uuid = s.cell_uuid;
  w.limits = s.limits;
  w.allocation_request = s.allocation_request;
  w.allocation_request_version = s.allocation_request_version;
  w.availability_zone = s.availability_zone;
  return w;
}

/** filter_properties['retry'] as populate_retry keeps it */
export interface Retry {
  num_attempts: number;
  hosts: [string, string][];
  /** set by a compute that failed the build: its traceback, kept by populate_retry */
  exc?: string[];
  exc_reason?: string;
}

/** The image's size in bytes, as glance-api answers it (one image file for every image). */
export const IMAGE_SIZE = 25165824;

/**
 * An instance as a service holds it, for the wire: the boot's fixed facts, the fields that
 * change over the boot (the cell's row, or what nova-compute has set on its copy), and the
 * fields changed since it was last saved.
 */
export interface InstanceView {
  spec: BootSpec;
  fields: InstanceFields;
  changes?: string[];
}

/**
 * The fields of an instance that change over its boot (objects.ts makes the others from the
 * boot's facts), in one shape: nova-compute copies them at every save.
 */
export interface InstanceFields {
  id: unknown;
  power_state: unknown;
  vm_state: unknown;
  task_state: unknown;
  host: unknown;
  node: unknown;
  launched_at: unknown;
  launched_on: unknown;
  availability_zone: unknown;
  root_device_name: unknown;
  system_metadata: Record<string, unknown> | null;
  network_info: unknown;
  info_cache_updated_at: unknown;
  updated_at: unknown;
}

/** Those fields of a row (or of another copy), with their values as a new instance has them. */
export function instanceFields(f: Partial<Record<keyof InstanceFields, unknown>>): InstanceFields {
  return {
    id: f.id ?? null,
    power_state: f.power_state ?? 0,
    vm_state: f.vm_state ?? 'building',
    task_state: f.task_state === undefined ? 'scheduling' : f.task_state,
    host: f.host ?? null,
    node: f.node ?? null,
    launched_at: f.launched_at ?? null,
    launched_on: f.launched_on ?? null,
    availability_zone: f.availability_zone ?? null,
    root_device_name: f.root_device_name ?? null,
    system_metadata: (f.system_metadata as Record<string, unknown> | null | undefined) ?? null,
    network_info: f.network_info ?? null,
    info_cache_updated_at: f.info_cache_updated_at ?? null,
    updated_at: f.updated_at ?? null,
  };
}

/** Marks a value that goes on the wire as a versioned object (built when the envelope is read). */
export interface NovaObjectRef {
  $nova: string;
  data: unknown;
}

export const obj = (name: string, data: unknown): NovaObjectRef => ({ $nova: name, data });

export const VM = { BUILDING: 'building', ACTIVE: 'active', ERROR: 'error' } as const;
export const POWER = { NOSTATE: 0, RUNNING: 1 } as const;
