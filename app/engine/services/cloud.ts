import type { ApiDb, CellDb, PlacementDb } from '../db/schema';
import type { Broker } from '../mq/broker';
import type { ResolvedScenario } from '../scenario';
import type { World } from '../world';
import type { Neutron } from './peers';
import type { Placement } from './placement';
import type { RestNet } from './rest';
import type { Zones } from './zones';

/** The shared infrastructure every service is built on. */
export interface Cloud {
  world: World;
  scenario: ResolvedScenario;
  broker: Broker;
  rest: RestNet;
  apiDb: ApiDb;
  cell0: CellDb;
  cell1: CellDb;
  cell1Uuid: string;
  placementDb: PlacementDb;
  placement: Placement;
  neutron: Neutron;
  /** the hosts' availability zones and the zones' aggregates */
  zones: Zones;
  /** host name → compute node uuid (= placement resource provider uuid) */
  nodes: Map<string, string>;
  /**
   * Live instances per project across all cells: what Nova's DB quota driver counts
   * (InstanceList.get_counts). Kept as a running sum so a check costs O(1).
   */
  usage: Map<string, { instances: number; cores: number; ram: number }>;
  /** spawn-fails faults still to fire */
  spawnFaults: { host: string; remaining: number; from: number }[];
}

/** The cell DB a cell_mapping uuid names. */
export function cellDb(cloud: Cloud, cellUuid: string | null | undefined): CellDb {
  return cellUuid === cloud.cell1Uuid ? cloud.cell1 : cloud.cell0;
}

export function projectUsage(
  cloud: Cloud,
  project: string,
): { instances: number; cores: number; ram: number } {
  let u = cloud.usage.get(project);
  if (!u) {
    u = { instances: 0, cores: 0, ram: 0 };
    cloud.usage.set(project, u);
  }
  return u;
}
