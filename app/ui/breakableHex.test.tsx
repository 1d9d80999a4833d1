import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Breakable, hexChunks } from './Breakable';

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
