import { describe, expect, it } from 'vitest';
import type { SceneToken } from '../../protocol/messages';
import { computeLayout, hostGroupId, segment } from './layout';
import { LOST_CORNER_INSET, nearestMark, tokenPath, tokenPoint } from './tokens';

const tok = (over: Partial<SceneToken>): SceneToken => ({
  seq: 1,
  kind: 'cast',
  from: 'nova-api',
  to: 'rabbitmq',
  via: null,
  t: 100,
  arrive_t: 200,
  after: null,
  label: 'schedule_and_build_instances',
  instance: null,
  request_id: null,
  ...over,
});

describe('token positions', () => {
  const layout = computeLayout(['host1', 'host2', 'host3']);
  const rectOf = (id: string) => layout.rects.get(id);

  it("a lost message stays at its box's top right corner, off its name, while it is shown", () => {
    const r = rectOf('rabbitmq')!;
    const t = tok({ kind: 'lost', from: 'rabbitmq', to: 'rabbitmq', label: 'dropped x' });
    const top = { x: r.x + r.w - LOST_CORNER_INSET, y: r.y };
    expect(top.x).toBeGreaterThan(r.x + (r.w * 3) / 4);
    expect(tokenPoint(t, 100, rectOf)).toEqual(top);
    expect(tokenPoint(t, 199, rectOf)).toEqual(top);
    expect(tokenPoint(t, 200, rectOf)).toBeNull();
  });

  it("a dropped message's mark sits on its queue's row, at the broker's right edge", () => {
    const r = rectOf('rabbitmq')!;
    const row = { x: r.x + 4, y: r.y + 40, w: r.w - 8, h: 10 };
    const rows = (id: string) => (id === 'queue:scheduler' ? row : rectOf(id));
    const t = tok({ kind: 'lost', from: 'rabbitmq', to: 'queue:scheduler', label: 'dropped x' });
    expect(tokenPoint(t, 100, rows)).toEqual({ x: r.x + r.w - LOST_CORNER_INSET, y: r.y + 45 });
    // a row not drawn (yet): the box's corner
    expect(tokenPoint(t, 100, rectOf)).toEqual({ x: r.x + r.w - LOST_CORNER_INSET, y: r.y });
  });

  it('moves along its edge from sender to receiver as virtual time passes', () => {
    const t = tok({});
    const [a, b] = segment(rectOf('nova-api')!, rectOf('rabbitmq')!);
    expect(tokenPoint(t, 100, rectOf)).toEqual(a);
    const mid = tokenPoint(t, 150, rectOf)!;
    expect(mid.x).toBeCloseTo((a.x + b.x) / 2);
    expect(mid.y).toBeCloseTo((a.y + b.y) / 2);
    expect(tokenPoint(t, 99, rectOf)).toBeNull();
    expect(tokenPoint(t, 200, rectOf)).toBeNull();
  });

  it('a reply goes through the broker', () => {
    const t = tok({ kind: 'reply', from: 'nova-scheduler', to: 'nova-conductor', via: 'rabbitmq' });
    const path = tokenPath(t, rectOf)!;
    expect(path).toHaveLength(4);
    const broker = rectOf('rabbitmq')!;
    const onBorder = (p: { x: number; y: number }) =>
      p.x >= broker.x - 1e-6 &&
      p.x <= broker.x + broker.w + 1e-6 &&
      p.y >= broker.y - 1e-6 &&
      p.y <= broker.y + broker.h + 1e-6;
    expect(onBorder(path[1]!)).toBe(true);
    expect(onBorder(path[2]!)).toBe(true);
  });

  it('a token between processes that are not drawn is skipped', () => {
    expect(tokenPoint(tok({ from: 'nova-manage' }), 150, rectOf)).toBeNull();
  });
});

describe('layout', () => {
  it('lays out 1 to 200 hosts without overlapping host groups', () => {
    for (const n of [1, 3, 9, 41, 200]) {
      const hosts = Array.from({ length: n }, (_, i) => `h${i + 1}`);
      const layout = computeLayout(hosts);
      const groups = hosts.map((h) => layout.rects.get(hostGroupId(h))!);
      for (let i = 1; i < groups.length; i++) {
        const a = groups[i - 1]!;
        const b = groups[i]!;
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart).toBe(true);
      }
      // balanced enough to fit a wide screen
      expect(layout.bounds.w / layout.bounds.h).toBeGreaterThan(0.9);
    }
  });
});

describe('nearestMark', () => {
  const marks = [
    { x: 100, y: 100, id: 'a' },
    { x: 110, y: 100, id: 'b' },
    { x: 300, y: 40, id: 'c' },
  ];

  it('finds the mark whose centre is nearest the point', () => {
    expect(nearestMark(marks, 108, 101, 8)?.id).toBe('b');
    expect(nearestMark(marks, 103, 99, 8)?.id).toBe('a');
  });

  it('finds none farther than the reach, and takes a mark exactly at it', () => {
    expect(nearestMark(marks, 200, 200, 12)).toBeUndefined();
    expect(nearestMark(marks, 300, 52, 12)?.id).toBe('c');
    expect(nearestMark(marks, 300, 52.5, 12)).toBeUndefined();
  });
});
