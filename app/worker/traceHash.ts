/**
 * FNV-1a 64-bit over the UTF-8 bytes of the trace's JSON Lines (each line followed by "\n"),
 * kept as two 32-bit halves so it runs on plain numbers. The hash of the first `seq` lines
 * equals the hash of the first `seq` lines the CLI prints, so a run in the browser can be
 * checked against `npm run sim`.
 */
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
/** the FNV 64-bit prime is 2^40 + 0x1b3 */
const PRIME_LO = 0x1b3;

export interface Fnv64 {
  hi: number;
  lo: number;
}

export const fnv64Start = (): Fnv64 => ({ hi: OFFSET_HI, lo: OFFSET_LO });

/*
 * The state is kept as four 16-bit limbs while hashing: a product of a limb and the prime's
 * low part (0x1b3) stays far below 2^53, so everything is exact integer arithmetic with no
 * division. Multiplying by 2^40 + 0x1b3 is `h * 0x1b3 + (h << 40)`, and `h << 40` only
 * reaches limbs 2 and 3 (shifted by 8). The mixing step is written out in both loops: a
 * shared helper would keep the limbs in memory instead of registers.
 */
export function fnv64Update(h: Fnv64, bytes: Uint8Array): Fnv64 {
  let v0 = h.lo & 0xffff;
  let v1 = h.lo >>> 16;
  let v2 = h.hi & 0xffff;
  let v3 = h.hi >>> 16;
  for (let i = 0; i < bytes.length; i++) {
    v0 ^= bytes[i]!;
    const t0 = v0 * PRIME_LO;
    let t1 = v1 * PRIME_LO;
    let t2 = v2 * PRIME_LO + (v0 << 8);
    const t3 = v3 * PRIME_LO + (v1 << 8);
    t1 += t0 >>> 16;
    v0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    v1 = t1 & 0xffff;
    v3 = (t3 + (t2 >>> 16)) & 0xffff;
    v2 = t2 & 0xffff;
  }
  return { hi: ((v3 << 16) | v2) >>> 0, lo: ((v1 << 16) | v0) >>> 0 };
}

const utf8 = new Uint8Array(4);

/** The same as `fnv64Update` over the UTF-8 bytes of `text`, without encoding it first. */
export function fnv64UpdateText(h: Fnv64, text: string): Fnv64 {
  let v0 = h.lo & 0xffff;
  let v1 = h.lo >>> 16;
  let v2 = h.hi & 0xffff;
  let v3 = h.hi >>> 16;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    let len = 1;
    if (c < 0x80) {
      utf8[0] = c;
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      // A lone surrogate is encoded as U+FFFD, as TextEncoder does.
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
      if (c < 0x800) {
        utf8[0] = 0xc0 | (c >> 6);
        len = 2;
      } else if (c < 0x10000) {
        utf8[0] = 0xe0 | (c >> 12);
        utf8[1] = 0x80 | ((c >> 6) & 0x3f);
        len = 3;
      } else {
        utf8[0] = 0xf0 | (c >> 18);
        utf8[1] = 0x80 | ((c >> 12) & 0x3f);
        utf8[2] = 0x80 | ((c >> 6) & 0x3f);
        len = 4;
      }
      utf8[len - 1] = 0x80 | (c & 0x3f);
    }
    for (let k = 0; k < len; k++) {
      v0 ^= utf8[k]!;
      const t0 = v0 * PRIME_LO;
      let t1 = v1 * PRIME_LO;
      let t2 = v2 * PRIME_LO + (v0 << 8);
      const t3 = v3 * PRIME_LO + (v1 << 8);
      t1 += t0 >>> 16;
      v0 = t0 & 0xffff;
      t2 += t1 >>> 16;
      v1 = t1 & 0xffff;
      v3 = (t3 + (t2 >>> 16)) & 0xffff;
      v2 = t2 & 0xffff;
    }
  }
  return { hi: ((v3 << 16) | v2) >>> 0, lo: ((v1 << 16) | v0) >>> 0 };
}

export const fnv64Hex = (h: Fnv64): string =>
  h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');

/**
 * Prefix hashes of a growing list of lines: `at(n)` is the hash of lines 0 … n-1. Computed
 * on demand and remembered, so moving the cursor back and forth costs nothing.
 */
export class HashChain {
  private his = new Uint32Array(1024);
  private los = new Uint32Array(1024);
  private known = 1;

  constructor(private readonly lineAt: (i: number) => string) {
    this.his[0] = OFFSET_HI;
    this.los[0] = OFFSET_LO;
  }

  at(n: number): string {
    while (this.known <= n) this.push(this.lineAt(this.known - 1));
    return fnv64Hex({ hi: this.his[n]!, lo: this.los[n]! });
  }

  /** how many line prefixes are hashed already (`at(n)` is free for n < known) */
  get hashedLines(): number {
    return this.known - 1;
  }

  /** Takes the first `n` prefix hashes of a chain over the same first lines (a replayed run). */
  adoptPrefix(other: HashChain, n: number): void {
    const k = Math.min(n, other.known - 1);
    if (k < this.known) return;
    while (this.his.length <= k) this.grow();
    this.his.set(other.his.subarray(0, k + 1));
    this.los.set(other.los.subarray(0, k + 1));
    this.known = k + 1;
  }

  /**
   * Hashes line `i` given as text, when it is the next one, so a caller that serializes the
   * events anyway (the persister) does not make the chain serialize them again.
   */
  extend(i: number, line: string): void {
    if (i === this.known - 1) this.push(line);
  }

  private push(line: string): void {
    const i = this.known - 1;
    const next = fnv64UpdateText({ hi: this.his[i]!, lo: this.los[i]! }, `${line}\n`);
    if (this.known === this.his.length) this.grow();
    this.his[this.known] = next.hi;
    this.los[this.known] = next.lo;
    this.known++;
  }

  private grow(): void {
    const his = new Uint32Array(this.his.length * 2);
    const los = new Uint32Array(this.los.length * 2);
    his.set(this.his);
    los.set(this.los);
    this.his = his;
    this.los = los;
  }
}
