/** An event was opened in the inspector and it has not shown it yet (inspectorShown). */
let pending = false;

function reveal(): void {
  const el = document.querySelector<HTMLElement>('[data-testid="inspector"]');
  if (!el) return;
  const top = el.getBoundingClientRect().top;
  if (top >= 0 && top < window.innerHeight * 0.6) return;
  // scroll-margin-top (panels.css) keeps it below the sticky controls
  el.scrollIntoView({ block: 'start' });
}

/**
 * Brings the inspector into view after something opened an event in it, unless its top is
 * already on screen. In one column it is far down the page; beside the diagram (wide layout)
 * it is always on screen and nothing moves.
 */
export function revealInspector(): void {
  pending = true;
  reveal();
}

/**
 * The inspector shows its new content. The panels above it that came on screen with the
 * scroll have just been filled too and pushed it down: bring it back once.
 */
export function inspectorShown(): void {
  if (!pending) return;
  pending = false;
  reveal();
}
