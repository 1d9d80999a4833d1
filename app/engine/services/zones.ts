import { sha256 } from '@noble/hashes/sha2.js';
import type { ResolvedScenario } from '../scenario';

/** [DEFAULT] default_availability_zone: the zone of a compute host in no zone's aggregate. */
export const DEFAULT_AZ = 'nova';
/** [DEFAULT] internal_service_availability_zone: the zone of nova-conductor and nova-scheduler. */
export const INTERNAL_AZ = 'internal';

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

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
      if (h.az !== DEFAULT_AZ && !this.aggregates.has(h.az)) {
        const d = hex(sha256(new TextEncoder().encode(`aggregate:${h.az}`)));
        this.aggregates.set(
          h.az,
          `${d.slice(0, 8)}-${d.slice(8, 12)}-4${d.slice(13, 16)}-a${d.slice(17, 20)}-${d.slice(20, 32)}`,
        );
      }
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
