import { describe, expect, it } from 'vitest';
import {
  around,
  boxesOf,
  CLOSE_UP_ZOOM,
  closeUpViewport,
  LEGIBLE_ZOOM,
  wholeZoom,
} from './closeUp';
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

  it('frames the whole cloud again, exactly, when the pane grows (presenting)', () => {
    const bounds = layout.bounds;
    const framed = closeUpViewport(bounds, pane, whole, { cap: Infinity, exact: true })!;
    expect(closeUpViewport(bounds, pane, framed, { cap: Infinity, exact: true })).toBeNull();
    // a pane a fifth larger: without `exact` the cloud stays where it was, at the top left
    const larger = { w: pane.w * 1.2, h: pane.h * 1.2 };
    expect(closeUpViewport(bounds, larger, framed, { cap: Infinity })).toBeNull();
    const again = closeUpViewport(bounds, larger, framed, { cap: Infinity, exact: true })!;
    expect(again.zoom).toBeCloseTo(framed.zoom * 1.2);
    const centre = (v: { x: number; y: number; zoom: number }) => [
      (bounds.x + bounds.w / 2) * v.zoom + v.x,
      (bounds.y + bounds.h / 2) * v.zoom + v.y,
    ];
    expect(centre(again)[0]).toBeCloseTo(larger.w / 2);
    expect(centre(again)[1]).toBeCloseTo(larger.h / 2);
  });

  it('frames the whole cloud with the margin it is given, a close-up with a tenth at each side', () => {
    const bounds = layout.bounds;
    const tight = closeUpViewport(bounds, pane, whole, {
      cap: Infinity,
      exact: true,
      margin: 0.03,
    })!;
    const roomy = closeUpViewport(bounds, pane, whole, { cap: Infinity, exact: true })!;
    expect(tight.zoom / roomy.zoom).toBeCloseTo(0.94 / 0.8);
    const drawn = { w: bounds.w * tight.zoom, h: bounds.h * tight.zoom };
    expect(Math.max(drawn.w / pane.w, drawn.h / pane.h)).toBeCloseTo(0.94);
  });

  it('keeps the boxes clear of the zoom buttons at the left', () => {
    const target = around(['client', 'nova-api'].map(rectOf))!;
    const v = closeUpViewport(target, pane, whole, { inset: 48 })!;
    expect(target.x * v.zoom + v.x).toBeGreaterThanOrEqual(48);
    expect((target.x + target.w) * v.zoom + v.x).toBeLessThanOrEqual(pane.w);
    // in view but over the buttons: it moves
    const over = { ...v, x: v.x - (target.x * v.zoom + v.x) + 10 };
    expect(closeUpViewport(target, pane, over, { inset: 48 })).not.toBeNull();
  });
});

describe('the zoom the whole cloud is drawn at', () => {
  const bounds = { x: 0, y: 0, w: 1000, h: 500 };

  it('is the smaller of the two fits, less the padding', () => {
    // the pane is wide: its height decides
    expect(wholeZoom(bounds, { w: 2000, h: 500 }, 0)).toBe(1);
    expect(wholeZoom(bounds, { w: 2000, h: 500 }, 0.1)).toBeCloseTo(0.8);
    // the pane is tall: its width decides
    expect(wholeZoom(bounds, { w: 500, h: 2000 }, 0)).toBe(0.5);
  });

  it("is too small to read on a 1280 px projector's pane, and readable on a 1920 px one", () => {
    const cloud = computeLayout(['compute']).bounds;
    expect(wholeZoom(cloud, { w: 860, h: 560 }, 0.03)).toBeLessThan(LEGIBLE_ZOOM);
    expect(wholeZoom(cloud, { w: 1350, h: 1020 }, 0.03)).toBeGreaterThan(LEGIBLE_ZOOM);
  });
});
