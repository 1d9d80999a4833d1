import type { World } from '../world';
import { Table } from './table';

/** Rows as Nova's models name their columns (nova/db/{api,main}/models.py), trimmed. */
export interface InstanceRow {
  [k: string]: unknown;
  id: number;
  uuid: string;
  display_name: string;
  hostname: string;
  project_id: string;
  user_id: string;
  image_ref: string;
  instance_type_id: number;
  flavor: string;
  vcpus: number;
  memory_mb: number;
  root_gb: number;
  vm_state: string;
  task_state: string | null;
  power_state: number;
  host: string | null;
  node: string | null;
  launched_on: string | null;
  launched_at: string | null;
  availability_zone: string | null;
  reservation_id: string;
  launch_index: number;
  created_at: string;
  updated_at: string | null;
  deleted: number;
}

export interface FaultRow {
  [k: string]: unknown;
  id: number;
  instance_uuid: string;
  code: number;
  message: string;
  details: string;
  host: string | null;
  created_at: string;
}

export interface ServiceRow {
  [k: string]: unknown;
  id: number;
  uuid: string;
  host: string;
  binary: string;
  topic: string | null;
  report_count: number;
  disabled: boolean;
  forced_down: boolean;
  last_seen_up: string | null;
  created_at: string;
  updated_at: string | null;
  /** virtual ms of the last heartbeat, what servicegroup's is_up compares */
  last_seen_ms: number;
  version: number;
}

export interface ComputeNodeRow {
  [k: string]: unknown;
  id: number;
  uuid: string;
  host: string;
  hypervisor_hostname: string;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  vcpus_used: number;
  memory_mb_used: number;
  local_gb_used: number;
  running_vms: number;
  cpu_allocation_ratio: number;
  ram_allocation_ratio: number;
  disk_allocation_ratio: number;
}

export type AnyRow = Record<string, unknown>;

// The hot tables (a row or more a boot) each copy their rows with a spread of their own (Table).
export function cellTables(world: World, database: string) {
  return {
    instances: new Table<InstanceRow>(
      world,
      database,
      'instances',
      (r) => r.uuid,
      (r) => ({ ...r }),
    ),
    instance_faults: new Table<FaultRow>(world, database, 'instance_faults', (r) => String(r.id)),
    compute_nodes: new Table<ComputeNodeRow>(world, database, 'compute_nodes', (r) => r.uuid),
    services: new Table<ServiceRow>(world, database, 'services', (r) => `${r.host}/${r.binary}`),
    block_device_mapping: new Table<AnyRow>(
      world,
      database,
      'block_device_mapping',
      (r) => String(r.id),
      (r) => ({ ...r }),
    ),
    instance_actions: new Table<AnyRow>(
      world,
      database,
      'instance_actions',
      (r) => String(r.id),
      (r) => ({ ...r }),
    ),
    instance_actions_events: new Table<AnyRow>(world, database, 'instance_actions_events', (r) =>
      String(r.id),
    ),
  };
}
export type CellDb = ReturnType<typeof cellTables>;

export function apiTables(world: World) {
  const db = 'nova-api-db';
  return {
    build_requests: new Table<AnyRow>(
      world,
      db,
      'build_requests',
      (r) => String(r.instance_uuid),
      (r) => ({ ...r }),
    ),
    request_specs: new Table<AnyRow>(
      world,
      db,
      'request_specs',
      (r) => String(r.instance_uuid),
      (r) => ({ ...r }),
    ),
    instance_mappings: new Table<AnyRow>(
      world,
      db,
      'instance_mappings',
      (r) => String(r.instance_uuid),
      (r) => ({ ...r }),
    ),
    host_mappings: new Table<AnyRow>(world, db, 'host_mappings', (r) => String(r.host)),
    cell_mappings: new Table<AnyRow>(world, db, 'cell_mappings', (r) => String(r.uuid)),
  };
}
export type ApiDb = ReturnType<typeof apiTables>;

export function placementTables(world: World) {
  const db = 'placement';
  return {
    resource_providers: new Table<AnyRow>(world, db, 'resource_providers', (r) => String(r.uuid)),
    inventories: new Table<AnyRow>(
      world,
      db,
      'inventories',
      (r) => `${r.resource_provider}/${r.resource_class}`,
    ),
    allocations: new Table<AnyRow>(
      world,
      db,
      'allocations',
      (r) => [r.consumer_id, '/', r.resource_provider, '/', r.resource_class].join(''),
      (r) => ({ ...r }),
    ),
  };
}
export type PlacementDb = ReturnType<typeof placementTables>;

export const CELL0 = {
  uuid: '00000000-0000-0000-0000-000000000000',
  name: 'cell0',
  database: 'nova-cell0-db',
} as const;
export const CELL1_NAME = 'cell1';
