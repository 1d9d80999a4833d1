import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeUtf8 } from './utf8';

const encoded = (s: string) => {
  const out = new Uint8Array(s.length * 3 + 2);
  out[0] = 0x2a; // what was there before `at` stays
  return out.subarray(0, writeUtf8(s, out, 1));
};

describe('writeUtf8', () => {
  it('writes what TextEncoder writes, lone surrogates as U+FFFD', () => {
    for (const s of ['', 'a', 'ü', 'ノヴァ', '😀x', '\ud800', 'a\udc00b', '\ud83d\ud83d\ude00'])
      expect([...encoded(s)]).toEqual([0x2a, ...new TextEncoder().encode(s)]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect([...encoded(s)]).toEqual([0x2a, ...new TextEncoder().encode(s)]);
      }),
      { numRuns: 500 },
    );
  });
});
