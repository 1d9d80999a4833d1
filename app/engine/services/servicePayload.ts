import type { ServiceRow } from '../db/schema';

/**
 * ServiceStatusPayload 1.1 (notifications/objects/service.py) of a service as its row has it,
 * for service.create and service.update: availability_zone, which a Service loaded from the
 * database does not have, is None, as populate_schema leaves a field it cannot load.
 */
export function serviceStatusPayload(row: ServiceRow): Record<string, unknown> {
  return {
    'nova_object.name': 'ServiceStatusPayload',
    'nova_object.namespace': 'nova',
    'nova_object.version': '1.1',
    'nova_object.data': {
      host: row.host,
      binary: row.binary,
      topic: row.topic,
      report_count: row.report_count,
      disabled: row.disabled,
      disabled_reason: null,
      availability_zone: null,
      last_seen_up: row.last_seen_up,
      forced_down: row.forced_down,
      version: row.version,
      uuid: row.uuid,
    },
  };
}
