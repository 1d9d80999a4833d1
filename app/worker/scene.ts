import type { RpcPayload, TraceEvent } from '../engine/trace';
import {
  playingStretch,
  sameChips,
  sameHost,
  sameQueues,
  tokenEnd,
  tokenStart,
} from '../protocol/messages';
import { NOTIFICATIONS_QUEUE } from '../engine/services/notifier';
import { NumberHeap } from './numberHeap';
import type {
  HostRow,
  QueueRow,
  SceneMessage,
  SceneToken,
  Speed,
  TokensMessage,
  VmChip,
  WaitingCall,
} from '../protocol/messages';
import { hostRows, queueRows, tableCounts, unplacedVms } from './sceneRows';
import {
  SCENE_SNAPSHOT_INTERVAL,
  SceneCursor,
  type SceneState,
  SERVICE_DOWN_MS,
  targetQueues,
} from './sceneState';
import { tokenOf, transitEnd } from './sceneTokens';

/**
 * The diagram's feed: what the live diagram is sent at the cursor, built on the scene's state
 * (sceneState.ts), its tokens (sceneTokens.ts) and its rows (sceneRows.ts).
 */

/** At most this many tokens go to the UI in one tokens message. */
export const MAX_TOKENS = 600;
/**
 * While playing, at most this many tokens are on screen at once by their times: a burst's
 * other messages are not sent (counted as dropped). A little above the token layer's own cap
 * (ui/diagram/TokenLayer.tsx), which decides in the end what is drawn.
 */
export const MAX_TOKENS_SHOWN = 450;
/** Wall time the UI may extrapolate the clock past a scene message (look-ahead window). */
export const LOOKAHEAD_WALL_MS = 250;
/** Events scanned past the cursor for the look-ahead, at most. */
const LOOKAHEAD_SCAN = 4000;

/** Sends remembered for staging their deliver hops, at most (oldest forgotten first). */
const MAX_SENDS_REMEMBERED = 4096;

/**
 * Builds the messages the live diagram draws from, for one run. They are deltas, so that a
 * message per frame stays small in a big cloud: host rows only when they changed, tables and
 * queues only when they changed, and, while playing, only the tokens the UI does not hold yet
 * (it drops the ones whose time on screen is over).
 */
export class SceneFeed {
  readonly cursor: SceneCursor;
  private sentHosts: string | null = null;
  /** the host rows the UI holds, by host */
  private readonly sentHostRows = new Map<string, HostRow>();
  private sentUnplaced: VmChip[] | null = null;
  private sentWaiting: WaitingCall[] | null = null;
  private sentTables: string | null = null;
  private sentQueues: QueueRow[] | null = null;
  /**
   * While playing: the first event not yet looked at for tokens. Every token of an event
   * before it that may still be drawn is with the UI already, so the next message only
   * appends. Null: the next message replaces the UI's tokens.
   */
  private tokensFrom: number | null = null;
  /** the cursor, clock and stretch of the last tokens message */
  private tokensSeq = -1;
  private tokensClock = -1;
  private stretch = 0;
  /**
   * The user paused while playing: the next message keeps the picture (the playing stretch)
   * instead of drawing exact times. A breakpoint, the end of the run, a step or a seek draw
   * exact times.
   */
  private mayHold = false;
  /** when each recent RPC send left (by oslo `_unique_id`): its deliver hops are drawn after it */
  private readonly sendTimes = new Map<string, number>();
  /** while playing: when the tokens sent since the last reset leave the screen */
  private readonly shownUntil = new NumberHeap();

  constructor(
    private readonly runId: string,
    private readonly events: readonly TraceEvent[],
    private readonly hostNames: readonly string[],
    {
      interval = SCENE_SNAPSHOT_INTERVAL,
      serviceDownMs = SERVICE_DOWN_MS,
    }: { interval?: number; serviceDownMs?: number } = {},
  ) {
    this.cursor = new SceneCursor(events, interval, serviceDownMs);
  }

