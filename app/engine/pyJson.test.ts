import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pyDumps } from './pyJson';

describe('pyDumps', () => {
  it("writes what Python's json.dumps writes", () => {
    expect(
      pyDumps({ allocations: { rp: { resources: { VCPU: 1 } } }, mappings: { '': ['rp'] } }),
    ).toBe('{"allocations": {"rp": {"resources": {"VCPU": 1}}}, "mappings": {"": ["rp"]}}');
    expect(pyDumps({ a: [1, 2.5, null, true], b: 'ノヴァ"\n' })).toBe(
      '{"a": [1, 2.5, null, true], "b": "\\u30ce\\u30f4\\u30a1\\"\\n"}',
    );
    expect(pyDumps([])).toBe('[]');
    expect(pyDumps([Infinity, -Infinity, NaN])).toBe('[Infinity, -Infinity, NaN]');
    expect(pyDumps({})).toBe('{}');
  });

  it('reads back as the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(pyDumps(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });
});
