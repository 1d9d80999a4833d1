import { describe, expect, it } from 'vitest';
import type { SceneToken, TokensMessage } from '../protocol/messages';
import { TokenFeed } from './tokenFeed';

const tok = (
  seq: number,
  t: number,
  arrive_t: number,
  after: number | null = null,
): SceneToken => ({
  seq,
  kind: 'cast',
  from: 'nova-api',
  to: 'rabbitmq',
  via: null,
  t,
  arrive_t,
  after,
  label: 'm',
  instance: null,
  request_id: null,
});

const msg = (over: Partial<TokensMessage>): TokensMessage => ({
  type: 'tokens',
  runId: 'r',
  clock: 0,
  stretch: 0,
  tokens: [],
  reset: false,
  dropped: 0,
  ...over,
});

describe('token feed', () => {
  it('keeps a token while it is on screen by its stretched time, then drops it', () => {
    const feed = new TokenFeed();
    feed.apply(msg({ reset: true, tokens: [tok(1, 100, 112)], stretch: 500, clock: 100 }), 0);
    feed.apply(msg({ clock: 400, stretch: 500, tokens: [tok(2, 390, 402)] }), 16);
    // 12 virtual ms of flight, drawn for 500: still on screen at 400
    expect(feed.tokens.map((t) => t.seq)).toEqual([1, 2]);
    feed.apply(msg({ clock: 650, stretch: 500 }), 32);
    expect(feed.tokens.map((t) => t.seq)).toEqual([2]);
    expect(feed).toMatchObject({ clock: 650, stretch: 500, receivedAt: 32 });
  });

  it('a reset or another run replaces what it holds', () => {
    const feed = new TokenFeed();
    feed.apply(msg({ reset: true, tokens: [tok(1, 0, 12)] }), 0);
    feed.apply(msg({ reset: true, tokens: [tok(5, 0, 12)] }), 1);
    expect(feed.tokens.map((t) => t.seq)).toEqual([5]);
    feed.apply(msg({ runId: 'other', tokens: [tok(9, 0, 12)] }), 2);
    expect(feed.tokens.map((t) => t.seq)).toEqual([9]);
  });

  it('held at a pause, drops the look-ahead of events from the cursor on', () => {
    const feed = new TokenFeed();
    feed.apply(
      msg({ reset: true, stretch: 500, clock: 100, tokens: [tok(1, 90, 102), tok(2, 100, 112)] }),
      0,
    );
    feed.apply(msg({ clock: 101, stretch: 500, before: 2 }), 16);
    expect(feed.tokens.map((t) => t.seq)).toEqual([1]);
  });
});