  /**
   * The tokens at `clock`. While playing (not at 'max'), tokens are stretched to stay visible
   * and the look-ahead is added. Paused where it played, the picture stays as it was: the
   * pause keeps the stretch and only brings the UI's clock to where the run stopped, which is
   * a little after the last message while playing. After a step or a seek, exactly the
   * messages in flight at the cursor are drawn. Null when the UI's tokens are still right
   * (paused, nothing moved).
   */
  tokens(seq: number, clock: number, speed: Speed, playing: boolean): TokensMessage | null {
    this.cursor.moveTo(seq);
    const s = this.cursor.state;
    const animated = playing && speed !== 'max';
    const mayHold = this.mayHold;
    this.mayHold = false;
    if (!animated && s.seq === this.tokensSeq && clock === this.tokensClock) return null;
    const forward = s.seq >= this.tokensSeq;
    this.tokensSeq = s.seq;
    this.tokensClock = clock;
    const base = { type: 'tokens', runId: this.runId, clock } as const;
    const from = this.tokensFrom;
    const follows = forward && from !== null && from >= s.seq - LOOKAHEAD_SCAN;
    // the first message after playing stopped, the cursor where playing left it
    const hold = !animated && follows && mayHold;
    if (!hold) this.stretch = animated ? playingStretch(speed) : 0;
    const append = (animated || hold) && follows;
    const tokens: SceneToken[] = [];
    let dropped = 0;
    const stretch = this.stretch;
    const take = (ev: TraceEvent): boolean => {
      if (transitEnd(ev) === null) return true;
      if (tokens.length >= MAX_TOKENS) return false;
      const tok = this.tokenOf(ev)!;
      if (animated && !this.room(tokenStart(tok, stretch))) dropped++;
      else {
        if (animated) this.shownUntil.push(tokenEnd(tok, stretch));
        tokens.push(tok);
      }
      return true;
    };
    if (!append) {
      this.shownUntil.clear();
      for (const ev of s.inflight) {
        if ((transitEnd(ev) ?? 0) <= clock) continue;
        if (!take(ev)) dropped++;
      }
    }
    this.tokensFrom = null;
    if (append || animated) {
      // Look-ahead: what starts before the UI's extrapolated clock can reach the next message.
      // Held: only what happened before the cursor and is not with the UI yet.
      const horizon = animated ? clock + speed * LOOKAHEAD_WALL_MS : clock;
      let i = append ? from! : s.seq;
      const stop = Math.min(hold ? s.seq : this.events.length, i + LOOKAHEAD_SCAN);
      for (; i < stop; i++) {
        const ev = this.events[i]!;
        if (ev.t > horizon || !take(ev)) break;
      }
      this.tokensFrom = hold ? Math.max(i, from!) : i;
    }
    return {
      ...base,
      stretch: this.stretch,
      tokens,
      reset: !append,
      dropped,
      // held: the look-ahead the UI holds may reach past the cursor, where the run stopped
      ...(hold ? { before: s.seq } : {}),
    };
  }

  /** The user pauses: the next message keeps the picture as it is (see `tokens`). */
  holdPicture(): void {
    this.mayHold = this.stretch > 0;
  }

  /** Is there room on screen for a token starting at `start`? */
  private room(start: number): boolean {
    if (this.shownUntil.size < MAX_TOKENS_SHOWN) return true;
    this.shownUntil.dropUpTo(start);
    return this.shownUntil.size < MAX_TOKENS_SHOWN;
  }

  private tokenOf(ev: TraceEvent): SceneToken | null {
    let after: number | null = null;
    if (ev.type === 'rpc' && ev.phase !== 'reply') {
      const id = (ev.payload as RpcPayload).unique_id;
      if (ev.phase === 'send') {
        if (this.sendTimes.size >= MAX_SENDS_REMEMBERED) {
          const oldest = this.sendTimes.keys().next().value;
          if (oldest !== undefined) this.sendTimes.delete(oldest);
        }
        this.sendTimes.set(id, ev.t);
      } else {
        after = this.sendTimes.get(id) ?? null;
        // a fanout message has one deliver per queue; any other, one
        if (!ev.fanout) this.sendTimes.delete(id);
      }
    }
    return tokenOf(ev, after);
  }

