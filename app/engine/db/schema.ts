import type { World } from '../world';
import { Table } from './table';
import { TraceOnlyTable } from './traceOnlyTable';

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

/*
 * The hot tables (a row or more a boot) each copy their rows with a spread of their own (Table).
 * Keys and copies are module functions, not arrows made for each run's tables: an arrow of a
 * run that has ended loses its optimized code at the next full collection, and every run's
 * tables had theirs compiled again.
 */
const byUuid = (r: { uuid: string }) => r.uuid;
const byId = (r: AnyRow) => String(r.id);
const byInstanceUuid = (r: AnyRow) => String(r.instance_uuid);
const copyInstance = (r: InstanceRow) => ({ ...r });
const copyBdm = (r: AnyRow) => ({ ...r });
const copyAction = (r: AnyRow) => ({ ...r });
const copyBuildRequest = (r: AnyRow) => ({ ...r });
const copyInstanceMapping = (r: AnyRow) => ({ ...r });
const serviceKey = (r: ServiceRow) => `${r.host}/${r.binary}`;
const hostKey = (r: AnyRow) => String(r.host);
const cellMappingKey = (r: AnyRow) => String(r.uuid);
const inventoryKey = (r: AnyRow) => `${r.resource_provider}/${r.resource_class}`;
const allocationKey = (r: AnyRow) =>
  [r.consumer_id, '/', r.resource_provider, '/', r.resource_class].join('');

export function cellTables(world: World, database: string) {
  return {
    instances: new Table<InstanceRow>(world, database, 'instances', byUuid, copyInstance),
    instance_faults: new Table<FaultRow>(world, database, 'instance_faults', byId),
    compute_nodes: new Table<ComputeNodeRow>(world, database, 'compute_nodes', byUuid),
    services: new Table<ServiceRow>(world, database, 'services', serviceKey),
    block_device_mapping: new Table<AnyRow>(world, database, 'block_device_mapping', byId, copyBdm),
    instance_actions: new Table<AnyRow>(world, database, 'instance_actions', byId, copyAction),
    instance_actions_events: new Table<AnyRow>(world, database, 'instance_actions_events', byId),
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
      byInstanceUuid,
      copyBuildRequest,
    ),
    // read by nothing in the engine (nova-api keeps the spec): its rows only go to the trace
    request_specs: new TraceOnlyTable<AnyRow>(world, db, 'request_specs', byInstanceUuid),
    instance_mappings: new Table<AnyRow>(
      world,
      db,
      'instance_mappings',
      byInstanceUuid,
      copyInstanceMapping,
    ),
    host_mappings: new Table<AnyRow>(world, db, 'host_mappings', hostKey),
    cell_mappings: new Table<AnyRow>(world, db, 'cell_mappings', cellMappingKey),
  };
}
export type ApiDb = ReturnType<typeof apiTables>;

export function placementTables(world: World) {
  const db = 'placement';
  return {
    resource_providers: new Table<AnyRow>(world, db, 'resource_providers', cellMappingKey),
    inventories: new Table<AnyRow>(world, db, 'inventories', inventoryKey),
    allocations: new TraceOnlyTable<AnyRow>(world, db, 'allocations', allocationKey),
  };
}
export type PlacementDb = ReturnType<typeof placementTables>;

export const CELL0 = {
  uuid: '00000000-0000-0000-0000-000000000000',
  name: 'cell0',
  database: 'nova-cell0-db',
} as const;
export const CELL1_NAME = 'cell1';
