import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchParams } from './searchParams';

describe("a REST server's query parameters", () => {
  it('read as URLSearchParams reads them, for any query with nothing to decode', () => {
    const piece = fc.constantFrom('a', 'b', 'id', 'device_id', '=', '&', 'x1', '-', '.');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
        fc.constantFrom('a', 'b', 'id', 'device_id', 'x1', 'a=b'),
        (query, name) => {
          const ours = searchParams(query);
          const theirs = new URLSearchParams(query);
          expect(ours.get(name)).toBe(theirs.get(name));
          expect(ours.getAll(name)).toEqual(theirs.getAll(name));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decode what needs decoding', () => {
    const q = searchParams('name=web+1&fixed_ips=ip_address%3D10.0.0.5');
    expect(q.get('name')).toBe('web 1');
    expect(q.getAll('fixed_ips')).toEqual(['ip_address=10.0.0.5']);
  });
});
