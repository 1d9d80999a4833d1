import { describe, expect, it } from 'vitest';
import { MessageIds } from './messageIds';

/** An id as it was made before the batches, one String.fromCharCode each. */
function reference(prefix: string, n: number): string {
  const mix32 = (x: number): number => {
    let z = (x + 0x9e3779b9) >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const hex = (x: number) => x.toString(16).padStart(8, '0');
  return prefix + hex(mix32(n)) + hex(mix32(n ^ 0x5bd1e995)).slice(0, 4);
}

describe('MessageIds', () => {
  it('makes the prefix and counter ids, across batches', () => {
    const prefix = '0123456789abcdef4242';
    const ids = new MessageIds(prefix);
    for (let n = 0; n < 100; n++) expect(ids.take()).toBe(reference(prefix, n));
  });

  it('wants a prefix of 20 hex digits', () => {
    expect(() => new MessageIds('abc')).toThrow();
  });
});
