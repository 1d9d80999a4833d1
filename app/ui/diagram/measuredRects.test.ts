import { describe, expect, it } from 'vitest';
import { flowRectsOf, queueRowRect, rowStandsFor } from './measuredRects';

describe("a broker queue's row", () => {
  it('a row stands for its own queue, or for the queues its pattern groups', () => {
    expect(rowStandsFor('scheduler', 'scheduler')).toBe(true);
    expect(rowStandsFor('scheduler', 'scheduler.host1')).toBe(false);
    expect(rowStandsFor('compute.*', 'compute.cmp17')).toBe(true);
    expect(rowStandsFor('compute.*', 'conductor.x')).toBe(false);
    expect(rowStandsFor('reply_*', 'reply_0883a0')).toBe(true);
    expect(rowStandsFor('*_fanout_*', 'compute_fanout_5d7b')).toBe(true);
    expect(rowStandsFor('*_fanout_*', 'compute')).toBe(false);
  });

  it("is measured in the page and given in flow units, its own row before a group's", () => {
    const rect = (top: number, h: number) => () => ({ left: 100, top, width: 200, height: h });
    const row = (name: string, top: number) => ({
      dataset: { queue: name },
      getBoundingClientRect: rect(top, 10),
    });
    // drawn at twice its size
    const box = {
      offsetWidth: 100,
      getBoundingClientRect: rect(50, 200),
      querySelectorAll: () => [row('compute.*', 90), row('compute.host1', 110)],
    };
    const page = {
      querySelector: (sel: string) => (sel.includes('data-id="rabbitmq"') ? box : null),
    } as unknown as ParentNode;
    const broker = { x: 1000, y: 500, w: 100, h: 100 };
    expect(queueRowRect(page, broker, 'compute.host1')).toEqual({
      x: 1000,
      y: 530,
      w: 100,
      h: 5,
    });
    expect(queueRowRect(page, broker, 'compute.host2')?.y).toBe(520);
    expect(queueRowRect(page, broker, 'scheduler')).toBeUndefined();
    expect(queueRowRect(page, undefined, 'compute.host1')).toBeUndefined();
    const empty = { querySelector: () => null } as unknown as ParentNode;
    expect(queueRowRect(empty, broker, 'compute.host1')).toBeUndefined();
  });

  it("a badge measured in the page is put back in flow units, under the viewport's transform", () => {
    const badge = { getBoundingClientRect: () => ({ left: 130, top: 250, width: 60, height: 12 }) };
    const page = {
      querySelectorAll: (sel: string) => (sel === '.dg-waiting' ? [badge] : []),
    } as unknown as ParentNode;
    // layer at (10, 20); flow (x, y) is on screen at (x * 2 + 100, y * 2 + 30)
    expect(flowRectsOf(page, '.dg-waiting', { left: 10, top: 20 }, [100, 30, 2])).toEqual([
      { x: 10, y: 100, w: 30, h: 6 },
    ]);
    expect(flowRectsOf(page, '.none', { left: 0, top: 0 }, [0, 0, 1])).toEqual([]);
  });
});
