/** Seeded PRNG (sfc32 seeded through splitmix32): the engine's only source of chance. */
export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  jitter(base: number, spread: number): number;
  hex(len: number): string;
  uuid(): string;
  fork(label: string): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return h >>> 0;
}

const HEX = '0123456789abcdef';
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);

/** Eight lower-case hex digits of a uint32; a table is several times faster than toString(16). */
export function hex8(x: number): string {
  return (
    BYTE_HEX[x >>> 24]! +
    BYTE_HEX[(x >>> 16) & 255]! +
    BYTE_HEX[(x >>> 8) & 255]! +
    BYTE_HEX[x & 255]!
  );
}

/**
 * Four words of eight hex digits laid out as a version-4 uuid (digits 12 and 16 give way to the
 * version and the variant). Joined, not concatenated: one flat string rather than a rope of
 * nine pieces, as uuids are kept in rows and key maps.
 */
export function uuidOf(a: string, b: string, c: string, d: string, variant: string): string {
  return [
    a,
    '-',
    b.slice(0, 4),
    '-4',
    b.slice(5),
    '-',
    variant,
    c.slice(1, 4),
    '-',
    c.slice(4),
    d,
  ].join('');
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    jitter: (base, spread) => Math.round(base + (next() * 2 - 1) * spread),
    hex(len) {
      // eight hex digits per draw: ids are made on every message, so this is a hot path
      let s = '';
      while (s.length < len) s += hex8((next() * 4294967296) >>> 0);
      return s.length === len ? s : s.slice(0, len);
    },
    uuid() {
      const a = hex8((next() * 4294967296) >>> 0);
      const b = hex8((next() * 4294967296) >>> 0);
      const c = hex8((next() * 4294967296) >>> 0);
      const d = hex8((next() * 4294967296) >>> 0);
      return uuidOf(a, b, c, d, HEX[8 + Math.floor(next() * 4)]!);
    },
    fork: (label) => createRng((seed ^ hashLabel(label)) >>> 0),
  };
  return rng;
}
