import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberHeap } from './numberHeap';

describe('NumberHeap', () => {
  it('dropUpTo removes exactly the numbers at or below the bound', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 50 }).map((n) => ({ push: n })),
            fc.integer({ min: 0, max: 50 }).map((n) => ({ drop: n })),
          ),
        ),
        (ops) => {
          const heap = new NumberHeap();
          let model: number[] = [];
          for (const op of ops) {
            if ('push' in op) {
              heap.push(op.push);
              model.push(op.push);
            } else {
              heap.dropUpTo(op.drop);
              model = model.filter((x) => x > op.drop);
            }
            expect(heap.size).toBe(model.length);
          }
        },
      ),
    );
  });
});
