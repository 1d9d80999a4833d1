import { type RefObject, useEffect } from 'react';

/**
 * Publishes how far below the top of the page an element starts, as a CSS variable on the
 * root, for a box that should end with the first screen (the diagram, opening the page on a
 * laptop). It moves when what is above it changes height (a banner, the narration's reserved
 * room, buttons wrapping in another language), so every element before it is watched.
 */
export function usePublishedTop(el: RefObject<HTMLElement | null>, variable: `--${string}`) {
  useEffect(() => {
    const node = el.current;
    if (!node || typeof ResizeObserver !== 'function') return;
    const root = document.documentElement;
    let published = '';
    // the sentence above changes size while playing: the root's style (every element's) is
    // touched only when the top has moved
    const publish = () => {
      const top = `${Math.round(node.getBoundingClientRect().top + window.scrollY)}px`;
      if (top === published) return;
      published = top;
      root.style.setProperty(variable, top);
    };
    const ro = new ResizeObserver(publish);
    for (const above of elementsAbove(node)) ro.observe(above);
    window.addEventListener('resize', publish);
    publish();
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', publish);
      root.style.removeProperty(variable);
    };
  }, [el, variable]);
}

/**
 * The element's earlier siblings and those of each of its ancestors, up to the body, with
 * their children: a box drawn as `display: contents` (RunBar off its sticky screens) has no
 * size of its own to watch.
 */
function elementsAbove(node: HTMLElement): Element[] {
  const found: Element[] = [];
  for (let at: Element | null = node; at && at !== document.body; at = at.parentElement) {
    for (let s = at.previousElementSibling; s; s = s.previousElementSibling)
      found.push(s, ...s.children);
  }
  return found;
}
