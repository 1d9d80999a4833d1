/** Seeded PRNG (sfc32 seeded through splitmix32): the engine's only source of chance. */
export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  jitter(base: number, spread: number): number;
  hex(len: number): string;
  uuid(): string;
  /** `req-` and a uuid, drawn as uuid() draws */
  requestId(): string;
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

/** the character code of each hex digit */
const HEX_CODE = Array.from({ length: 16 }, (_, i) => HEX.charCodeAt(i));

/** The character code of the hex digit of `w` at bit `shift` (28 is its first digit). */
const digit = (w: number, shift: number): number => HEX_CODE[(w >>> shift) & 15]!;

/**
 * Four 32-bit words as a version-4 uuid: digits 12 and 16 give way to the version and the
 * `variant` (a hex digit's character code). One String.fromCharCode makes it a flat string at
 * once (uuids are kept in rows and key maps), several times faster than joining its pieces.
 */
export function uuidOf(a: number, b: number, c: number, d: number, variant: number): string {
  return String.fromCharCode(
    digit(a, 28),
    digit(a, 24),
    digit(a, 20),
    digit(a, 16),
    digit(a, 12),
    digit(a, 8),
    digit(a, 4),
    digit(a, 0),
    DASH,
    digit(b, 28),
    digit(b, 24),
    digit(b, 20),
    digit(b, 16),
    DASH,
    FOUR,
    digit(b, 8),
    digit(b, 4),
    digit(b, 0),
    DASH,
    variant,
    digit(c, 24),
    digit(c, 20),
    digit(c, 16),
    DASH,
    digit(c, 12),
    digit(c, 8),
    digit(c, 4),
    digit(c, 0),
    digit(d, 28),
    digit(d, 24),
    digit(d, 20),
    digit(d, 16),
    digit(d, 12),
    digit(d, 8),
    digit(d, 4),
    digit(d, 0),
  );
}

/** `req-` and a uuid (uuidOf) in one flat string: request ids are kept in rows and index the trace. */
function requestIdOf(a: number, b: number, c: number, d: number, variant: number): string {
  return String.fromCharCode(
    0x72,
    0x65,
    0x71,
    DASH,
    digit(a, 28),
    digit(a, 24),
    digit(a, 20),
    digit(a, 16),
    digit(a, 12),
    digit(a, 8),
    digit(a, 4),
    digit(a, 0),
    DASH,
    digit(b, 28),
    digit(b, 24),
    digit(b, 20),
    digit(b, 16),
    DASH,
    FOUR,
    digit(b, 8),
    digit(b, 4),
    digit(b, 0),
    DASH,
    variant,
    digit(c, 24),
    digit(c, 20),
    digit(c, 16),
    DASH,
    digit(c, 12),
    digit(c, 8),
    digit(c, 4),
    digit(c, 0),
    digit(d, 28),
    digit(d, 24),
    digit(d, 20),
    digit(d, 16),
    digit(d, 12),
    digit(d, 8),
    digit(d, 4),
    digit(d, 0),
  );
}

const DASH = 0x2d;
const FOUR = 0x34;

/**
 * sfc32 as a class: its state in fields and its draws as methods, the same functions for every
 * run. As closures over a run's own state, the draws were new functions at every run, and
 * TurboFan built a run's closures and their context into the service code it optimized (a
 * draw is called from a few hundred places): code that a new run's closures, or a full GC
 * once a run is dropped ("weak objects"), threw away to be compiled again.
 */
class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly seed: number) {
    const init = splitmix32(seed);
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const { a, b, d } = this;
    let c = this.c;
    const t = (((a + b) >>> 0) + d) >>> 0;
    this.d = (d + 1) >>> 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    this.c = (c + t) >>> 0;
    return t / 4294967296;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  jitter(base: number, spread: number): number {
    return Math.round(base + (this.next() * 2 - 1) * spread);
  }

  /** one draw as 32 bits */
  private word(): number {
    return (this.next() * 4294967296) >>> 0;
  }

  /** one draw as a UUID's variant digit, 8 to b */
  private variant(): number {
    return HEX_CODE[8 + Math.floor(this.next() * 4)]!;
  }

  hex(len: number): string {
    // eight hex digits per draw: ids are made on every message, so this is a hot path
    let s = '';
    while (s.length < len) s += hex8(this.word());
    return s.length === len ? s : s.slice(0, len);
  }

  // arguments are evaluated left to right: the draws come in the order they always did
  uuid(): string {
    return uuidOf(this.word(), this.word(), this.word(), this.word(), this.variant());
  }

  requestId(): string {
    return requestIdOf(this.word(), this.word(), this.word(), this.word(), this.variant());
  }

  fork(label: string): Rng {
    return new Sfc32((this.seed ^ hashLabel(label)) >>> 0);
  }
}

export function createRng(seed: number): Rng {
  return new Sfc32(seed);
}
