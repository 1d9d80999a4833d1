import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from './icons';

interface StepButton {
  testid: string;
  text: string;
  /** what it does, with its key */
  title: string;
  /** nothing to step to that way (the start or the end of the run) */
  disabled?: boolean;
}

/**
 * Back and on by one of something (a big step of the story, an event of one request): two
 * buttons as the playback buttons draw them, in a group that says what they step through.
 */
export function StepPair({
  className,
  label,
  back,
  next,
  onStep,
  leap = false,
  children,
}: {
  className: string;
  /** a leap over many events (the story's big steps): drawn unlike the one event of Step */
  leap?: boolean;
  label: string;
  back: StepButton;
  next: StepButton;
  onStep(dir: 1 | -1): void;
  /** more of the group, after the two buttons */
  children?: ReactNode;
}) {
  const backRef = useRef<HTMLButtonElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const lastFocused = useRef<HTMLButtonElement | null>(null);
  // a button that has nothing more to step to is disabled: the keyboard goes to its partner
  // rather than fall back to the top of the page
  useEffect(() => {
    const gone = back.disabled ? backRef.current : next.disabled ? nextRef.current : null;
    const other = gone === backRef.current ? nextRef.current : backRef.current;
    if (
      gone !== null &&
      lastFocused.current === gone &&
      // the browser lets go of a disabled button's focus now or at its next frame
      (document.activeElement === gone || document.activeElement === document.body) &&
      other &&
      !other.disabled
    )
      other.focus();
  }, [back.disabled, next.disabled]);
  return (
    <span
      className={`step-pair ${className}`}
      role="group"
      aria-label={label}
      onFocus={(e) => {
        lastFocused.current = e.target instanceof HTMLButtonElement ? e.target : null;
      }}
      onBlur={(e) => {
        // gone elsewhere (not taken away by its own button's disabling, which leaves it nowhere)
        if (e.relatedTarget !== null) lastFocused.current = null;
      }}
    >
      <button
        ref={backRef}
        type="button"
        data-testid={back.testid}
        title={back.title}
        disabled={back.disabled}
        onClick={() => onStep(-1)}
      >
        <Icon name={leap ? 'skipBack' : 'stepBack'} /> {back.text}
      </button>
      <button
        ref={nextRef}
        type="button"
        data-testid={next.testid}
        title={next.title}
        disabled={next.disabled}
        onClick={() => onStep(1)}
      >
        {next.text} <Icon name={leap ? 'skipForward' : 'stepForward'} />
      </button>
      {children}
    </span>
  );
}
