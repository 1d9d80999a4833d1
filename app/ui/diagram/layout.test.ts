import { describe, expect, it } from 'vitest';
import { bandLabelWidth, computeLayout, TITLE_STRIP, titleStrips } from './layout';

describe('titleStrips', () => {
  const layout = computeLayout(['host1', 'host2']);
  const strips = titleStrips(layout);
  const stripOf = (id: string) => {
    const i = layout.boxes.findIndex((b) => b.id === id);
    return { box: layout.boxes[i]!.rect, strip: strips[i]! };
  };

  it("is a box's top, from its left edge, as wide as its name", () => {
    const { box, strip } = stripOf('nova-conductor');
    expect(strip).toMatchObject({ x: box.x, y: box.y, h: TITLE_STRIP });
    // 'nova-conductor' is fourteen characters: about 230 flow units of a 240-unit box
    expect(strip.w).toBeLessThanOrEqual(box.w);
    expect(strip.w).toBeGreaterThan(14 * 14);
    // a short name leaves the rest of the top free for labels
    expect(stripOf('client').strip.w).toBeLessThan(stripOf('client').box.w / 2 + 20);
    expect(stripOf('host-host1').strip.w).toBeLessThan(stripOf('host-host1').box.w / 2);
  });

  it("is a band's whole top: its label is long, and said in the page's language", () => {
    const { box, strip } = stripOf('band-api');
    expect(strip).toEqual({ x: box.x, y: box.y, w: box.w, h: TITLE_STRIP });
  });

  it("reaches as far as a band's label where the label runs past the band's edge", () => {
    const i = layout.boxes.findIndex((b) => b.id === 'band-api');
    const box = layout.boxes[i]!.rect;
    const long = titleStrips(layout, () => '1 · API: accepts the request')[i]!;
    expect(long.w).toBeGreaterThan(box.w);
    expect(long.w).toBe(bandLabelWidth('1 · API: accepts the request'));
    // a label that fits leaves the strip as wide as the band
    expect(titleStrips(layout, () => 'API')[i]!.w).toBe(box.w);
    // a Japanese character is drawn about twice as wide as a Latin one
    expect(bandLabelWidth('要求')).toBe(bandLabelWidth('reqs'));
  });

  it('has one strip a box, in the boxes’ order', () => {
    expect(strips).toHaveLength(layout.boxes.length);
  });
});
