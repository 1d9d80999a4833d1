import type { Proc } from '../kernel/coroutine';
import type { Broker } from '../mq/broker';
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
    seq: 0,
    t: 0,
  });
}

/** Where Nova's versioned notifications go: topic versioned_notifications, priority info. */
export const NOTIFICATIONS_QUEUE = 'versioned_notifications.info';

/**
 * A running service's notification. Nova's notifier sets no retry limit (oslo: retry None is
 * "retry forever"), so while RabbitMQ is down the thread that notifies waits for it, as a
 * caster does, and the notification goes out once the broker is back. Its payload is made
 * before the wait, as Nova's is.
 */
export function* publish(
  cloud: { world: World; broker: Broker },
  publisher: string,
  event_type: string,
  payload: Record<string, unknown>,
  ids: { request_id?: string | null; instance?: string | null },
): Proc<void> {
  if (cloud.broker.down) {
    const what = {
      queue: NOTIFICATIONS_QUEUE,
      by: publisherProcess(publisher),
      msg_id: null,
      method: event_type,
      request_id: ids.request_id ?? null,
      instance: ids.instance ?? null,
    };
    yield (done) => cloud.broker.whenUp(what, () => done(null));
  }
  notify(cloud.world, publisher, event_type, payload, ids);
}

/** The process behind a publisher id (`binary:host`): nova-compute is one process a host. */
export function publisherProcess(publisher: string): string {
  const [binary = publisher, host = ''] = publisher.split(':');
  return binary === 'nova-compute' ? `nova-compute@${host}` : binary;
}
