import type { Sim, TimerHandle } from '../kernel/sim';

interface Deadline {
  deadline: number;
  fire: () => void;
  live: boolean;
}

/**
 * Timeouts that all last the same time expire in the order they were set, so one kernel
 * timer can serve them all. Every RPC call sets one (rpc_response_timeout) and nearly all
 * are cancelled by their reply within milliseconds; as separate kernel timers they would
 * fill the action queue with tens of thousands of dead entries.
 */
export class DeadlineQueue {
  private items: Deadline[] = [];
  private head = 0;
  private live = 0;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly sim: Sim,
    private readonly ms: number,
  ) {}

  /** `fire` runs once `ms` have passed, unless cancelled first. */
  add(fire: () => void): TimerHandle {
    const item: Deadline = { deadline: this.sim.now + this.ms, fire, live: true };
    this.items.push(item);
    this.live++;
    if (this.timer === null) this.arm();
    return {
      cancel: () => {
        if (!item.live) return;
        item.live = false;
        if (--this.live === 0) this.clear();
      },
    };
  }

  /** Nothing is waiting: no timer may keep the run alive. */
  private clear(): void {
    this.timer?.cancel();
    this.timer = null;
    this.items = [];
    this.head = 0;
  }

  private arm(): void {
    while (this.head < this.items.length && !this.items[this.head]!.live) this.head++;
    const next = this.items[this.head];
    if (!next) {
      this.clear();
      return;
    }
    this.timer = this.sim.timer(next.deadline - this.sim.now, () => this.expire());
  }

  private expire(): void {
    this.timer = null;
    const now = this.sim.now;
    while (this.head < this.items.length) {
      const item = this.items[this.head]!;
      if (item.live && item.deadline > now) break;
      this.head++;
      if (item.live) {
        item.live = false;
        this.live--;
        item.fire();
      }
    }
    if (this.head > 4096) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.live > 0) {
      if (this.timer === null) this.arm();
    } else this.clear();
  }
}
