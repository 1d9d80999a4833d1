import { tokenEnd, type SceneToken, type TokensMessage } from '../protocol/messages';

/**
 * The message tokens on screen and about to start, kept apart from the store's state. They
 * change every frame while playing and only the token layer's animation loop reads them: a
 * store update per frame would run the selector of every subscribed component (a thousand
 * VM chips in a big cloud) for nothing.
 */
export class TokenFeed {
  tokens: SceneToken[] = [];
  /** the worker's play clock the tokens are for (virtual ms) */
  clock = 0;
  /** virtual ms each token stays on screen at least (protocol/tokenTiming.ts) */
  stretch = 0;
  /** messages on screen the worker did not send (beyond its cap) */
  dropped = 0;
  runId: string | null = null;
  /** wall time (performance.now) the last message came: the layer extrapolates from it */
  receivedAt = 0;

  /** A reset replaces the tokens; otherwise those still on screen stay and the new ones join. */
  apply(m: TokensMessage, now: number): void {
    if (m.reset || m.runId !== this.runId) {
      this.tokens = m.tokens;
    } else {
      const kept: SceneToken[] = [];
      const before = m.before ?? Infinity;
      for (const tok of this.tokens)
        if (tok.seq < before && tokenEnd(tok, m.stretch) > m.clock) kept.push(tok);
      for (const tok of m.tokens) kept.push(tok);
      this.tokens = kept;
    }
    this.runId = m.runId;
    this.clock = m.clock;
    this.stretch = m.stretch;
    this.dropped = m.dropped;
    this.receivedAt = now;
  }
}
