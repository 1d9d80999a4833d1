import { useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SeekCount } from './GotoEvent';
import { SPEED_PRESETS, type Speed } from '../protocol/messages';
import { selectCanStepBack, selectCanStepForward } from '../store';
import { seconds } from './format';
import { Icon } from './icons';
import { useAppStore, useStoreApi } from './StoreContext';
import { usePublishedHeight } from './usePublishedHeight';

const ignore = () => undefined;
const speedValue = (s: Speed) => String(s);

/**
 * Play and Pause take turns being disabled: the one that had the keyboard's focus hands it to
 * the other, or a keyboard or screen-reader user would find focus on the page's body after
 * each press (and when play stops by itself).
 */
function useTogglePairFocus(
  playing: boolean,
  play: React.RefObject<HTMLButtonElement | null>,
  pause: React.RefObject<HTMLButtonElement | null>,
) {
  const had = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    const onFocus = (e: FocusEvent) => {
      if (e.target === play.current || e.target === pause.current)
        had.current = e.target as HTMLButtonElement;
      else if (e.target instanceof Element && e.target !== document.body) had.current = null;
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, [play, pause]);
  useLayoutEffect(() => {
    const from = had.current;
    if (!from || !from.disabled) return;
    const to = from === play.current ? pause.current : play.current;
    if (
      to &&
      !to.disabled &&
      (document.activeElement === document.body || document.activeElement === from)
    )
      to.focus({ preventScroll: true });
  }, [playing, play, pause]);
}

export function Controls({
  presenting = false,
  onPresent,
}: {
  presenting?: boolean;
  onPresent?: () => void;
}) {
  const { t } = useTranslation();
  const self = useRef<HTMLElement>(null);
  usePublishedHeight(self, '--controls-height');
  const playing = useAppStore((s) => s.playing);
  const hasRun = useAppStore((s) => s.runId !== null);
  const canBack = useAppStore(selectCanStepBack);
  const canForward = useAppStore(selectCanStepForward);
  const seq = useAppStore((s) => s.seq);
  const eventCount = useAppStore((s) => s.eventCount);
  const speed = useAppStore((s) => s.speed);
  const pauseAtBigSteps = useAppStore((s) => s.pauseAtBigSteps);
  // Actions never change: read them once instead of subscribing to the whole store.
  const a = useStoreApi().getState();
  const playRef = useRef<HTMLButtonElement>(null);
  const pauseRef = useRef<HTMLButtonElement>(null);
  useTogglePairFocus(playing, playRef, pauseRef);

  return (
    <section ref={self} className="controls" aria-label={t('controls.label')}>
      <div className="buttons">
        <button
          type="button"
          data-testid="step-back"
          title={presenting ? `${t('controls.stepBack')} (←)` : undefined}
          onClick={() => a.stepBack(1).catch(ignore)}
          disabled={!canBack}
          aria-keyshortcuts="ArrowLeft Shift+ArrowLeft"
        >
          <Icon name="stepBack" /> <span className="label">{t('controls.stepBack')}</span>
        </button>
        <button
          type="button"
          className="primary"
          data-testid="play"
          title={presenting ? `${t('controls.play')} (Space)` : undefined}
          ref={playRef}
          onClick={() => a.play().catch(ignore)}
          disabled={!hasRun || playing}
          aria-keyshortcuts="Space"
        >
          <Icon name="play" /> <span className="label">{t('controls.play')}</span>
        </button>
        <button
          type="button"
          data-testid="pause"
          title={presenting ? `${t('controls.pause')} (Space)` : undefined}
          ref={pauseRef}
          onClick={() => a.pause().catch(ignore)}
          disabled={!playing}
          aria-keyshortcuts="Space"
        >
          <Icon name="pause" /> <span className="label">{t('controls.pause')}</span>
        </button>
        <button
          type="button"
          data-testid="step-forward"
          title={presenting ? `${t('controls.stepForward')} (→)` : undefined}
          onClick={() => a.step(1).catch(ignore)}
          disabled={!canForward}
          aria-keyshortcuts="ArrowRight Shift+ArrowRight"
        >
          <span className="label">{t('controls.stepForward')}</span> <Icon name="stepForward" />
        </button>
        <button
          type="button"
          className="quiet"
          data-testid="reset"
          title={presenting ? `${t('controls.reset')} (R)` : undefined}
          onClick={() => a.reset().catch(ignore)}
          disabled={!hasRun}
          aria-keyshortcuts="R"
        >
          <Icon name="reset" /> <span className="label">{t('controls.reset')}</span>
        </button>
        {onPresent && (
          <button
            type="button"
            className="quiet present"
            data-testid="present"
            aria-keyshortcuts={presenting ? 'F Escape' : 'F'}
            title={presenting ? t('controls.presentExit') : undefined}
            onClick={(e) => {
              onPresent();
              // clicked with the mouse, it lets go of the focus: Space is then the page's
              // play/pause, not this button's (from the keyboard, it stays a button)
              if (e.detail > 0) e.currentTarget.blur();
            }}
          >
            {/* short, presenting: beside the speed, the side column's row it took is the
                sentence's (on a 1280 × 720 projector a failed boot's last sentence was cut) */}
            {presenting ? t('controls.presentExitShort') : t('controls.present')}
          </button>
        )}
        <label className="field speed">
          <span>{t('controls.speed')}</span>
          <select
            data-testid="speed"
            aria-keyshortcuts="Plus Minus"
            value={speedValue(speed)}
            onChange={(e) =>
              a.setSpeed(e.target.value === 'max' ? 'max' : Number(e.target.value)).catch(ignore)
            }
          >
            {!SPEED_PRESETS.some((p) => speedValue(p) === speedValue(speed)) && (
              <option value={speedValue(speed)}>{speed}×</option>
            )}
            {SPEED_PRESETS.map((p) => (
              <option key={p} value={speedValue(p)}>
                {p === 'max' ? t('controls.speedMax') : `${p}×`}
              </option>
            ))}
          </select>
        </label>
        {/* for a class: play tells one big step, then waits for the teacher. Presenting, or
            once on (B): beside the speed on a laptop, it pushes the slider to a row of its own */}
        {(presenting || pauseAtBigSteps) && (
          <label className="field pause-at-big-steps" title={t('controls.pauseAtBigStepsHelp')}>
            <input
              type="checkbox"
              data-testid="pause-at-big-steps"
              aria-keyshortcuts="B"
              checked={pauseAtBigSteps}
              onChange={(e) => a.setPauseAtBigSteps(e.target.checked).catch(ignore)}
            />
            <span>{t('controls.pauseAtBigSteps')}</span>
          </label>
        )}
      </div>
      <div className="seek">
        <input
          type="range"
          data-testid="seek"
          aria-label={t('controls.seek')}
          aria-keyshortcuts="Home End"
          min={0}
          max={eventCount}
          step={1}
          value={seq}
          disabled={!hasRun}
          onChange={(e) => a.seek(Number(e.target.value)).catch(ignore)}
        />
        <SeekCount />
      </div>
      {presenting && <PresentClock />}
    </section>
  );
}

/**
 * The virtual clock, on the projector: while a VM spawns nothing moves on the diagram for
 * seconds, and the running clock says the cloud is still at work. A component of its own, as
 * the clock changes at every frame while playing.
 */
function PresentClock() {
  const { t } = useTranslation();
  const clock = useAppStore((s) => s.clock);
  return (
    <p className="present-clock">
      {t('status.time')}{' '}
      <output data-testid="present-clock">{t('status.seconds', { value: seconds(clock) })}</output>
    </p>
  );
}
