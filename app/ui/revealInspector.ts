/**
 * Until when (performance.now) the inspector's next content is the one asked for: opening what
 * it already shows sends nothing new, and a later, unrelated update must not scroll the page.
 * Long enough for a busy machine's worker to answer; the user's own scrolling or keys end it
 * sooner.
 */
const PENDING_MS = 5000;
/**
 * After the content came, how long the panels above the inspector may still grow (they
 * catch up in the frames that follow, one update a frame) and push it down: it is brought
 * back each time, until the page scrolls otherwise (the reader's wheel or scrollbar, keys, a
 * click, a script).
 */
const SETTLE_MS = 1500;
let pendingUntil = 0;
let settleUntil = 0;
/** the page's scroll position the hold left it at */
let heldScroll = 0;
let watching = false;
let growth: ResizeObserver | null = null;

const cancel = (): void => {
  pendingUntil = 0;
  settleUntil = 0;
};

/** Keeps the inspector on screen while the page grows, for SETTLE_MS. */
function holdInView(): void {
  settleUntil = performance.now() + SETTLE_MS;
  heldScroll = window.scrollY;
  if (growth || typeof ResizeObserver !== 'function') return;
  growth = new ResizeObserver(() => {
    if (performance.now() <= settleUntil && window.scrollY === heldScroll) {
      reveal();
      heldScroll = window.scrollY;
      return;
    }
    settleUntil = 0;
    growth?.disconnect();
    growth = null;
  });
  growth.observe(document.body);
}

function reveal(): void {
  const el = document.querySelector<HTMLElement>('[data-testid="inspector"]');
  if (!el) return;
  const top = el.getBoundingClientRect().top;
  if (top >= 0 && top < window.innerHeight * 0.6) return;
  // the page's scroll-padding-top (styles/base.css) keeps it below the sticky controls
  el.scrollIntoView({ block: 'start' });
}

/**
 * Brings the inspector into view after something opened an event in it, unless its top is
 * already on screen. In one column it is far down the page; beside the diagram (wide layout)
 * it is always on screen and nothing moves.
 */
export function revealInspector(): void {
  if (!watching) {
    watching = true;
    for (const type of ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const)
      window.addEventListener(type, cancel, { passive: true });
  }
  pendingUntil = performance.now() + PENDING_MS;
  reveal();
}

/**
 * The inspector shows its new content. The panels above it that came on screen with the
 * scroll are being filled too and push it down: bring it back, now and as they grow.
 */
export function inspectorShown(): void {
  if (performance.now() > pendingUntil) return;
  pendingUntil = 0;
  reveal();
  holdInView();
}
