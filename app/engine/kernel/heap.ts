/**
 * Binary min-heap of scheduled actions keyed by (time, insertion order). The insertion
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
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (p.t < entry.t || (p.t === entry.t && p.id < entry.id)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = entry;
  }

  pop(): HeapEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      const cl = items[l]!;
      if (r < n) {
        const cr = items[r]!;
        if (cr.t < cl.t || (cr.t === cl.t && cr.id < cl.id)) c = r;
      }
      const child = items[c]!;
      if (last.t < child.t || (last.t === child.t && last.id < child.id)) break;
      items[i] = child;
      i = c;
    }
    items[i] = last;
    return top;
  }
}
