import { useEffect } from 'react';
import type { AppStoreApi } from '../store';

/** Where keys belong to the focused control, not to playback. */
const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));

/** Space plays or pauses, → steps forward, ← steps back. */
export function useKeyboard(store: AppStoreApi): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const s = store.getState();
      if (s.runId === null) return;
      const ignore = () => undefined;
      if (e.key === ' ') void s.togglePlay().catch(ignore);
      else if (e.key === 'ArrowRight') void s.step(1).catch(ignore);
      else if (e.key === 'ArrowLeft') void s.stepBack(1).catch(ignore);
      else return;
      // Also keeps Space from pressing the focused button a second time.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
