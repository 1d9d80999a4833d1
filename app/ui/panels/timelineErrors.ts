import type { TimelineMessage } from '../../protocol/views';

/**
 * Whether a timeline row is something going wrong: a spawn error, a REST response of 400 or
 * more, an RPC reply carrying a failure, a message dropped, a MessagingTimeout, NoValidHost, an instance going
 * to vm_state error, a request that did not end ACTIVE. A row carries only its label, so this
 * reads the labels worker/timeline.ts writes (app/timelineErrors.test.ts holds the two
 * together on real traces).
 */
export function isErrorRow(m: TimelineMessage): boolean {
  switch (m.type) {
    case 'hypervisor':
      return m.label.endsWith(' error');
    case 'rest':
      return m.style === 'response' && Number.parseInt(m.label, 10) >= 400;
    case 'rpc':
      return m.style === 'reply' && m.label.endsWith(FAILED_REPLY);
    case 'mq':
      return m.label.startsWith('timeout') || m.label.startsWith('drop');
    case 'schedule':
      return m.label === 'NoValidHost';
    case 'state':
      return m.label.startsWith('error /');
    case 'client':
      return m.label !== 'ACTIVE';
    default:
      return false;
  }
}

/** the mark worker/timeline.ts puts after the method of a reply that carries a failure */
const FAILED_REPLY = ' ✗';

/** The label drawn for a row: an error row gets its own mark in front, so the reply's goes. */
export function rowLabel(m: TimelineMessage, error: boolean): string {
  return error && m.label.endsWith(FAILED_REPLY) ? m.label.slice(0, -FAILED_REPLY.length) : m.label;
}
