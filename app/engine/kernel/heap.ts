/**
 * Min-heap (four-ary) of scheduled actions keyed by (time, insertion order). The insertion
 * counter is the stable tie-break that makes equal-time actions run in the order they were
 * scheduled, which is what keeps a run byte-for-byte reproducible.
 */
export interface HeapEntry {
  t: number;
  id: number;
  /** run as fn(a, b): an action of a kind many share is one function, not a closure each */
  fn: (a: never, b: never) => void;
  a?: unknown;
  b?: unknown;
  /** counts towards keeping the run alive */
  live: boolean;
  /** where the entry sits in the heap's array; -1 once popped or removed */
  pos: number;
}

export const before = (a: HeapEntry, b: HeapEntry): boolean =>
  a.t < b.t || (a.t === b.t && a.id < b.id);

export class ActionHeap {
  private items: HeapEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): HeapEntry | undefined {
    return this.items[0];
  }

  push(entry: HeapEntry): void {
    this.items.push(entry);
    this.up(entry, this.items.length - 1);
  }

  pop(): HeapEntry | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  /**
   * Takes a cancelled action out at once. Left in place until its time, the call timeouts
   * and timers a run cancels outnumbered the live actions five to one in a big cloud, and
   * every push and pop paid for their depth.
   */
  remove(entry: HeapEntry): void {
    const i = entry.pos;
    if (i >= 0 && this.items[i] === entry) this.removeAt(i);
  }

  private removeAt(i: number): void {
    const items = this.items;
    const gone = items[i]!;
    gone.pos = -1;
    const last = items.pop()!;
    if (last === gone) return;
    // the last entry takes the hole, then moves up or down to where it belongs
    if (i > 0 && before(last, items[(i - 1) >> 2]!)) this.up(last, i);
    else this.down(last, i);
  }

  private up(entry: HeapEntry, from: number): void {
    const items = this.items;
    let i = from;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const p = items[parent]!;
      if (before(p, entry)) break;
      items[i] = p;
      p.pos = i;
      i = parent;
    }
    items[i] = entry;
    entry.pos = i;
  }

  /**
   * Four children a node: half the levels of a binary heap, and the children of a node sit
   * together in the array, so a pop touches fewer cache lines.
   */
  private down(entry: HeapEntry, from: number): void {
    const items = this.items;
    const n = items.length;
    let i = from;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let c = first;
      let best = items[first]!;
      const end = Math.min(first + 4, n);
      for (let k = first + 1; k < end; k++) {
        const e = items[k]!;
        if (before(e, best)) {
          best = e;
          c = k;
        }
      }
      if (before(entry, best)) break;
      items[i] = best;
      best.pos = i;
      i = c;
    }
    items[i] = entry;
    entry.pos = i;
  }
}
