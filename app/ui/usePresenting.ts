import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Presenting (F, or the button by the speed), the page is the controls, the narration and the
 * diagram filling the screen: what a class sees on the projector (the panels wait in
 * Activity, styles/presenting.css hides the header and the scenario bar). As a slide show's F
 * does, it also asks the browser for the whole screen: on a 1280 × 720 projector the browser's
 * own bars took an eighth of the height, and the sentence and the diagram were cut to fit.
 * Where the browser refuses (no user gesture, an iframe, a script), the page presents in its
 * window all the same. Esc or F comes back; so does leaving full screen the browser's way (its
 * Esc, F11), which the page cannot stop.
 */
export function usePresenting(): readonly [boolean, () => void] {
  const [presenting, setPresenting] = useState(false);
  /** the full screen is the presentation's own (asked for by it): leaving one leaves the other */
  const ownFullscreen = useRef(false);
  const now = useRef(presenting);
  const toggle = useCallback(() => setPresenting((p) => !p), []);

  useEffect(() => {
    now.current = presenting;
    if (presenting) {
      const root = document.documentElement;
      if (!document.fullscreenElement && root.requestFullscreen) {
        root.requestFullscreen({ navigationUI: 'hide' }).then(
          () => {
            // F pressed again while the browser was at it: presenting has ended already
            if (!now.current) return void document.exitFullscreen().catch(() => undefined);
            ownFullscreen.current = true;
            // Esc stays the page's (it closes the event field alone, or leaves presenting):
            // in full screen the browser takes it, unless the keyboard is locked (Chromium)
            void keyboard()
              ?.lock(['Escape'])
              .catch(() => undefined);
          },
          () => undefined,
        );
      }
    } else if (ownFullscreen.current) {
      ownFullscreen.current = false;
      keyboard()?.unlock();
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    }
  }, [presenting]);

  useEffect(() => {
    const onChange = () => {
      if (document.fullscreenElement || !ownFullscreen.current) return;
      ownFullscreen.current = false;
      setPresenting(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  useEffect(() => {
    if (!presenting) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setPresenting(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting]);

  return [presenting, toggle] as const;
}

/** The Keyboard Lock API, where the browser has it (not in TypeScript's DOM types). */
function keyboard(): { lock(keys: string[]): Promise<void>; unlock(): void } | undefined {
  return (navigator as { keyboard?: ReturnType<typeof keyboard> }).keyboard;
}
