import type { ResolvedScenario } from '../scenario';
import { derivedUuid } from './derivedUuid';

/** [DEFAULT] default_availability_zone: the zone of a compute host in no zone's aggregate. */
export const DEFAULT_AZ = 'nova';
/** [DEFAULT] internal_service_availability_zone: the zone of nova-conductor and nova-scheduler. */
export const INTERNAL_AZ = 'internal';

/**
 * A cloud's availability zones as Nova keeps them: a host in a zone other than the default is
 * in a host aggregate with `availability_zone` metadata, mirrored in placement as an
 * aggregate of its resource provider. The scenario's hosts say their zone; the aggregates
 * were made by the operator before the run (their uuids derived from the zone's name, so
 * that a scenario without zones draws nothing more from the run's random numbers).
 */
export class Zones {
  private readonly byHost = new Map<string, string>();
  private readonly aggregates = new Map<string, string>();

  constructor(scenario: ResolvedScenario) {
    for (const h of scenario.cloud.hosts) {
      this.byHost.set(h.name, h.az);
      if (h.az !== DEFAULT_AZ && !this.aggregates.has(h.az))
        this.aggregates.set(h.az, derivedUuid(`aggregate:${h.az}`));
    }
  }

  /** availability_zones.get_host_availability_zone */
  ofHost(host: string): string {
    return this.byHost.get(host) ?? DEFAULT_AZ;
  }

  /** The placement aggregate of a zone's host aggregate; none for the default zone. */
  aggregate(az: string): string | null {
    return this.aggregates.get(az) ?? null;
  }

  /**
   * get_availability_zones(get_only_available=True): the zones of the enabled services
   * (every service here is enabled; a forced-down one is still enabled).
   */
  available(): Set<string> {
    return new Set([...this.byHost.values(), INTERNAL_AZ]);
  }
}
