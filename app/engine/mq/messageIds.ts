/** ids made at a time: the decode's fixed cost is shared by this many */
const BATCH = 32;
/** an id's length: its prefix's 20 hex digits and 12 more */
const ID = 32;
const PREFIX = 20;

/** the character code of each hex digit */
const HEX_CODE = new Uint8Array(Array.from('0123456789abcdef', (c) => c.charCodeAt(0)));

/** ASCII bytes as a string: the whole batch made a one-byte string at once, natively */
const ascii = new TextDecoder();

/**
 * One process's oslo message ids (msg_id, unique_id), which look like uuid4().hex: a random
 * prefix of 20 hex digits, then the eight hex digits of mix32(n) and the first four of
 * mix32(n ^ 0x5bd1e995), n counting the ids made. mix32 is a bijection, so they stay unique.
 *
 * Every RPC message takes two or three. One String.fromCharCode of 32 character codes each
 * cost about 800 instructions, most of them the builtin's work per character: here a
 * batch's bytes are written into one buffer, decoded as one string, and each id is a slice
 * of it, made with no work per character. A slice keeps its batch's string (1 KB for 32 ids)
 * alive, about what 32 strings of their own would take.
 */
export class MessageIds {
  private readonly bytes = new Uint8Array(BATCH * ID);
  private text = '';
  /** ids of `text` handed out */
  private taken = BATCH;
  /** the counter of the next id to write */
  private next = 0;

  constructor(prefix: string) {
    if (prefix.length !== PREFIX) throw new Error(`an id prefix has ${PREFIX} characters`);
    const b = this.bytes;
    for (let i = 0; i < PREFIX; i++) b[i] = prefix.charCodeAt(i);
    // the first id's slot copied to the next, those two to the next two, ...: every agent of
    // every run makes its buffer, and a loop over all its prefixes cost ten times more
    for (let filled = ID; filled < b.length; filled *= 2) b.copyWithin(filled, 0, filled);
  }

  take(): string {
    if (this.taken === BATCH) this.refill();
    const at = this.taken++ * ID;
    return this.text.slice(at, at + ID);
  }

  private refill(): void {
    for (let k = 0; k < BATCH; k++) {
      const n = this.next++;
      this.write(k * ID + PREFIX, mix32(n), mix32(n ^ 0x5bd1e995));
    }
    this.text = ascii.decode(this.bytes);
    this.taken = 0;
  }

  /** The eight hex digits of `x` and the first four of `y`, at `at`. */
  private write(at: number, x: number, y: number): void {
    const b = this.bytes;
    b[at] = HEX_CODE[x >>> 28]!;
    b[at + 1] = HEX_CODE[(x >>> 24) & 15]!;
    b[at + 2] = HEX_CODE[(x >>> 20) & 15]!;
    b[at + 3] = HEX_CODE[(x >>> 16) & 15]!;
    b[at + 4] = HEX_CODE[(x >>> 12) & 15]!;
    b[at + 5] = HEX_CODE[(x >>> 8) & 15]!;
    b[at + 6] = HEX_CODE[(x >>> 4) & 15]!;
    b[at + 7] = HEX_CODE[x & 15]!;
    b[at + 8] = HEX_CODE[y >>> 28]!;
    b[at + 9] = HEX_CODE[(y >>> 24) & 15]!;
    b[at + 10] = HEX_CODE[(y >>> 20) & 15]!;
    b[at + 11] = HEX_CODE[(y >>> 16) & 15]!;
  }
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
