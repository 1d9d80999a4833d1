import { utf8Char } from '../storage/utf8';

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

/** UTF-8 of one non-ASCII character */
const scratch = new Uint8Array(4);

/*
 * FNV-1a over the UTF-8 of `text` (and a newline after it, for a trace line), read from the
 * string itself: in Chromium, TextEncoder.encodeInto copies each string out of V8 first, and
 * took twice as long as the hashing in a trace of the worker playing 200 hosts
 * (storage/utf8.ts).
 *
 * The state is kept as four 16-bit limbs while hashing: a product of a limb and the prime's
 * low part (0x1b3) stays far below 2^53, so everything is exact integer arithmetic with no
 * division. Multiplying by 2^40 + 0x1b3 is `h * 0x1b3 + (h << 40)`, and `h << 40` only
 * reaches limbs 2 and 3 (shifted by 8). The limbs stay in locals: this loop runs for every
 * byte of the trace.
 */
export function fnv64Text(h: Fnv64, text: string, newline = false): Fnv64 {
  let v0 = h.lo & 0xffff;
  let v1 = h.lo >>> 16;
  let v2 = h.hi & 0xffff;
  let v3 = h.hi >>> 16;
  const length = text.length;
  const end = newline ? length : length - 1;
  for (let i = 0; i <= end; i++) {
    const c = i === length ? 0x0a : text.charCodeAt(i);
    const n = c < 0x80 ? 1 : utf8Char(text, i, scratch, 0);
    for (let k = 0; k < n; k++) {
      v0 ^= n === 1 ? c : scratch[k]!;
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
    if (n === 4) i++; // a surrogate pair
  }
  return { hi: ((v3 << 16) | v2) >>> 0, lo: ((v1 << 16) | v0) >>> 0 };
}

export const fnv64Hex = (h: Fnv64): string =>
  h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');

/** Lines the chain keeps for the persister at most (about 1 kB each). */
const MAX_KEPT_LINES = 20_000;

/**
 * Prefix hashes of a growing list of lines: `at(n)` is the hash of lines 0 … n-1. Computed
 * on demand and remembered, so moving the cursor back and forth costs nothing.
 */
export class HashChain {
  private his = new Uint32Array(1024);
  private los = new Uint32Array(1024);
  private known = 1;
  /**
   * Lines the chain serialized itself, by index, kept for whoever saves the trace (persist.ts)
   * so that each event is serialized once; null when nobody asked for them.
   */
  private kept: Map<number, string> | null = null;

  constructor(private readonly lineAt: (i: number) => string) {
    this.his[0] = OFFSET_HI;
    this.los[0] = OFFSET_LO;
  }

  at(n: number): string {
    while (this.known <= n) {
      const i = this.known - 1;
      const line = this.lineAt(i);
      if (this.kept !== null && this.kept.size < MAX_KEPT_LINES) this.kept.set(i, line);
      this.push(line);
    }
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

  /** From now on, keep the lines this chain serializes until `takeLine` takes them. */
  keepLines(): void {
    this.kept ??= new Map();
  }

  /** Nobody will take them (nothing is saved): keep no more lines. */
  stopKeepingLines(): void {
    this.kept = null;
  }

  /**
   * Line `i` if the chain serialized and kept it (it is then forgotten, with every kept line
   * before it: lines are taken in order).
   */
  takeLine(i: number): string | undefined {
    const kept = this.kept;
    if (kept === null || kept.size === 0) return undefined;
    const line = kept.get(i);
    // a Map iterates in insertion order, which is line order
    for (const k of kept.keys()) {
      if (k > i) break;
      kept.delete(k);
    }
    return line;
  }

  private push(line: string): void {
    const i = this.known - 1;
    const next = fnv64Text({ hi: this.his[i]!, lo: this.los[i]! }, line, true);
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
