import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActionQueue } from './actionQueue';
import type { HeapEntry } from './heap';

const noop = () => {};
const order = (a: HeapEntry, b: HeapEntry) => a.t - b.t || a.id - b.id;

/** delays that land in the first bucket, the last ones, past the calendar, and between ms */
const delay = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: 250, max: 260 }),
  fc.integer({ min: 500, max: 20_000 }),
  fc.integer({ min: 0, max: 40 }).map((n) => n / 8),
);

type Op =
  | { push: number }
  /** an action at a place reserved earlier: a smaller id than the ones queued since */
  | { reserved: number }
  | { remove: number }
  /** a pop with a deadline, as far past the last action as `until` */
  | { until: number }
  | 'pop'
  | 'peek';

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ push: delay }) },
  { weight: 1, arbitrary: fc.record({ reserved: delay }) },
  { weight: 1, arbitrary: fc.record({ remove: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ until: delay }) },
  { weight: 4, arbitrary: fc.constant('pop' as const) },
  { weight: 1, arbitrary: fc.constant('peek' as const) },
);

describe('ActionQueue', () => {
  it('pops in (time, insertion) order through pushes, reserved places, removals and peeks', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 500 }), (ops) => {
        const queue = new ActionQueue();
        let model: HeapEntry[] = [];
        let now = 0;
        let id = 1_000_000;
        let reservedId = 0;
        const take = () => {
          model.sort(order);
          const want = model.shift();
          const got = queue.pop();
          expect(got?.id).toBe(want?.id);
          if (got) {
            expect(got.t).toBeGreaterThanOrEqual(now);
            now = got.t;
          }
        };
        for (const o of ops) {
          if (o === 'pop') take();
          else if (o === 'peek') {
            model.sort(order);
            expect(queue.peek()?.id).toBe(model[0]?.id);
          } else if ('until' in o) {
            model.sort(order);
            const due = model[0] !== undefined && model[0].t <= now + o.until;
            const got = queue.popUntil(now + o.until);
            expect(got?.id).toBe(due ? model[0]!.id : undefined);
            if (due) {
              model.shift();
              now = got!.t;
            }
          } else if ('remove' in o) {
            if (model.length === 0) continue;
            const e = model[o.remove % model.length]!;
            queue.remove(e);
            // a second remove changes nothing
            queue.remove(e);
            model = model.filter((x) => x !== e);
          } else {
            const at = 'push' in o ? o.push : o.reserved;
            const e = {
              t: now + at,
              id: 'push' in o ? id++ : reservedId++,
              fn: noop,
              live: true,
              pos: -1,
            };
            queue.push(e);
            model.push(e);
          }
          expect(queue.size).toBe(model.length);
        }
        while (model.length > 0) take();
        expect(queue.pop()).toBeUndefined();
        expect(queue.size).toBe(0);
      }),
      { numRuns: 400 },
    );
  });

  it('orders the calendar and the heap behind it as the clock runs past a whole calendar', () => {
    const queue = new ActionQueue();
    const e = (t: number, id: number) => ({ t, id, fn: noop, live: true, pos: -1 });
    queue.push(e(255, 1));
    queue.push(e(0, 2));
    expect(queue.pop()?.id).toBe(2);
    // 256 ms would share the first bucket with 0 ms: it waits in the heap
    queue.push(e(256, 3));
    expect(queue.pop()?.id).toBe(1);
    queue.push(e(511, 4));
    queue.push(e(510, 5));
    expect([queue.pop()?.id, queue.pop()?.id, queue.pop()?.id]).toEqual([3, 5, 4]);
    expect(queue.pop()).toBeUndefined();
  });

  it('forgets a removed entry that was already popped', () => {
    const queue = new ActionQueue();
    const a = { t: 5, id: 1, fn: noop, live: true, pos: -1 };
    const far = { t: 9_000, id: 2, fn: noop, live: true, pos: -1 };
    queue.push(a);
    queue.push(far);
    expect(queue.pop()).toBe(a);
    queue.remove(a);
    expect(queue.size).toBe(1);
    queue.remove(far);
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
  });
});
