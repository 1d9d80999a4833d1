import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv64Hex, fnv64Start, fnv64Update, fnv64UpdateText, HashChain } from './traceHash';

const hash = (s: string) => fnv64Hex(fnv64Update(fnv64Start(), new TextEncoder().encode(s)));

describe('FNV-1a 64', () => {
  it('matches the published test vectors', () => {
    expect(hash('')).toBe('cbf29ce484222325');
    expect(hash('a')).toBe('af63dc4c8601ec8c');
    expect(hash('foobar')).toBe('85944171f73967e8');
  });

  it('hashes prefixes of lines incrementally', () => {
    const lines = ['{"seq":0}', '{"seq":1}', '{"seq":2,"x":"ü"}'];
    const chain = new HashChain((i) => lines[i]!);
    expect(chain.at(3)).toBe(hash(`${lines.join('\n')}\n`));
    expect(chain.at(1)).toBe(hash(`${lines[0]}\n`));
    expect(chain.at(0)).toBe(hash(''));
  });

  it('hashes text as its UTF-8 bytes, without encoding it first', () => {
    for (const s of ['', 'a', 'ü', 'ノヴァ', '😀x', '\ud800', 'a\udc00b'])
      expect(fnv64Hex(fnv64UpdateText(fnv64Start(), s))).toBe(hash(s));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(fnv64Hex(fnv64UpdateText(fnv64Start(), s))).toBe(hash(s));
      }),
    );
  });
});
