import { Fragment } from 'react';

/**
 * `text` cut after each separator `after` matches (a capture group: the separator), so that a
 * line may break there: `scheduler.` `select_` `destinations.` `start`.
 */
export function breakSegments(text: string, after: RegExp): string[] {
  const parts = text.split(after);
  const out: string[] = [];
  // split with a capture group: the text, then each separator followed by the next text
  for (let i = 0; i < parts.length; i += 2) out.push(parts[i]! + (parts[i + 1] ?? ''));
  return out.filter((s) => s !== '');
}

/**
 * An identifier that may break after its separators (`versioned_` `notifications.` `info`,
 * `nova-compute@` `host1`) rather than in the middle of a word, where a narrow column needs it.
 */
export function Breakable({ text, after = /([._:@/-])/ }: { text: string; after?: RegExp }) {
  const segments = breakSegments(text, after);
  return segments.map((s, i) => (
    <Fragment key={i}>
      {s}
      {i < segments.length - 1 && <wbr />}
    </Fragment>
  ));
}
