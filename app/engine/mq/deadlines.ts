import type { Sim, TimerHandle } from '../kernel/sim';

/** One timeout in a DeadlineQueue, linked in the order it was set; cancelling unlinks it. */
class Deadline implements TimerHandle {
  prev: Deadline | null = null;
  next: Deadline | null = null;
  live = true;

  constructor(
    private readonly queue: DeadlineQueue,
    readonly deadline: number,
    readonly fire: (arg: never) => void,
    readonly arg: unknown,
  ) {}

  cancel(): void {
    if (this.live) this.queue.cancel(this);
  }
}

/**
 * Timeouts that all last the same time expire in the order they were set, so one kernel
 * timer can serve them all. Every RPC call sets one (rpc_response_timeout) and nearly all
 * are cancelled by their reply within milliseconds; as separate kernel timers they would
 * fill the action queue with tens of thousands of dead entries. A cancelled timeout is
 * unlinked at once, so it is garbage while still young instead of waiting out its deadline.
 */
export class DeadlineQueue {
  private first: Deadline | null = null;
  private last: Deadline | null = null;
  private live = 0;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly sim: Sim,
    private readonly ms: number,
  ) {}

  /**
   * `fire(arg)` runs once `ms` have passed, unless cancelled first: every call sets one, so a
   * function shared by all of them, told which call, rather than a closure each.
   */
  add<A>(fire: (arg: A) => void, arg?: A): TimerHandle {
    const item = new Deadline(this, this.sim.now + this.ms, fire, arg);
    item.prev = this.last;
    if (this.last) this.last.next = item;
    else this.first = item;
    this.last = item;
    this.live++;
    if (this.timer === null) this.arm();
    return item;
  }

  cancel(item: Deadline): void {
    this.unlink(item);
    // nothing is waiting: no timer may keep the run alive
    if (this.live === 0) this.disarm();
  }

  private unlink(item: Deadline): void {
    item.live = false;
    this.live--;
    if (item.prev) item.prev.next = item.next;
    else this.first = item.next;
    if (item.next) item.next.prev = item.prev;
    else this.last = item.prev;
    item.prev = item.next = null;
  }

  private disarm(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private arm(): void {
    const next = this.first;
    if (!next) {
      this.disarm();
      return;
    }
    this.timer = this.sim.timer(next.deadline - this.sim.now, () => this.expire());
  }

  private expire(): void {
    this.timer = null;
    const now = this.sim.now;
    while (this.first !== null && this.first.deadline <= now) {
      const item = this.first;
      this.unlink(item);
      item.fire(item.arg as never);
    }
    if (this.live > 0) {
      if (this.timer === null) this.arm();
    } else this.disarm();
  }
}
