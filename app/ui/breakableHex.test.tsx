import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  Breakable,
  COMPOUND_NAME,
  hexChunks,
  HYPHENATED_NAME,
  IDENTIFIER_BREAK,
} from './Breakable';

describe('a long hex run', () => {
  it('is cut into groups of eight digits, the last one shorter, every digit kept', () => {
    const hex = '5d7bae843003d1229104e221e9d9744d1';
    expect(hexChunks(hex)).toEqual(['5d7bae84', '3003d122', '9104e221', 'e9d9744d', '1']);
    expect(hexChunks(hex).join('')).toBe(hex);
  });

  it('may break after each group, and after the underscore before it', () => {
    const html = renderToStaticMarkup(<Breakable text="reply_5d7bae843003d1229104e221e9d9744d" />);
    expect(html).toBe('reply_<wbr/>5d7bae84<wbr/>3003d122<wbr/>9104e221<wbr/>e9d9744d');
  });

  it('short hex and words are left as they are', () => {
    expect(renderToStaticMarkup(<Breakable text="compute.host1" />)).toBe('compute.<wbr/>host1');
    expect(renderToStaticMarkup(<Breakable text="msg 63133f3f…" after={/(_)/} />)).toBe(
      'msg 63133f3f…',
    );
  });
});

describe("the narration's compound names", () => {
  const narrated = (text: string) =>
    renderToStaticMarkup(
      <Breakable text={text} at={IDENTIFIER_BREAK} keep={HYPHENATED_NAME} block={COMPOUND_NAME} />,
    );

  it('are one block each, broken inside at a dot or an @ only, hyphenated words kept whole', () => {
    expect(narrated('from the queue compute.host1 to nova-compute@host1.')).toBe(
      'from the queue <span class="name-block">compute<wbr/>.host1</span> to ' +
        '<span class="name-block"><span class="nobreak">nova-compute</span>@<wbr/>host1.</span>',
    );
  });

  it('keep a long hex breakable in its groups', () => {
    expect(narrated('consumes compute_fanout_5f88117549c1944fda180242fd96ddfe now')).toBe(
      'consumes <span class="name-block">compute_<wbr/>fanout_<wbr/>5f881175<wbr/>49c1944f<wbr/>da180242<wbr/>fd96ddfe</span> now',
    );
  });
});
