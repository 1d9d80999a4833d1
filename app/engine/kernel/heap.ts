/**
 * Min-heap (four-ary) of scheduled actions keyed by (time, insertion order). The insertion
 * counter is the stable tie-break that makes equal-time actions run in the order they were
 * scheduled, which is what keeps a run byte-for-byte reproducible.
 */
export interface HeapEntry {
  t: number;
  id: number;
  fn: () => void;
  /** counts towards keeping the run alive */
  live: boolean;
}

export class ActionHeap {
  private items: HeapEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): HeapEntry | undefined {
    return this.items[0];
  }

  push(entry: HeapEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const p = items[parent]!;
      if (p.t < entry.t || (p.t === entry.t && p.id < entry.id)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = entry;
  }

  /**
   * Four children a node: half the levels of a binary heap, and the children of a node sit
   * together in the array, so a pop touches fewer cache lines.
   */
  pop(): HeapEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let c = first;
      let best = items[first]!;
      const end = Math.min(first + 4, n);
      for (let k = first + 1; k < end; k++) {
        const e = items[k]!;
        if (e.t < best.t || (e.t === best.t && e.id < best.id)) {
          best = e;
          c = k;
        }
      }
      if (last.t < best.t || (last.t === best.t && last.id < best.id)) break;
      items[i] = best;
      i = c;
    }
    items[i] = last;
    return top;
  }
}
