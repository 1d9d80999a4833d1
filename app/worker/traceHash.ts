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
const TWO_32 = 0x1_0000_0000;

export interface Fnv64 {
  hi: number;
  lo: number;
}

export const fnv64Start = (): Fnv64 => ({ hi: OFFSET_HI, lo: OFFSET_LO });

export function fnv64Update(h: Fnv64, bytes: Uint8Array): Fnv64 {
  let { hi, lo } = h;
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ bytes[i]!) >>> 0;
    // (hi:lo) * (2^40 + 0x1b3) mod 2^64
    const loProd = lo * PRIME_LO; // < 2^41: exact in a double
    const carry = Math.floor(loProd / TWO_32);
    const newHi = (Math.imul(hi, PRIME_LO) + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = loProd >>> 0;
    hi = newHi;
  }
  return { hi, lo };
}

export const fnv64Hex = (h: Fnv64): string =>
  h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');

const encoder = new TextEncoder();

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
    const next = fnv64Update({ hi: this.his[i]!, lo: this.los[i]! }, encoder.encode(`${line}\n`));
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
