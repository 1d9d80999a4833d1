/**
 * Brings the panel of heading `headingId` to the top of the window (below the sticky
 * controls: the page's scroll-padding) and the keyboard's focus to its heading, from where
 * Tab goes on into the panel and the arrows still step.
 */
export function goToPanel(headingId: string, scroll = true): void {
  const heading = document.getElementById(headingId);
  if (!heading) return;
  if (scroll) heading.closest('section')?.scrollIntoView({ block: 'start' });
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}
