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
 * Where a name in a sentence may break: before a dot and a letter (scheduler /
 * .select_destinations / .start: a dot at a line's end read as the end of a sentence), after
 * a colon before a letter, after a slash or @ before a letter or a digit (nova-compute@ /
 * host1, /allocations/ / 63133f3f…); never in a word, a number (0.314 s) or a name of
 * underscores (select_destinations is copied from the screen whole; one longer than the line
 * is broken where it must be).
 */
export const IDENTIFIER_BREAK = /(?=\.[A-Za-z])|(?<=:)(?=[A-Za-z])|(?<=\S\/|@)(?=[A-Za-z0-9])/;

/**
 * A name of words joined by hyphens (nova-compute, placement-api, nova-cell1-db: a word may
 * end in digits), which a browser would break after its hyphen (`nova-` / `compute`): kept
 * whole. Not a uuid (its groups start with a digit, or have digits inside them).
 */
export const HYPHENATED_NAME = /\b([A-Za-z][a-z]*[0-9]*(?:-[A-Za-z][a-z]*[0-9]*)+)\b/;

/**
 * A name of words joined by underscores, dots or an @ (schedule_and_build_instances,
 * compute.host1, nova-compute@host1, scheduler.select_destinations.start): moved to the next
 * line whole where it fits there, and broken inside (NAME_INSIDE_BREAK) only where it is
 * longer than the line (a narrow column on a projector). A dot or an @ joins names only
 * before a letter: not a number (0.314 s), a version (v2.1) nor a sentence's full stop. The
 * punctuation after it goes with it: a line does not start with the sentence's full stop,
 * nor with a Japanese particle glued to it (summaryText.glueParticles); nor end with the
 * bracket or the path's slash that opens before it.
 */
export const COMPOUND_NAME =
  /([(（/]?\b[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?:(?:_|[.@](?=[A-Za-z]))[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)+\b[.,:;!?)。、」）]*(?:\u00a0(?:から|まで|より|[のがをにでへとはも]))?)/;

/**
 * Where a compound name longer than its line breaks: before a dot, after an @ or an
 * underscore (`scheduler` `.select_` `destinations` `.start`), never inside a word.
 */
export const NAME_INSIDE_BREAK = /(?=\.[A-Za-z])|(?<=@)(?=[A-Za-z0-9])|(?<=_)(?=[A-Za-z0-9])/;

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
  block,
}: {
  text: string;
  after?: RegExp;
  /** instead of `after`: where a line may break, a zero-width pattern (lookarounds) */
  at?: RegExp | undefined;
  /** runs never broken inside (a capture group): `nova-compute`, where a browser breaks after `-` */
  keep?: RegExp | undefined;
  /** runs kept whole on a line where they fit, else broken inside at NAME_INSIDE_BREAK (a capture group) */
  block?: RegExp;
}) {
  if (block)
    return text.split(block).map((part, j) =>
      j % 2 === 1 ? (
        // an inline block: the line breaks around it as around one word; one wider than the
        // line is as wide as the line, its name broken inside it
        <span key={j} className="name-block">
          <Breakable text={part} at={NAME_INSIDE_BREAK} keep={keep} />
        </span>
      ) : (
        <Fragment key={j}>
          <Breakable text={part} after={after} at={at} keep={keep} />
        </Fragment>
      ),
    );
  const segments = at ? splitAt(text, at) : breakSegments(text, after);
  return segments.map((s, i) => (
    <Fragment key={i}>
      {keep ? keepWhole(s, keep) : hexGroups(s)}
      {i < segments.length - 1 && <wbr />}
    </Fragment>
  ));
}

/** A uuid's hex without its hyphens (`reply_5d7bae84…`, `scheduler_fanout_8583a66a…`). */
const LONG_HEX = /([0-9a-f]{20,})/;

/** Where a long hex run may break: after each group of this many digits. */
export const HEX_GROUP = 8;

/**
 * `text` with each long hex run breakable after every eighth digit, so that a line too
 * narrow for it ends at a group rather than leave its last digit alone on the next line.
 */
function hexGroups(text: string) {
  if (!LONG_HEX.test(text)) return text;
  return text.split(LONG_HEX).map((part, i) =>
    i % 2 === 1 ? (
      <Fragment key={i}>
        {hexChunks(part).map((chunk, j) => (
          <Fragment key={j}>
            {j > 0 && <wbr />}
            {chunk}
          </Fragment>
        ))}
      </Fragment>
    ) : (
      part
    ),
  );
}

/** `hex` in groups of HEX_GROUP digits, the last one shorter. */
export function hexChunks(hex: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < hex.length; i += HEX_GROUP) out.push(hex.slice(i, i + HEX_GROUP));
  return out;
}

/** `text` with each run `keep` matches (a capture group) in a span that does not break. */
function keepWhole(text: string, keep: RegExp) {
  return text.split(keep).map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} className="nobreak">
        {part}
      </span>
    ) : (
      <Fragment key={i}>{hexGroups(part)}</Fragment>
    ),
  );
}
