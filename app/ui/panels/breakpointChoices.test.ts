import { describe, expect, it } from 'vitest';
import { processIds, unknownProcess } from '../../protocol/processes';

describe('breakpoint choices', () => {
  const ids = processIds(['host1', 'host2']);

  it("lists each host's nova-compute and hypervisor among the fixed processes", () => {
    expect(ids).toContain('nova-compute@host2');
    expect(ids).toContain('hypervisor@host1');
    expect(ids).toContain('nova-scheduler');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('calls a name unknown only when it has no wildcard and nothing answers to it', () => {
    const hosts = ['host1', 'host2'];
    expect(unknownProcess('nova-compute@hots1', ids, hosts)).toBe(true);
    expect(unknownProcess('nova-schduler', ids, hosts)).toBe(true);
    expect(unknownProcess('nova-compute@host1', ids, hosts)).toBe(false);
    expect(unknownProcess('nova-compute@*', ids, hosts)).toBe(false);
    expect(unknownProcess('', ids, hosts)).toBe(false);
  });

  it('knows the names the worker matches besides the suggested ones', () => {
    const hosts = ['host1', 'host2'];
    // the placement database, the set-up, a host's faults, a notification publisher
    for (const name of ['placement', 'nova-manage', 'host2', 'nova-scheduler:scheduler'])
      expect(unknownProcess(name, ids, hosts)).toBe(false);
  });
});
