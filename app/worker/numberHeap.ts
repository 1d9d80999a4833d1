/** A binary min-heap of numbers: the earliest first. */
export class NumberHeap {
  private items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  clear(): void {
    this.items.length = 0;
  }

  push(x: number): void {
    const a = this.items;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= x) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = x;
  }

  /** Removes every number ≤ `x`. */
  dropUpTo(x: number): void {
    const a = this.items;
    while (a.length > 0 && a[0]! <= x) {
      const last = a.pop()!;
      if (a.length === 0) break;
      // sift `last` down from the root
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
  }
}
