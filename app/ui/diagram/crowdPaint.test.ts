import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Look, paintCrowd } from './crowdPaint';

/** A 2D context that writes down what is drawn (Node has no canvas). */
function recorder(width: number, height: number) {
  const calls: string[] = [];
  const ctx = {
    canvas: { width, height },
    globalAlpha: 1,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    clearRect: (_x: number, _y: number, w: number, h: number) => calls.push(`clear ${w}x${h}`),
    setTransform: (a: number) => calls.push(`scale ${a}`),
    setLineDash: (dash: number[]) => calls.push(`dash ${dash.join(' ')}`),
    fill(p: { d: string }) {
      calls.push(`fill ${this.fillStyle} ${this.globalAlpha} ${p.d}`);
    },
    stroke(p: { d: string }) {
      calls.push(`stroke ${this.strokeStyle} ${this.lineWidth} ${p.d}`);
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

const looks = new Map<string, Look>([
  ['/cast', { fill: 'orange', stroke: 'brown', width: 2, dash: [], alpha: 1 }],
  ['dimmed/reply', { fill: 'white', stroke: 'orange', width: 2, dash: [4, 2], alpha: 0.18 }],
]);

describe('paintCrowd', () => {
  beforeEach(() => {
    vi.stubGlobal(
      'Path2D',
      class {
        constructor(readonly d: string) {}
      },
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('draws one path per look, in its look, scaled to device pixels', () => {
    const { ctx, calls } = recorder(200, 100);
    paintCrowd(ctx, looks, {
      w: 200,
      h: 100,
      dpr: 2,
      paths: [
        ['/cast', 'M1,1h4M9,9h4'],
        ['dimmed/reply', 'M5,5h4'],
      ],
    });
    expect(calls).toEqual([
      'clear 200x100',
      'scale 2',
      'dash ',
      'fill orange 1 M1,1h4M9,9h4',
      'stroke brown 2 M1,1h4M9,9h4',
      'dash 4 2',
      'fill white 0.18 M5,5h4',
      'stroke orange 2 M5,5h4',
      'scale 1',
    ]);
    expect(ctx.globalAlpha).toBe(1);
  });

  it('resizes the canvas to the frame instead of clearing it (a resize clears it)', () => {
    const { ctx, calls } = recorder(200, 100);
    paintCrowd(ctx, looks, { w: 300, h: 150, dpr: 1, paths: [] });
    expect(ctx.canvas).toMatchObject({ width: 300, height: 150 });
    expect(calls).toEqual(['scale 1', 'scale 1']);
  });

  it('leaves out a look it was not told', () => {
    const { ctx, calls } = recorder(10, 10);
    paintCrowd(ctx, looks, { w: 10, h: 10, dpr: 1, paths: [['selected/lost', 'M0,0h1']] });
    expect(calls.some((c) => c.includes('M0,0'))).toBe(false);
  });
});
