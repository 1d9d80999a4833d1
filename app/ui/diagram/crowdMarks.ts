import type { TokenKind } from '../../protocol/messages';
import { tokenShapeAt } from './tokens';

const SVG = 'http://www.w3.org/2000/svg';
const KINDS: readonly TokenKind[] = [
  'cast',
  'call',
  'reply',
  'rest-request',
  'rest-response',
  'db-write',
  'lost',
];
/** How a mark is shown: as it is, dimmed (another request is selected), or selected. */
const MARKS = ['', 'dimmed', 'selected'] as const;
export type Mark = (typeof MARKS)[number];

/**
 * A crowd of token marks drawn as one SVG path per kind and mark (eighteen elements, however
 * many tokens): each frame sets their `d`, and the browser paints a few paths instead of
 * hundreds of elements, with nothing to lay out. The styles are the tokens' own
 * (diagram.css `.dg-token.kind-*`), so a crowd looks like the tokens it stands for.
 */
export class CrowdMarks {
  private readonly paths = new Map<string, { el: SVGPathElement; parts: string[]; d: string }>();

  constructor(svg: SVGSVGElement) {
    for (const mark of MARKS)
      for (const kind of KINDS) {
        const g = document.createElementNS(SVG, 'g');
        g.setAttribute('class', `dg-token kind-${kind}${mark ? ` ${mark}` : ''}`);
        const el = document.createElementNS(SVG, 'path');
        el.setAttribute('class', 'dg-token-shape');
        g.append(el);
        svg.append(g);
        this.paths.set(`${mark}/${kind}`, { el, parts: [], d: '' });
      }
  }

  /** Removes the paths (the layer goes away). */
  clear(): void {
    for (const p of this.paths.values()) p.el.parentElement?.remove();
    this.paths.clear();
  }

  /** Starts a frame: no mark drawn yet. */
  begin(): void {
    for (const p of this.paths.values()) p.parts.length = 0;
  }

  add(kind: TokenKind, mark: Mark, x: number, y: number): void {
    this.paths.get(`${mark}/${kind}`)!.parts.push(tokenShapeAt(kind, x, y));
  }

  /** Ends a frame: the paths show what was added since `begin` (an element is touched only if it changed). */
  end(): void {
    for (const p of this.paths.values()) {
      const d = p.parts.join('');
      if (d === p.d) continue;
      p.d = d;
      if (d === '') p.el.removeAttribute('d');
      else p.el.setAttribute('d', d);
    }
  }
}
