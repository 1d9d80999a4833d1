import { describe, expect, it } from 'vitest';
import type { InstanceRow } from '../protocol/messages';
import { parseRequestList, requestList } from './bigStepsOf';

const row = (uuid: string, name: string | null, request_id: string | null): InstanceRow => ({
  uuid,
  name,
  request_id,
  vm_state: 'building',
  task_state: null,
  power_state: 0,
  host: null,
  fault: null,
  failedOn: [],
  spawnError: null,
  handedBack: 0,
  timedOut: null,
});

describe('the requests the big steps can follow', () => {
  it('lists each request once, in its first server’s order, with its servers counted', () => {
    const rows = [
      row('a', 'web-1', 'req-1'),
      row('b', 'db', 'req-2'),
      row('c', 'web-2', 'req-1'),
      row('d', null, 'req-3456789abcdef'),
      row('e', 'orphan', null),
    ];
    const byId = Object.fromEntries(rows.map((r) => [r.uuid, r]));
    const list = parseRequestList(requestList(['a', 'b', 'c', 'd', 'e'], byId));
    expect(list).toEqual([
      { id: 'req-1', name: 'web-1', count: 2 },
      { id: 'req-2', name: 'db', count: 1 },
      // no name yet: its id, shortened
      { id: 'req-3456789abcdef', name: 'req-3456789a', count: 1 },
    ]);
  });

  it('is the same string while no request changes, and empty with no server', () => {
    const byId = { a: row('a', 'web-1', 'req-1') };
    const before = requestList(['a'], byId);
    expect(requestList(['a'], { a: { ...byId.a, vm_state: 'active' } })).toBe(before);
    expect(parseRequestList(requestList([], {}))).toEqual([]);
  });
});
