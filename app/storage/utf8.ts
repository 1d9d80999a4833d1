/*
 * UTF-8 written from a string's UTF-16 units in JavaScript. In Chromium, TextEncoder.encodeInto
 * copies each string out of V8 before encoding it; for the worker's trace lines (short, almost
 * all ASCII, tens of thousands a second) that copy cost more than the encoding.
 */

/**
 * Writes the UTF-8 of the non-ASCII character at `text[i]` into `out` at `at` and returns its
 * length in bytes. A 4-byte character took two UTF-16 units (a surrogate pair); a lone
 * surrogate is written as U+FFFD, as TextEncoder writes it.
 */
export function utf8Char(text: string, i: number, out: Uint8Array, at: number): number {
  let c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdfff) {
    const d = c <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    c = d >= 0xdc00 && d <= 0xdfff ? 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00) : 0xfffd;
  }
  if (c < 0x800) {
    out[at] = 0xc0 | (c >> 6);
    out[at + 1] = 0x80 | (c & 0x3f);
    return 2;
  }
  if (c < 0x10000) {
    out[at] = 0xe0 | (c >> 12);
    out[at + 1] = 0x80 | ((c >> 6) & 0x3f);
    out[at + 2] = 0x80 | (c & 0x3f);
    return 3;
  }
  out[at] = 0xf0 | (c >> 18);
  out[at + 1] = 0x80 | ((c >> 12) & 0x3f);
  out[at + 2] = 0x80 | ((c >> 6) & 0x3f);
  out[at + 3] = 0x80 | (c & 0x3f);
  return 4;
}

/**
 * Writes the UTF-8 of `text` into `out` from `at`, as TextEncoder would, and returns where it
 * ended. `out` must have room for 3 bytes a UTF-16 unit.
 */
export function writeUtf8(text: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[at++] = c;
    } else {
      const n = utf8Char(text, i, out, at);
      at += n;
      if (n === 4) i++;
    }
  }
  return at;
}
