/**
 * Chunks of the trace are JSON Lines, about 1 kB an event (RPC envelopes); gzip brings them
 * down about tenfold. CompressionStream is native in browsers and Node; where it is missing
 * the text is stored as is, and the record says which.
 */
import { writeUtf8 } from './utf8';

export type Encoding = 'gzip' | 'text';

const canGzip =
  typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const body = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** Lines, each followed by a newline, as stored: gzip of their UTF-8 where the browser can. */
export async function encodeLines(
  lines: readonly string[],
): Promise<{ encoding: Encoding; data: string | Uint8Array }> {
  if (!canGzip) return { encoding: 'text', data: lines.map((l) => `${l}\n`).join('') };
  return { encoding: 'gzip', data: await pipe(utf8Lines(lines), new CompressionStream('gzip')) };
}

/**
 * The lines' UTF-8, written line by line into one buffer: encoding the joined text instead
 * costs a flattening copy of half a megabyte first (in a trace of Chromium's worker playing
 * 200 hosts, encoding line by line took about half the time), and TextEncoder a copy of each
 * line (utf8.ts).
 */
function utf8Lines(lines: readonly string[]): Uint8Array {
  let size = 0;
  // at most 3 bytes per UTF-16 unit, and the newline
  for (const l of lines) size += l.length * 3 + 1;
  const out = new Uint8Array(size);
  let at = 0;
  for (const l of lines) {
    at = writeUtf8(l, out, at);
    out[at++] = 0x0a;
  }
  return out.subarray(0, at);
}

export async function decodeText(encoding: unknown, data: unknown): Promise<string> {
  if (encoding === 'text' && typeof data === 'string') return data;
  if (encoding === 'gzip' && data instanceof Uint8Array) {
    if (!canGzip) throw new Error('this browser cannot read gzip-compressed events');
    return new TextDecoder('utf-8', { fatal: true }).decode(
      await pipe(data, new DecompressionStream('gzip')),
    );
  }
  throw new Error(`unknown event encoding ${JSON.stringify(encoding)}`);
}
