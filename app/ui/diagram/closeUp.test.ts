import { describe, expect, it } from 'vitest';
import { around, boxesOf, CLOSE_UP_ZOOM, closeUpViewport } from './closeUp';
import { computeLayout } from './layout';

describe('the close-up', () => {
  const layout = computeLayout(['host1', 'host2', 'host3']);
  const rectOf = (id: string) => layout.rects.get(id);
  const pane = { w: 870, h: 570 };
  const whole = { x: 0, y: 0, zoom: 0.45 };

  it('frames the ends of an event, and the broker a message goes through', () => {
    expect(boxesOf({ type: 'rpc', from: 'nova-conductor', to: 'nova-scheduler' })).toEqual([
      'nova-conductor',
      'nova-scheduler',
      'rabbitmq',
    ]);
    expect(boxesOf({ type: 'rpc', from: 'nova-api', to: 'rabbitmq' })).toEqual([
      'nova-api',
      'rabbitmq',
    ]);
    expect(boxesOf({ type: 'rest', from: 'client', to: 'nova-api' })).toEqual([
      'client',
      'nova-api',
    ]);
    expect(boxesOf({ type: 'state', from: null, to: null })).toEqual([]);
    expect(around([])).toBeNull();
    expect(around([undefined])).toBeNull();
  });

  it('zooms in on two boxes side by side, up to its cap, centred on them', () => {
    const target = around(boxesOf({ type: 'rest', from: 'client', to: 'nova-api' }).map(rectOf))!;
    const v = closeUpViewport(target, pane, whole)!;
    expect(v.zoom).toBe(CLOSE_UP_ZOOM);
    const cx = (target.x + target.w / 2) * v.zoom + v.x;
    const cy = (target.y + target.h / 2) * v.zoom + v.y;
    expect(cx).toBeCloseTo(pane.w / 2);
    expect(cy).toBeCloseTo(pane.h / 2);
  });

  it('takes in boxes far apart whole, at a smaller zoom', () => {
    const target = around(['nova-api', 'nova-compute@host3'].map(rectOf))!;
    const v = closeUpViewport(target, pane, whole)!;
    expect(v.zoom).toBeLessThan(CLOSE_UP_ZOOM);
    expect(target.x * v.zoom + v.x).toBeGreaterThanOrEqual(0);
    expect((target.x + target.w) * v.zoom + v.x).toBeLessThanOrEqual(pane.w);
    expect(target.y * v.zoom + v.y).toBeGreaterThanOrEqual(0);
    expect((target.y + target.h) * v.zoom + v.y).toBeLessThanOrEqual(pane.h);
  });

  it('stays where it is while the next event is in view at about the same zoom', () => {
    const first = around(boxesOf({ type: 'rest', from: 'client', to: 'nova-api' }).map(rectOf))!;
    const there = closeUpViewport(first, pane, whole)!;
    expect(closeUpViewport(first, pane, there)).toBeNull();
    // a little off centre, or a little smaller: in view at about its zoom, it stays
    expect(closeUpViewport(first, pane, { ...there, x: there.x + 20 })).toBeNull();
    expect(closeUpViewport(first, pane, { ...there, zoom: there.zoom * 0.9 })).toBeNull();
    // much smaller than it could be: it moves, though all of it is in view
    expect(closeUpViewport(first, pane, whole)).not.toBeNull();
    // far away: it moves
    const far = around(['nova-compute@host3', 'hypervisor@host3'].map(rectOf))!;
    expect(closeUpViewport(far, pane, there)).not.toBeNull();
  });

  it('keeps the boxes clear of the zoom buttons at the left', () => {
    const target = around(['client', 'nova-api'].map(rectOf))!;
    const v = closeUpViewport(target, pane, whole, CLOSE_UP_ZOOM, 48)!;
    expect(target.x * v.zoom + v.x).toBeGreaterThanOrEqual(48);
    expect((target.x + target.w) * v.zoom + v.x).toBeLessThanOrEqual(pane.w);
    // in view but over the buttons: it moves
    const over = { ...v, x: v.x - (target.x * v.zoom + v.x) + 10 };
    expect(closeUpViewport(target, pane, over, CLOSE_UP_ZOOM, 48)).not.toBeNull();
  });
});
