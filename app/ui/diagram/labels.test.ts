import { describe, expect, it } from 'vitest';
import {
  LABEL_LINE,
  labelWidth,
  placeLabels,
  sharedDetail,
  shareKey,
  twinLeaders,
  type Span,
} from './labels';

describe('labelWidth', () => {
  it('counts the detail only when details are shown', () => {
    expect(labelWidth('cast', 'build_and_run_instance', true)).toBeGreaterThan(
      labelWidth('cast', 'build_and_run_instance', false),
    );
    expect(labelWidth('cast', '', true)).toBe(labelWidth('cast', '', false));
  });
});

describe('placeLabels', () => {
  const body = { x0: 100, x1: 300, y0: 80, y1: 200 };
  const covers = (l: { x: number; base: number }, w: number, b: Span) =>
    l.x < b.x1 && l.x + w > b.x0 && l.base - LABEL_LINE + 4 < b.y1 && l.base + 4 > b.y0;

  it('puts a label on the right of its token when nothing is there', () => {
    expect(placeLabels([{ x: 0, y: 100, w: 60 }])).toEqual([
      { x: 14, base: 105, side: 0, short: false, hidden: false },
    ]);
  });

  it("keeps a label off a box's body: to the left of a token arriving at the box", () => {
    const [l] = placeLabels([{ x: 95, y: 120, w: 60 }], [], [body]);
    expect(covers(l!, 60, body)).toBe(false);
    expect(l!.side).toBe(1);
    expect(l!.x + 60).toBeLessThanOrEqual(95);
  });

  it('keeps the side a label had while it is clear, rather than jumping back to the right', () => {
    const [l] = placeLabels([{ x: 0, y: 300, w: 60, side: 2 }]);
    expect(l!.side).toBe(2);
  });

  it('two labels of tokens side by side do not cover each other', () => {
    const [a, b] = placeLabels([
      { x: 0, y: 100, w: 80 },
      { x: 20, y: 100, w: 80 },
    ]);
    const spanA = { x0: a!.x, x1: a!.x + 80, y0: a!.base - LABEL_LINE + 4, y1: a!.base + 4 };
    expect(covers(b!, 80, spanA)).toBe(false);
  });

  it('between two boxes close together, goes right and down past the box it would cover', () => {
    // a token in a 40 px gap between two boxes: every side touches one of them
    const left = { x0: -200, x1: 0, y0: 50, y1: 150 };
    const right = { x0: 40, x1: 240, y0: 60, y1: 130 };
    const [l] = placeLabels([{ x: 20, y: 100, w: 60 }], [], [left, right]);
    expect(l!.side).toBe(0);
    expect(covers(l!, 60, right)).toBe(false);
    expect(covers(l!, 60, left)).toBe(false);
    expect(l!.base - LABEL_LINE + 4).toBeGreaterThanOrEqual(right.y1);
  });

  it('rather than far below its token, on the side that covers the least of the boxes', () => {
    // boxes all around the token, a tall one on the right: moving down past it is far
    const right = { x0: 30, x1: 300, y0: 0, y1: 400 };
    const left = { x0: -300, x1: -10, y0: 95, y1: 110 };
    const [l] = placeLabels([{ x: 20, y: 100, w: 60 }], [], [right, left]);
    expect(l!.base - 105).toBeLessThanOrEqual(2.5 * LABEL_LINE);
    expect(l!.side).not.toBe(0);
  });

  it("with right, left, below and above taken, goes to a corner rather than over a box's name", () => {
    // names on every side of the token, and a tall box below on the right
    const titles = [
      { x0: 12, x1: 200, y0: 90, y1: 110 },
      { x0: -200, x1: -12, y0: 90, y1: 110 },
      { x0: -40, x1: 5, y0: 110, y1: 135 },
      { x0: -40, x1: 5, y0: 70, y1: 92 },
    ];
    const body = { x0: 12, x1: 300, y0: 110, y1: 400 };
    const [l] = placeLabels([{ x: 0, y: 100, w: 60 }], titles, [body]);
    for (const t of titles) expect(covers(l!, 60, t)).toBe(false);
    expect(covers(l!, 60, body)).toBe(false);
    expect(Math.abs(l!.base - 100)).toBeLessThanOrEqual(2 * LABEL_LINE);
  });

  it('says only its kind where the whole label has no clear side, and the whole where it has', () => {
    // a token in a gap 100 px wide: a 160 px label touches a box on every side, 30 px fits
    const left = { x0: -300, x1: -50, y0: 0, y1: 400 };
    const right = { x0: 50, x1: 300, y0: 0, y1: 400 };
    const [l] = placeLabels([{ x: 0, y: 200, w: 160, short: 30 }], [], [left, right]);
    expect(l!.short).toBe(true);
    expect(covers(l!, 30, left)).toBe(false);
    expect(covers(l!, 30, right)).toBe(false);
    // with room, the whole label
    const [free] = placeLabels([{ x: 0, y: 200, w: 160, short: 30 }]);
    expect(free).toMatchObject({ side: 0, short: false });
    // and a label with no short form stays whole, covering the least
    const [whole] = placeLabels([{ x: 0, y: 200, w: 160 }], [], [left, right]);
    expect(whole!.short).toBe(false);
  });

  it("is not shown where every side, even said short, would write over a box's name", () => {
    // a token inside a box's name: whatever side, the label covers it
    const title = { x0: -300, x1: 300, y0: 60, y1: 140 };
    const [l] = placeLabels([{ x: 0, y: 100, w: 160, short: 30 }], [title]);
    expect(l).toMatchObject({ short: true, hidden: true });
    // a hidden label takes no room: the next one is placed as if it were not there
    const [, next] = placeLabels(
      [
        { x: 0, y: 100, w: 160, short: 30 },
        { x: 0, y: 300, w: 60 },
      ],
      [title],
    );
    expect(next).toMatchObject({ side: 0, hidden: false });
  });

  it("keeps a box's name clear: a label that would cover it goes to another side", () => {
    const title = { x0: 10, x1: 200, y0: 95, y1: 115 };
    const [l] = placeLabels([{ x: 0, y: 100, w: 60 }], [title]);
    expect(covers(l!, 60, title)).toBe(false);
    expect(l!.side).not.toBe(0);
  });
});

