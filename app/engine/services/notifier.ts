import type { World } from '../world';

/**
 * Versioned notifications (oslo.messaging notifier, topic versioned_notifications). They are
 * published to the broker but no Nova service consumes them, so they are a trace event, not
 * a message on the diagram's RPC edges.
 */
export function notify(
  world: World,
  publisher: string,
  event_type: string,
  payload: Record<string, unknown>,
  ids: { request_id?: string | null; instance?: string | null },
): void {
  world.emit({
    type: 'notification',
    request_id: ids.request_id ?? null,
    instance: ids.instance ?? null,
    publisher,
    event_type,
    payload,
  });
}
