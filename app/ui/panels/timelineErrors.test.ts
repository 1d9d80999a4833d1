import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '../../protocol/views';
import { isErrorRow, rowLabel } from './timelineErrors';

const row = (type: TimelineMessage['type'], style: string, label: string): TimelineMessage => ({
  seq: 1,
  t: 0,
  type,
  from: 'a',
  to: 'b',
  label,
  style,
});

describe('isErrorRow', () => {
  it.each([
    ['a failed spawn', row('hypervisor', 'hypervisor', 'spawn error')],
    ['a 4xx response', row('rest', 'response', '403 POST /v2.1/servers')],
    ['a 5xx response', row('rest', 'response', '500 GET /v2.0/ports')],
    ['a reply carrying a failure', row('rpc', 'reply', 'build_and_run_instance ✗')],
    ['a MessagingTimeout', row('mq', 'fault', 'timeout object_action')],
    ['a dropped message (a ✕, as on the diagram)', row('mq', 'fault', 'drop object_action')],
    ['NoValidHost', row('schedule', 'schedule', 'NoValidHost')],
    ['vm_state error', row('state', 'state', 'error / None')],
    ['a request ending in ERROR', row('client', 'state', 'ERROR')],
    ['a request refused', row('client', 'state', 'rejected 403')],
  ])('counts %s as an error', (_what, m) => expect(isErrorRow(m)).toBe(true));

  it.each([
    ['a spawn that ends', row('hypervisor', 'hypervisor', 'spawn end')],
    ['a 2xx response', row('rest', 'response', '202 POST /v2.1/servers')],
    ['a request whose path has 404 in it', row('rest', 'request', 'GET /v2.1/servers/404')],
    ['a reply with a result', row('rpc', 'reply', 'select_destinations ↩')],
    ['a call', row('rpc', 'call', 'select_destinations')],
    ['a host chosen', row('schedule', 'schedule', '→ host1')],
    ['an instance building', row('state', 'state', 'building / spawning')],
    ['a request ending ACTIVE', row('client', 'state', 'ACTIVE')],
    ['a database write of an error field', row('db', 'db', 'insert instance_faults')],
  ])('does not count %s', (_what, m) => expect(isErrorRow(m)).toBe(false));
});

describe('rowLabel', () => {
  it('drops the failed reply mark when the row gets the error mark instead', () => {
    const m = row('rpc', 'reply', 'build_and_run_instance ✗');
    expect(rowLabel(m, true)).toBe('build_and_run_instance');
    expect(rowLabel(m, false)).toBe('build_and_run_instance ✗');
  });

  it('leaves other labels as they are', () => {
    expect(rowLabel(row('hypervisor', 'hypervisor', 'spawn error'), true)).toBe('spawn error');
  });
});
