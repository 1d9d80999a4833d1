import { type RefObject, useEffect } from 'react';

/**
 * Publishes an element's height as a CSS variable on the root, for what sticks below it or
 * is sized by what is left: it changes when buttons wrap or the language changes.
 */
export function usePublishedHeight(el: RefObject<HTMLElement | null>, variable: `--${string}`) {
  useEffect(() => {
    const node = el.current;
    if (!node || typeof ResizeObserver !== 'function') return;
    const root = document.documentElement;
    const ro = new ResizeObserver(() => root.style.setProperty(variable, `${node.offsetHeight}px`));
    ro.observe(node);
    return () => {
      ro.disconnect();
      root.style.removeProperty(variable);
    };
  }, [el, variable]);
}
