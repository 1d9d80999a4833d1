import { Fragment } from 'react';

/**
 * An identifier that may break after its separators (`versioned_` `notifications.` `info`,
 * `nova-compute@` `host1`) rather than in the middle of a word, where a narrow column needs it.
 */
export function Breakable({ text, after = /([._:@/-])/ }: { text: string; after?: RegExp }) {
  const parts = text.split(after);
  // split with a capture group: the text, then each separator followed by the next text
  const out = [];
  for (let i = 0; i < parts.length; i += 2) {
    const sep = parts[i + 1];
    out.push(
      <Fragment key={i}>
        {parts[i]}
        {sep !== undefined && (
          <>
            {sep}
            <wbr />
          </>
        )}
      </Fragment>,
    );
  }
  return out;
}
