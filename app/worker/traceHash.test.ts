import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv64Oracle as hash } from './fnvOracle';
import { fnv64Hex, fnv64Start, fnv64Text, HashChain } from './traceHash';

describe('FNV-1a 64', () => {
  it('matches the published test vectors', () => {
    for (const [text, expected] of [
      ['', 'cbf29ce484222325'],
      ['a', 'af63dc4c8601ec8c'],
      ['foobar', '85944171f73967e8'],
    ] as const) {
      expect(hash(text)).toBe(expected);
      expect(fnv64Hex(fnv64Text(fnv64Start(), text))).toBe(expected);
    }
  });

  it('hashes any text as its UTF-8, with or without a newline after it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(fnv64Hex(fnv64Text(fnv64Start(), s))).toBe(hash(s));
        expect(fnv64Hex(fnv64Text(fnv64Start(), s, true))).toBe(hash(`${s}\n`));
      }),
    );
  });

  it('hashes prefixes of lines incrementally', () => {
    const lines = ['{"seq":0}', '{"seq":1}', '{"seq":2,"x":"ü"}'];
    const chain = new HashChain((i) => lines[i]!);
    expect(chain.at(3)).toBe(hash(`${lines.join('\n')}\n`));
    expect(chain.at(1)).toBe(hash(`${lines[0]}\n`));
    expect(chain.at(0)).toBe(hash(''));
  });

  it('hashes lines as their UTF-8 bytes, lone surrogates as U+FFFD (as TextEncoder does)', () => {
    for (const s of ['', 'a', 'ü', 'ノヴァ', '😀x', '\ud800', 'a\udc00b'])
      expect(new HashChain(() => s).at(1)).toBe(hash(`${s}\n`));
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), (lines) => {
        expect(new HashChain((i) => lines[i]!).at(lines.length)).toBe(
          hash(lines.map((l) => `${l}\n`).join('')),
        );
      }),
    );
  });

  it('keeps the lines it serialized for the persister, once asked, and hands each out once', () => {
    let serialized = 0;
    const chain = new HashChain((i) => {
      serialized++;
      return `line ${i}`;
    });
    chain.at(2);
    expect(chain.takeLine(0)).toBeUndefined(); // not asked to keep yet
    chain.keepLines();
    chain.at(5);
    expect(serialized).toBe(5);
    expect(chain.takeLine(1)).toBeUndefined(); // hashed before keeping started
    expect(chain.takeLine(3)).toBe('line 3'); // taking 3 forgets 2 as well
    expect(chain.takeLine(2)).toBeUndefined();
    expect(chain.takeLine(3)).toBeUndefined();
    expect(chain.takeLine(4)).toBe('line 4');
    // a line given by its saver is not kept: the saver has it
    chain.extend(5, 'line 5');
    expect(chain.takeLine(5)).toBeUndefined();
    expect(chain.at(6)).toBe(hash('line 0\nline 1\nline 2\nline 3\nline 4\nline 5\n'));
    chain.stopKeepingLines();
    chain.at(8);
    expect(chain.takeLine(7)).toBeUndefined();
  });
});
