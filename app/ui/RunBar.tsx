import { type ReactNode, useRef } from 'react';
import { usePublishedHeight } from './usePublishedHeight';

/**
 * The controls, the banners and the narration. On a wide screen tall enough (styles/controls.css) they
 * stick together at the top while the page scrolls, so the sentence that tells a step stays
 * beside the diagram and the inspector showing it; elsewhere the box is not drawn
 * (display: contents) and only the controls stick.
 */
export function RunBar({ children }: { children: ReactNode }) {
  const self = useRef<HTMLDivElement>(null);
  usePublishedHeight(self, '--run-bar-height');
  return (
    <div className="run-bar" ref={self} data-testid="run-bar">
      {children}
    </div>
  );
}
