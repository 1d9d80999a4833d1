import { describe, expect, it } from 'vitest';
import { keyText } from './format';

describe("a database row's key as the table shows it", () => {
  const consumer = '2d1c7537-b2bd-4b08-9787-25c3b22e024b';
  const rp = '5f3a1e2b-0c4d-4e5f-8a9b-0c1d2e3f4a5b';

  it("says an allocation's provider by its host and its consumer short: three rows, three keys", () => {
    const keys = ['VCPU', 'MEMORY_MB', 'DISK_GB'].map((rc) =>
      keyText(`${consumer}/${rp}/${rc}`, { [rp]: 'host1' }),
    );
    expect(keys).toEqual([
      '2d1c7537…/host1/VCPU',
      '2d1c7537…/host1/MEMORY_MB',
      '2d1c7537…/host1/DISK_GB',
    ]);
  });

  it('leaves a plain key whole, and a provider it cannot name short', () => {
    expect(keyText(consumer, {})).toBe(consumer);
    expect(keyText(`${rp}/VCPU`, {})).toBe('5f3a1e2b…/VCPU');
    expect(keyText('host1/nova-compute', {})).toBe('host1/nova-compute');
  });
});
