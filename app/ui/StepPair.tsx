import type { ReactNode } from 'react';
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
  return (
    <span className={`step-pair ${className}`} role="group" aria-label={label}>
      <button
        type="button"
        data-testid={back.testid}
        title={back.title}
        disabled={back.disabled}
        onClick={() => onStep(-1)}
      >
        <Icon name={leap ? 'skipBack' : 'stepBack'} /> {back.text}
      </button>
      <button
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
