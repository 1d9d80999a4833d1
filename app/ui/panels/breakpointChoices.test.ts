import { describe, expect, it } from 'vitest';
import { processIds, unknownProcess } from './breakpointChoices';

describe('breakpoint choices', () => {
  const ids = processIds(['host1', 'host2']);

  it("lists each host's nova-compute and hypervisor among the fixed processes", () => {
    expect(ids).toContain('nova-compute@host2');
    expect(ids).toContain('hypervisor@host1');
    expect(ids).toContain('nova-scheduler');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('calls a name unknown only when it has no wildcard and no process has it', () => {
    expect(unknownProcess('nova-compute@hots1', ids)).toBe(true);
    expect(unknownProcess('nova-compute@host1', ids)).toBe(false);
    expect(unknownProcess('nova-compute@*', ids)).toBe(false);
    expect(unknownProcess('', ids)).toBe(false);
  });
});
