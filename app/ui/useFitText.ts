import { useLayoutEffect, type RefObject } from 'react';

/** The smallest a sentence is made to fit its box, px: still read from a room's middle. */
const MIN_PX = 15;

/**
 * Makes the text of `ref` smaller, a step at a time from its own size, until it fits the
 * height its box is given (the projector's side column), so no line is cut off; again when
 * `text` or the box's size changes. A box as tall as its text is left alone.
 */
export function useFitText(ref: RefObject<HTMLElement | null>, text: string): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      el.style.fontSize = '';
      let size = parseFloat(getComputedStyle(el).fontSize);
      while (el.scrollHeight > el.clientHeight + 1 && size > MIN_PX) {
        size = Math.max(MIN_PX, size * 0.92);
        el.style.fontSize = `${size}px`;
      }
    };
    fit();
    // a frame later: fitting changes sizes the observer is watching
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fit);
    });
    observer.observe(el.parentElement ?? el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [ref, text]);
}
