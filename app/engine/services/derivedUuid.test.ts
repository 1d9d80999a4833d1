import { describe, expect, it } from 'vitest';
import { derivedUuid } from './derivedUuid';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/;

describe('derivedUuid', () => {
  it('is a version-4-shaped uuid, the same for the same seed', () => {
    const id = derivedUuid('block_device_mapping:4a1b');
    expect(id).toMatch(V4);
    expect(derivedUuid('block_device_mapping:4a1b')).toBe(id);
  });

  it('differs for seeds a character apart, over many seeds', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(derivedUuid(`block_device_mapping:${i}`));
    seen.add(derivedUuid(''));
    seen.add(derivedUuid('aggregate:nova'));
    seen.add(derivedUuid('aggregate:novb'));
    expect(seen.size).toBe(20_003);
    expect([...seen].filter((id) => !V4.test(id))).toEqual([]);
  });
});
