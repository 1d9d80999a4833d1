import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * A version-4-shaped uuid derived from `seed`: for things that need an id of their own but
 * should draw nothing from the run's random numbers (adding one would change every later id).
 */
export function derivedUuid(seed: string): string {
  const d = bytesToHex(sha256(utf8ToBytes(seed)));
  return `${d.slice(0, 8)}-${d.slice(8, 12)}-4${d.slice(13, 16)}-a${d.slice(17, 20)}-${d.slice(20, 32)}`;
}
