import { type ReactNode, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventSummary } from '../protocol/messages';
import { parseRequestList, requestList } from './bigStepsOf';
import { Breakable, HYPHENATED_NAME, IDENTIFIER_BREAK, COMPOUND_NAME } from './Breakable';
import { GaveUpNote } from './GaveUpNote';
import { Icon } from './icons';
import { KeyTable } from './KeyTable';
import { StepPair } from './StepPair';
import { revealInspector } from './revealInspector';
import { glueParticles, storyText, summaryText } from './summaryText';
import { useAppStore, useStoreApi } from './StoreContext';
import { TOUR_STEP_MS } from './tour';
import { told, toldAfter, toldLabel } from './told';
import { useDwell } from './useDwell';
import { useFitText } from './useFitText';

/** How long a sentence told while playing stays, at least, before the next big step's. */
export const PLAYING_DWELL_MS = 1500;

/** The cursor went back past the sentence held (a seek while playing): it is told no more. */
const wentBack = (next: EventSummary | null, shown: EventSummary | null) =>
  next === null || shown === null || next.seq < shown.seq;

/**
 * What to press, before the first event; then a sentence saying what the current event
 * means, for a class: which process does what, and why. Stepping tells each event; playing
 * keeps the last big step of the boot on screen. A screen reader is given the sentence alone,
 * in a live region there from the start (paused: playing would read a flood).
 */
