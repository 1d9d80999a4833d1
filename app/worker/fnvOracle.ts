/**
 * For tests: FNV-1a 64 written the plain way (BigInt over TextEncoder's bytes), to check the
 * fast one in traceHash.ts against.
 */
export const FNV_OFFSET = 0xcbf29ce484222325n;

export function fnv64OracleStep(h: bigint, text: string): bigint {
  for (const b of new TextEncoder().encode(text)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

export const fnv64OracleHex = (h: bigint) => h.toString(16).padStart(16, '0');

export const fnv64Oracle = (text: string) => fnv64OracleHex(fnv64OracleStep(FNV_OFFSET, text));
