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
  /** the API database's request_specs and build_requests rows, once written */
  requestSpecId?: number;
  buildRequestId?: number;
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
 * Marks a Selection for the wire (objects.ts): services read its fields as they are, and the
 * mark does not show in a copy or in JSON.
 */
export function asSelection(s: Selection): Selection {
  return Object.defineProperty(s, '$nova', { value: 'Selection', enumerable: false });
}

/** filter_properties['retry'] as populate_retry keeps it */
export interface Retry {
  num_attempts: number;
  hosts: [string, string][];
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
  fields: Record<string, unknown>;
  changes?: string[];
}

/** Marks a value that goes on the wire as a versioned object (built when the envelope is read). */
export interface NovaObjectRef {
  $nova: string;
  data: unknown;
}

export const obj = (name: string, data: unknown): NovaObjectRef => ({ $nova: name, data });

export const VM = { BUILDING: 'building', ACTIVE: 'active', ERROR: 'error' } as const;
export const POWER = { NOSTATE: 0, RUNNING: 1 } as const;
