import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActionHeap, type HeapEntry } from './heap';

const noop = () => {};

describe('ActionHeap', () => {
  it('pops in (time, insertion) order whatever the pushes and pops in between', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(-1)), { maxLength: 400 }),
        (ops) => {
          const heap = new ActionHeap();
          const model: HeapEntry[] = [];
          let id = 0;
          const popped: number[] = [];
          const expected: number[] = [];
          const order = (a: HeapEntry, b: HeapEntry) => a.t - b.t || a.id - b.id;
          for (const op of ops) {
            if (op >= 0) {
              const e = { t: op, id: id++, fn: noop, live: true, pos: -1 };
              heap.push(e);
              model.push(e);
            } else {
              model.sort(order);
              expected.push(model.shift()?.id ?? -1);
              popped.push(heap.pop()?.id ?? -1);
            }
          }
          model.sort(order);
          for (const e of model) expected.push(e.id);
          for (let e = heap.pop(); e; e = heap.pop()) popped.push(e.id);
          expect(popped).toEqual(expected);
          expect(heap.size).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes out removed entries and keeps the order of the rest', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ push: fc.integer({ min: 0, max: 6 }) }),
            fc.record({ remove: fc.nat() }),
            fc.constant('pop' as const),
          ),
          { maxLength: 400 },
        ),
        (ops) => {
          const heap = new ActionHeap();
          let model: HeapEntry[] = [];
          let id = 0;
          const order = (a: HeapEntry, b: HeapEntry) => a.t - b.t || a.id - b.id;
          for (const op of ops) {
            if (op === 'pop') {
              model.sort(order);
              expect(heap.pop()?.id).toBe(model.shift()?.id);
            } else if ('push' in op) {
              const e = { t: op.push, id: id++, fn: noop, live: true, pos: -1 };
              heap.push(e);
              model.push(e);
            } else if (model.length > 0) {
              const e = model[op.remove % model.length]!;
              heap.remove(e);
              // a second remove, or one after the pop, changes nothing
              heap.remove(e);
              model = model.filter((x) => x !== e);
            }
            expect(heap.size).toBe(model.length);
          }
          model.sort(order);
          const rest: number[] = [];
          for (let e = heap.pop(); e; e = heap.pop()) rest.push(e.id);
          expect(rest).toEqual(model.map((e) => e.id));
        },
      ),
      { numRuns: 300 },
    );
  });
});
