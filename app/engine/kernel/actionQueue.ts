import { ActionHeap, before, type HeapEntry } from './heap';

/** Buckets of one virtual millisecond each: the near future the calendar covers. */
const DAYS = 256;
const MASK = DAYS - 1;
/** `pos` of an entry waiting in a bucket, and of one cancelled there. */
const IN_BUCKET = -2;
const CANCELLED = -3;

/**
 * The kernel's queue of actions, in (time, insertion) order, for a clock that never goes
 * back: nothing is pushed earlier than the last action popped.
 *
 * Most of a boot's actions are due within a few hundred virtual ms (a message's hop, a
 * service's work), so they go into a calendar of one bucket per millisecond, kept in order
 * as they come, almost always at the end. Only the rest (spawns, heartbeats, call timeouts)
 * go into a heap. A pop looks at the nearest bucket and the heap's top. On the 100-host
 * benchmark's own sequence of pushes and pops this takes about half the time of the heap
 * alone, whose depth of a thousand entries every action paid for.
 */
export class ActionQueue {
  /**
   * A bucket's slots are reused day after day: its entries are `[head, tail)`. Emptied with
   * `length = 0`, V8 dropped its backing store, and every day grew a new one push by push (a
   * runtime call and a few arrays a virtual ms). A slot popped is cleared, so an action run
   * holds nothing alive.
   */
  private readonly buckets: (HeapEntry | undefined)[][] = Array.from({ length: DAYS }, () => []);
  /** the first entry not yet popped in each bucket */
  private readonly heads = new Int32Array(DAYS);
  /** one past the last entry in each bucket */
  private readonly tails = new Int32Array(DAYS);
  /** whole ms of the last action popped: every entry waiting is due on it or later */
  private today = 0;
  /** no bucketed entry is due before this day */
  private earliest = 0;
  private bucketed = 0;
  private readonly later = new ActionHeap();

  get size(): number {
    return this.bucketed + this.later.size;
  }

  push(entry: HeapEntry): void {
    const day = Math.floor(entry.t);
    // a bucket holds one day only while every day waiting is within DAYS of today
    if (day >= this.today + DAYS) {
      this.later.push(entry);
      return;
    }
    const k = day & MASK;
    const bucket = this.buckets[k]!;
    const head = this.heads[k]!;
    let i = this.tails[k]!;
    this.tails[k] = i + 1;
    // in order of (time, insertion): only a reserved place or a fraction of a ms moves it back
    while (i > head && before(entry, bucket[i - 1]!)) {
      bucket[i] = bucket[i - 1]!;
      i--;
    }
    bucket[i] = entry;
    entry.pos = IN_BUCKET;
    this.bucketed++;
    if (day < this.earliest) this.earliest = day;
  }

  /** Takes out a cancelled action (one in a bucket stays there, skipped, until its day). */
  remove(entry: HeapEntry): void {
    if (entry.pos === IN_BUCKET) {
      entry.pos = CANCELLED;
      this.bucketed--;
    } else if (entry.pos !== CANCELLED) this.later.remove(entry);
  }

  peek(): HeapEntry | undefined {
    const k = this.nearestBucket();
    const late = this.later.peek();
    if (k < 0) return late;
    const soon = this.buckets[k]![this.heads[k]!]!;
    return late !== undefined && before(late, soon) ? late : soon;
  }

  pop(): HeapEntry | undefined {
    return this.popUntil(Infinity);
  }

  /** Takes out the earliest entry if it is due by `t` (a run's deadline): one look, not two. */
  popUntil(t: number): HeapEntry | undefined {
    const k = this.nearestBucket();
    const late = this.later.peek();
    if (k < 0 || (late !== undefined && before(late, this.buckets[k]![this.heads[k]!]!))) {
      if (late === undefined || late.t > t) return undefined;
      this.today = Math.floor(late.t);
      return this.later.pop();
    }
    const bucket = this.buckets[k]!;
    const head = this.heads[k]!;
    const soon = bucket[head]!;
    if (soon.t > t) return undefined;
    bucket[head] = undefined;
    if (head + 1 === this.tails[k]) {
      this.heads[k] = 0;
      this.tails[k] = 0;
    } else this.heads[k] = head + 1;
    this.bucketed--;
    this.today = this.earliest;
    soon.pos = -1;
    return soon;
  }

  /** The bucket of the earliest live bucketed entry (its head), or -1 when there is none. */
  private nearestBucket(): number {
    if (this.bucketed === 0) return -1;
    for (let day = Math.max(this.earliest, this.today); ; day++) {
      const k = day & MASK;
      const bucket = this.buckets[k]!;
      const tail = this.tails[k]!;
      let head = this.heads[k]!;
      while (head < tail && bucket[head]!.pos === CANCELLED) {
        bucket[head]!.pos = -1;
        bucket[head++] = undefined;
      }
      if (head < tail) {
        this.heads[k] = head;
        this.earliest = day;
        return k;
      }
      this.heads[k] = 0;
      this.tails[k] = 0;
    }
  }
}
