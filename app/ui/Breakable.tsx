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

/** `text` cut where the zero-width pattern `at` matches, every character kept. */
export function splitAt(text: string, at: RegExp): string[] {
  return text.split(at).filter((s) => s !== '');
}

/**
 * Where a name in a sentence may break, before a letter: before a dot (scheduler /
 * .select_destinations / .start: a dot at a line's end read as the end of a sentence), after
 * a slash, colon or @ (nova-compute@ / host1); never in a word, a number (0.314 s) or a name of
 * underscores (select_destinations is copied from the screen whole; one longer than the line
 * is broken where it must be).
 */
export const IDENTIFIER_BREAK = /(?=\.[A-Za-z])|(?<=[/@:])(?=[A-Za-z])/;

/**
 * A name of words joined by hyphens (nova-compute, placement-api), which a browser would
 * break after its hyphen (`nova-` / `compute`): kept whole. Not a uuid (its groups have digits
 * or stand next to them).
 */
export const HYPHENATED_NAME = /\b([A-Za-z]+(?:-[A-Za-z]+)+)\b/;

/**
 * Where a URL may break: before its query (`?`) and each parameter (`&`), after a slash or a
 * comma (`resources=VCPU:1,` `MEMORY_MB:512`), never inside a name or a number.
 */
export const URL_BREAK = /(?=[?&])|(?<=[/,])(?=.)/;

/**
 * An identifier that may break after its separators (`versioned_` `notifications.` `info`,
 * `nova-compute@` `host1`) rather than in the middle of a word, where a narrow column needs it.
 */
export function Breakable({
  text,
  after = /([._:@/-])/,
  at,
  keep,
}: {
  text: string;
  after?: RegExp;
  /** instead of `after`: where a line may break, a zero-width pattern (lookarounds) */
  at?: RegExp;
  /** runs never broken inside (a capture group): `nova-compute`, where a browser breaks after `-` */
  keep?: RegExp;
}) {
  const segments = at ? splitAt(text, at) : breakSegments(text, after);
  return segments.map((s, i) => (
    <Fragment key={i}>
      {keep ? keepWhole(s, keep) : s}
      {i < segments.length - 1 && <wbr />}
    </Fragment>
  ));
}

/** `text` with each run `keep` matches (a capture group) in a span that does not break. */
function keepWhole(text: string, keep: RegExp) {
  return text.split(keep).map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} className="nobreak">
        {part}
      </span>
    ) : (
      part
    ),
  );
}
