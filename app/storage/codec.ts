/**
 * Chunks of the trace are JSON Lines, about 1 kB an event (RPC envelopes); gzip brings them
 * down about tenfold. CompressionStream is native in browsers and Node; where it is missing
 * the text is stored as is, and the record says which.
 */
export type Encoding = 'gzip' | 'text';

const canGzip = typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export async function encodeText(text: string): Promise<{ encoding: Encoding; data: string | Uint8Array }> {
  if (!canGzip) return { encoding: 'text', data: text };
  return { encoding: 'gzip', data: await pipe(new TextEncoder().encode(text), new CompressionStream('gzip')) };
}

export async function decodeText(encoding: unknown, data: unknown): Promise<string> {
  if (encoding === 'text' && typeof data === 'string') return data;
  if (encoding === 'gzip' && data instanceof Uint8Array) {
    if (!canGzip) throw new Error('this browser cannot read gzip-compressed events');
    return new TextDecoder('utf-8', { fatal: true }).decode(await pipe(data, new DecompressionStream('gzip')));
  }
  throw new Error(`unknown event encoding ${JSON.stringify(encoding)}`);
}
