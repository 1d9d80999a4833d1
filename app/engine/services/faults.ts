import type { RemoteFailure } from '../trace';

/** A nova.exception the way oslo.messaging serialises it into a `failure` reply. */
export function novaFailure(cls: string, message: string, kwargs: Record<string, unknown> = {}): RemoteFailure {
  return {
    class: cls,
    module: 'nova.exception',
    message,
    tb: [
      'Traceback (most recent call last):\n',
      '  File "/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py", line 165, in _process_incoming\n    res = self.dispatcher.dispatch(message)\n',
      `nova.exception.${cls}: ${message}\n`,
    ],
    args: [message],
    kwargs: { code: 500, ...kwargs },
  };
}

/** The traceback text an instance_faults row keeps in `details` for a code-500 fault. */
export function faultDetails(where: string, cls: string, message: string): string {
  const module = cls === 'MessagingTimeout' ? 'oslo_messaging.exceptions' : 'nova.exception';
  return `Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/nova/conductor/manager.py", line 1654, in ${where}\n    host_lists = self._schedule_instances(context, request_specs[0],\n${module}.${cls}: ${message}\n`;
}

/** nova.utils.safe_truncate(message, 255) */
export const truncate255 = (s: string): string => (s.length > 255 ? s.slice(0, 255) : s);