export function Narration({
  presenting = false,
  banner,
}: {
  presenting?: boolean;
  /** shown above the sentence, in the height the narration keeps (a breakpoint's hit) */
  banner?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const runId = useAppStore((s) => s.runId);
  const playing = useAppStore((s) => s.playing);
  const store = useStoreApi();
  const ev = useDwell(
    useAppStore((s) => told(s.recentEvents, s.playing, s.bigStepsOf)),
    playing,
    PLAYING_DWELL_MS,
    wentBack,
    (shown) => {
      const s = store.getState();
      return toldAfter(s.recentEvents, shown, s.bigStepsOf);
    },
  );
  const reserved = useReservedHeight(runId, i18n.language, presenting);
  const several = useAppStore((s) => s.instanceIds.length > 1);
  if (runId === null) return null;
  // its keys' particles glued to them, as a sentence's are: a line does not start with「で」
  // (made only while it shows: playing, this renders at every batch of events)
  const hint = ev ? '' : glueParticles(t(presenting ? 'hint.startPresenting' : 'hint.start'));
  // what a screen reader says: the sentence alone (its server first), not the buttons by it
  const spoken = ev
    ? `${several && ev.server ? `${ev.server}: ` : ''}${storyText(ev.story, t)}`
    : hint;
  return (
    <div
      ref={reserved.ref}
      className="narration-region"
      style={reserved.px === null ? undefined : { minHeight: reserved.px }}
    >
      {/* one live region from the start, so the first sentence is read too; playing, off */}
      <p
        className="visually-hidden"
        aria-live={playing ? 'off' : 'polite'}
        data-testid="narration-live"
      >
        {spoken}
      </p>
      {banner}
      {ev === null ? (
        <div className="hint" data-testid="hint">
          <div className="hint-text">
            <KeysWithParticles text={hint} />{' '}
            {!presenting && (
              <details className="keys" data-testid="hint-keys">
                <summary>{t('hint.keysLabel')}</summary>
                <KeyTable />
              </details>
            )}
          </div>
          <BigSteps />
        </div>
      ) : (
        <Told ev={ev} playing={playing} />
      )}
      <SetupNote presenting={presenting} />
      <GaveUpNote />
    </div>
  );
}

/**
 * The height the narration had on a run's first screen (what to press, and the note on the
 * events that start the cloud), kept for the run: pressing Play takes the note away, and
 * the diagram below would jump up. Measured again for another run or language; not kept
 * when presenting, where the narration has the height the screen leaves.
 */
function useReservedHeight(runId: string | null, language: string, presenting: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const first = useAppStore((s) => s.firstRequestSeq);
  const atStart = useAppStore((s) => s.seq === 0);
  const [kept, setKept] = useState<{ key: string; px: number } | null>(null);
  const key = `${runId}/${language}`;
  useLayoutEffect(() => {
    const el = ref.current;
    // presenting, the box is the side column's height: kept, it stood 392 px tall once back
    if (!el || presenting || runId === null || first === null || !atStart || kept?.key === key)
      return;
    setKept({ key, px: el.offsetHeight });
  }, [runId, first, atStart, key, kept, presenting]);
  return { ref, px: !presenting && kept?.key === key ? kept.px : null };
}

/**
 * Before the first boot request, the events start the cloud (cells, services, their
 * queues): said while paused, with a way straight to the request (its first event played
 * and told), so a class does not step through them.
 */
function SetupNote({ presenting }: { presenting: boolean }) {
  const { t } = useTranslation();
  const store = useStoreApi();
  const first = useAppStore((s) => s.firstRequestSeq);
  const before = useAppStore((s) => first !== null && first > 0 && s.seq <= first && !s.playing);
  const faults = useAppStore((s) => s.setupEvents);
  const seq = useAppStore((s) => s.seq);
  const [textRef, cut] = useCutOff();
  if (!before || first === null) return null;
  // presenting, the column has no room to list the faults: the button stops at each of them
  // (told, as the request's first event is) before it goes to the request
  const next = presenting ? (faults.find((f) => f.seq >= seq)?.seq ?? first) : first;
  // the button goes to what the scenario does to the cloud, not yet to the request: said
  const acts = next !== first;
  // played and told, as the request's first event is by the button below
  const go = (seq: number) =>
    void store
      .getState()
      .seek(seq + 1)
      .catch(() => undefined);
  return (
    <p className="setup-note" data-testid="setup-note">
      {/* presenting, the side column is narrow (a second line of it cut the button off on a
          1280 × 720 projector): the button says where to go next, and that event's sentence
          what the scenario does there */}
      <span ref={textRef} className={`setup-text${cut ? ' is-cut' : ''}`}>
        {t(presenting ? (acts ? 'hint.setupShortActs' : 'hint.setupShort') : 'hint.setup', {
          last: first - 1,
          first,
          at: next,
        })}
        {t('hint.sentenceGap')}
      </span>
      {/* presenting, the column has no room for them beside the sentence (it took the
          sentence's): the big steps stop at each of them there */}
      {faults.length > 0 && !presenting && (
        <span data-testid="setup-faults">
          {t('hint.setupFaults')}{' '}
          {faults.map((f, i) => (
            <span key={f.seq}>
              <button type="button" className="link" onClick={() => go(f.seq)}>
                #{f.seq} {summaryText(f.words, t)}
              </button>
              {i < faults.length - 1 ? t('hint.listJoin') : ''}
            </span>
          ))}
          {t('hint.sentenceEnd')}
          {t('hint.sentenceGap')}
        </span>
      )}
      <button
        type="button"
        className="link-button"
        data-testid="skip-setup"
        onClick={() => go(next)}
      >
        {/* the words above hidden, the button says what it skips on its own */}
        {t(cut ? (acts ? 'hint.skipSetupAloneActs' : 'hint.skipSetupAlone') : 'hint.skipSetup', {
          first: next,
        })}
      </button>
    </p>
  );
}

/**
 * Whether an element's content is cut off at its foot: presenting, the setup note's words
 * give up their room to the sentence above, and a line cut in half is better not shown.
 */
function useCutOff(): [(el: HTMLElement | null) => void, boolean] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [cut, setCut] = useState(false);
  useLayoutEffect(() => {
    if (!el) return;
    // a line's spacing may go (a quarter of it), not its letters
    const check = () =>
      setCut(
        el.scrollHeight - el.clientHeight > 0.25 * parseFloat(getComputedStyle(el).lineHeight),
      );
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [setEl, cut];
}

function Told({ ev, playing }: { ev: EventSummary; playing: boolean }) {
  const { t } = useTranslation();
  const store = useStoreApi();
  const { key } = ev.story;
  // with several boots, which server the sentence is about
  const server = useAppStore((s) => (s.instanceIds.length > 1 ? ev.server : null));
  const text = storyText(ev.story, t);
  const textRef = useRef<HTMLSpanElement>(null);
  useFitText(textRef, text);
  return (
    <p
      className={`narration${ev.story.milestone ? ' milestone' : ''}`}
      data-testid="narration"
      data-seq={ev.seq}
      data-story={key}
    >
      <button
        type="button"
        className="narration-seq link-button"
        title={t('story.label')}
        onClick={() => {
          const s = store.getState();
          // the event at the cursor: the inspector goes on following the cursor (pinned to
          // it, the next step would leave it behind); playing, the big step told is pinned
          const atCursor = !s.playing && ev.seq === s.seq - 1;
          void (atCursor ? s.inspect({ kind: 'current' }) : s.selectEvent(ev.seq)).catch(
            () => undefined,
          );
          revealInspector();
        }}
      >
        {t(toldLabel(ev, playing), { seq: ev.seq })}
      </button>{' '}
      {server !== null && (
        <span className="narration-server" data-testid="narration-server" aria-hidden="true">
          {server}
        </span>
      )}{' '}
      {/* said by the live region above: read once, not twice */}
      <span className="narration-text" ref={textRef} aria-hidden="true">
        <Breakable text={text} at={IDENTIFIER_BREAK} keep={HYPHENATED_NAME} block={COMPOUND_NAME} />
      </span>
      <BigSteps />
    </p>
  );
}

/** For a class: the boot told big step by big step (the milestones), the small ones passed over. */
function BigSteps() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const atStart = useAppStore((s) => s.seq === 0);
  const atEnd = useAppStore((s) => s.done);
  return (
    <StepPair
      className="big-steps"
      leap
      label={t('story.bigSteps')}
      back={{
        testid: 'big-step-back',
        text: t('story.bigStepBack'),
        title: t('story.bigStepBackHelp'),
        disabled: atStart,
      }}
      next={{
        testid: 'big-step',
        text: t('story.bigStepNext'),
        title: t('story.bigStepNextHelp'),
        disabled: atEnd,
      }}
      onStep={(dir) =>
        void store
          .getState()
          .stepMilestone(dir)
          .catch(() => undefined)
      }
    >
      <TourButton />
      <BigStepsOf />
    </StepPair>
  );
}

/**
 * Whose big steps the buttons, the tour and the pause at big steps go through, when the run
 * has more than one boot request: a class can follow one server from its POST to ACTIVE.
 */
function BigStepsOf() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const of = useAppStore((s) => s.bigStepsOf);
  // one string, so that a status changing no request's server renders nothing again
  const listed = useAppStore((s) => requestList(s.instanceIds, s.instancesById));
  const requests = useMemo(() => parseRequestList(listed), [listed]);
  if (requests.length < 2 && of === null) return null;
  return (
    <label className="field big-steps-of" title={t('story.bigStepsOfHelp')}>
      <span>{t('story.bigStepsOf')}</span>
      <select
        data-testid="big-steps-of"
        value={of ?? ''}
        onChange={(e) =>
          void store
            .getState()
            .setBigStepsOf(e.target.value === '' ? null : e.target.value)
            .catch(() => undefined)
        }
      >
        <option value="">{t('story.bigStepsOfEvery')}</option>
        {requests.map((r) => (
          <option key={r.id} value={r.id}>
            {r.count > 1 ? t('story.bigStepsOfMany', { name: r.name, count: r.count - 1 }) : r.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The big steps one after another, for a class (ui/tour.ts); pressed again, it stops. A
 * toggle: its name stays, aria-pressed and its look say that it goes.
 */
function TourButton() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const touring = useAppStore((s) => s.touring);
  return (
    <button
      type="button"
      className={touring ? 'touring' : undefined}
      aria-pressed={touring}
      data-testid="tour"
      title={touring ? t('story.tourStop') : t('story.tourHelp', { seconds: TOUR_STEP_MS / 1000 })}
      onClick={() =>
        void store
          .getState()
          .tour(!touring)
          .catch(() => undefined)
      }
    >
      <Icon name={touring ? 'pause' : 'play'} /> {t('story.tour')}
    </button>
  );
}

/** A key and the particle glued to it (summaryText.glueParticles): "N\u00a0で", "←\u00a0で". */
const KEY_AND_PARTICLE = /([\x21-\x7e\u2190-\u21ff]+\u00a0(?:から|まで|より|[のがをにでへとはも]))/;

/**
 * The hint, each key kept on one line with its particle: Chrome's phrase breaking (`word-break:
 * auto-phrase`, for Japanese) breaks after a no-break space before a particle ("…、N" / "で次の…").
 */
function KeysWithParticles({ text }: { text: string }) {
  return text.split(KEY_AND_PARTICLE).map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} className="keep-line">
        {part}
      </span>
    ) : (
      part
    ),
  );
}