describe('twinLeaders', () => {
  it('gives tokens at one place with one label a single label, the first one', () => {
    const lead = twinLeaders([
      { x: 100, y: 100, key: 'DB delete allocations' },
      { x: 104, y: 101, key: 'DB delete allocations' },
      { x: 100, y: 100, key: 'DB insert allocations' },
      { x: 300, y: 100, key: 'DB delete allocations' },
      { x: 98, y: 96, key: 'DB delete allocations' },
    ]);
    expect(lead).toEqual([0, 0, 2, 3, 0]);
  });

  it('leaves labels of tokens apart, or saying different things, alone', () => {
    expect(
      twinLeaders([
        { x: 0, y: 0, key: 'cast a' },
        { x: 0, y: 11, key: 'cast a' },
        { x: 0, y: 0, key: 'cast b' },
      ]),
    ).toEqual([0, 1, 2]);
  });
});

describe('labels shared by tokens at one place', () => {
  it('database writes share one per operation; other tokens only the same words', () => {
    const insert = (table: string) => shareKey('db-write', 'DB', `insert ${table}`);
    expect(insert('request_specs')).toBe(insert('build_requests'));
    expect(insert('request_specs')).not.toBe(shareKey('db-write', 'DB', 'update request_specs'));
    expect(shareKey('cast', 'cast', 'build_and_run_instance')).not.toBe(
      shareKey('cast', 'cast', 'update_instance_info'),
    );
  });

  it('say one operation and each table once, in their order', () => {
    expect(
      sharedDetail([
        'insert request_specs',
        'insert build_requests',
        'insert instance_mappings',
        'insert build_requests',
      ]),
    ).toBe('insert request_specs, build_requests, instance_mappings');
    expect(sharedDetail(['delete allocations', 'delete allocations'])).toBe('delete allocations');
    // drawn small: the first table, and how many more
    expect(sharedDetail(['insert instances', 'insert instance_actions', 'insert bdm'], true)).toBe(
      'insert instances +2',
    );
  });
});