  /** What the boxes show at `seq`: only what changed since the last call. */
  details(seq: number, clock: number): SceneMessage {
    this.cursor.moveTo(seq);
    const s = this.cursor.state;
    const inflightSends = new Map<string, number>();
    const unacked = new Map<string, number>();
    for (const ev of s.inflight) {
      if ((transitEnd(ev) ?? 0) <= clock) continue;
      if (ev.type === 'notification')
        inflightSends.set(NOTIFICATIONS_QUEUE, (inflightSends.get(NOTIFICATIONS_QUEUE) ?? 0) + 1);
      if (ev.type !== 'rpc') continue;
      if (ev.phase === 'send')
        for (const q of targetQueues(s as SceneState, ev))
          inflightSends.set(q, (inflightSends.get(q) ?? 0) + 1);
      else if (ev.phase === 'deliver') unacked.set(ev.queue, (unacked.get(ev.queue) ?? 0) + 1);
    }
    const msg: SceneMessage = {
      type: 'scene',
      runId: this.runId,
      seq: s.seq,
      brokerUp: s.brokerUp,
    };
    const queues = queueRows(s, inflightSends, unacked);
    if (!this.sentQueues || !sameQueues(this.sentQueues, queues)) {
      msg.queues = queues;
      this.sentQueues = queues;
    }
    const hostsStamp = this.cursor.hostsStamp;
    if (hostsStamp !== this.sentHosts) {
      this.sentHosts = hostsStamp;
      const changed: HostRow[] = [];
      for (const row of hostRows(s, this.hostNames)) {
        const old = this.sentHostRows.get(row.host);
        if (old && sameHost(old, row)) continue;
        changed.push(row);
        this.sentHostRows.set(row.host, row);
      }
      if (changed.length > 0) msg.hosts = changed;
      const unplaced = unplacedVms(s);
      if (!this.sentUnplaced || !sameChips(this.sentUnplaced, unplaced)) {
        msg.unplaced = unplaced;
        this.sentUnplaced = unplaced;
      }
    }
    const tablesStamp = this.cursor.tablesStamp;
    if (tablesStamp !== this.sentTables) {
      msg.tables = tableCounts(s);
      this.sentTables = tablesStamp;
    }
    const waiting = waitingCalls(s, clock);
    if (!this.sentWaiting || !sameWaiting(this.sentWaiting, waiting)) {
      msg.waiting = waiting;
      this.sentWaiting = waiting;
    }
    return msg;
  }
}

/**
 * The calls the control processes wait on, oldest first: nova-compute's (an instance.save
 * through the conductor, on each of hundreds of hosts) are left to the inspector.
 */
function waitingCalls(s: Readonly<SceneState>, clock: number): WaitingCall[] {
  const out: WaitingCall[] = [];
  for (const c of s.calls.values())
    if (!c.from.startsWith('nova-compute@'))
      out.push({ process: c.from, method: c.method, seq: c.seq, since: c.t });
  // a reply still on its way to the caller: the caller waits until it arrives
  for (const ev of s.inflight)
    if (
      ev.type === 'rpc' &&
      ev.phase === 'reply' &&
      ev.outcome !== 'heartbeat' &&
      !ev.to.startsWith('nova-compute@') &&
      (transitEnd(ev) ?? 0) > clock
    )
      out.push({ process: ev.to, method: ev.method, seq: ev.seq, since: ev.t });
  return out.sort((a, b) => a.seq - b.seq);
}

const sameWaiting = (a: readonly WaitingCall[], b: readonly WaitingCall[]) =>
  a.length === b.length && a.every((w, i) => w.seq === b[i]!.seq);
