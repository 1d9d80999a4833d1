import type { TFunction } from 'i18next';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TIMELINE_GAP_MS, type TimelineMessage, type TimelineWait } from '../../protocol/views';
import { seconds, shortUuid } from '../format';
import { StepPair } from '../StepPair';
import { summaryText } from '../summaryText';
import { useAppStore, useStoreApi } from '../StoreContext';
import { clip } from './format';
import { isErrorRow, rowLabel } from './timelineErrors';
import { rowLayout } from './timelineRows';
import { TimelineTimes } from './TimelineTimes';

/** Lanes share the panel's width, within these bounds (wider: the diagram scrolls). */
const MIN_LANE_W = 92;
const MAX_LANE_W = 190;
const ROW_H = 30;
/** a wait of TIMELINE_GAP_MS between two rows gets a band this high saying so (timelineRows.ts) */
const GAP_H = 24;
const TIME_W = 76;
const ignore = () => undefined;

type RowState = 'past' | 'current' | 'future';

interface RowProps {
  m: TimelineMessage;
  index: number;
  y: number;
  x1: number;
  x2: number;
  width: number;
  state: RowState;
  /** drawn red with a ✕ (the dot becomes one, an arrow's label starts with one): the mark,
   * not only the colour, says it */
  error: boolean;
  focusable: boolean;
  /** the row's text, in the page's language */
  label: string;
  ariaLabel: string;
  /** the first x not under the times' column, which stays at the left as the lanes scroll */
  labelMin: number;
  /**
   * the last x in view, for a row wholly right of it (0 for any other): its label is drawn
   * there, ending in an arrow to where it is, rather than leave the row looking empty
   */
  labelMax: number;
  onSeek(seq: number): void;
}

/**
 * Where an arrow's label starts: at its left end, or, where the lanes have scrolled that end
 * under the times' column, just right of the column, whole (`min` 0: no column to keep off).
 */
export function labelX(left: number, min: number): number {
  return Math.max(left + 8, min);
}

/** One message: an arrow between two lanes, or a dot on one lane for something inside it. */
const Row = memo(function Row({
  m,
  index,
  y,
  x1,
  x2,
  width,
  state,
  error,
  focusable,
  label,
  ariaLabel,
  labelMin,
  labelMax,
  onSeek,
}: RowProps) {
  const self = m.from === m.to;
  const mid = y + ROW_H / 2;
  const left = Math.min(x1, x2);
  const dir = x2 >= x1 ? 1 : -1;
  return (
    <g
      className={`tl-row ${state} s-${m.style}${error ? ' tl-error' : ''}`}
      role="button"
      tabIndex={focusable ? 0 : -1}
      aria-label={ariaLabel}
      aria-current={state === 'current' ? 'step' : undefined}
      data-seq={m.seq}
      data-index={index}
      data-testid="timeline-message"
      onClick={() => onSeek(m.seq)}
    >
      <rect className="tl-band" x={0} y={y} width={width} height={ROW_H} />
      {labelMax > 0 && (
        <text className="tl-label tl-offscreen" x={labelMax} y={mid + 4} textAnchor="end">
          {error && ERROR_MARK}
          {clip(label, 40)} ▸
        </text>
      )}
      {self ? (
        <>
          {error ? (
            <path
              className="tl-cross"
              d={`M ${x1 - 5} ${mid - 5} L ${x1 + 5} ${mid + 5} M ${x1 + 5} ${mid - 5} L ${x1 - 5} ${mid + 5}`}
            />
          ) : (
            <circle className="tl-dot" cx={x1} cy={mid} r={6} />
          )}
          <text className="tl-label" x={labelX(x1 + 3, labelMin)} y={mid + 4}>
            {clip(label, 34)}
          </text>
        </>
      ) : (
        <>
          <line
            className="tl-line"
            x1={x1}
            y1={mid + 5}
            x2={x2 - dir * 3}
            y2={mid + 5}
            markerEnd="url(#tl-arrow)"
          />
          <text className="tl-label" x={labelX(left, labelMin)} y={mid - 1}>
            {error && (
              <tspan className="tl-error-mark" aria-hidden="true">
                {ERROR_MARK}
              </tspan>
            )}
            {clip(
              label,
              Math.floor(Math.max(Math.abs(x2 - x1), 300) / 7.6) - (error ? ERROR_MARK.length : 0),
            )}
          </text>
        </>
      )}
    </g>
  );
});

const ERROR_MARK = '✕ ';

/** `⋯ 59.988 s pass · nova-conductor waits for select_destinations` */
function gapText(ms: number, waited: readonly TimelineWait[], t: TFunction): string {
  const passed = t('debugger.timeline.gap', { seconds: seconds(ms) });
  if (waited.length === 0) return passed;
  return [passed, ...waited.map((w) => t('debugger.timeline.waitsFor', { ...w }))].join(' · ');
}

/** A sequence diagram of one boot request, following the cursor; a click seeks there. */
export function TimelinePanel() {
  const { t } = useTranslation();
  const view = useAppStore((s) => s.timelineView);
  const atStart = useAppStore((s) => s.seq === 0);
  const atEnd = useAppStore((s) => s.done);
  const store = useStoreApi();
  const scroller = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(1200);
  const [scrollX, setScrollX] = useState(0);
  const hasView = (view?.messages.length ?? 0) > 0;
  // The scroller's height and scroll position, kept from observers and scroll events so that
  // following the cursor never reads layout (a forced layout at every step while playing).
  const viewport = useRef({ height: 0, top: 0, left: 0 });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) viewport.current.height = box.height;
      setAvailable(el.clientWidth);
    });
    observer.observe(el);
    setAvailable(el.clientWidth);
    viewport.current = { height: el.clientHeight, top: el.scrollTop, left: el.scrollLeft };
    let frame: number | null = null;
    const onScroll = () => {
      viewport.current.top = el.scrollTop;
      viewport.current.left = el.scrollLeft;
      // the labels follow a sideways scroll, once a frame
      if (frame === null)
        frame = requestAnimationFrame(() => {
          frame = null;
          setScrollX(el.scrollLeft);
        });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', onScroll);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [hasView]);

  const lanes = useMemo(() => view?.lanes ?? [], [view]);
  const messages = useMemo(() => view?.messages ?? [], [view]);
  const LANE_W = Math.max(
    MIN_LANE_W,
    Math.min(MAX_LANE_W, Math.floor((available - TIME_W - 2) / Math.max(1, lanes.length))),
  );
  const laneX = useMemo(() => {
    const m = new Map<string, number>();
    lanes.forEach((l, i) => m.set(l, TIME_W + i * LANE_W + LANE_W / 2));
    return m;
  }, [lanes, LANE_W]);
  const errors = useMemo(() => messages.map(isErrorRow), [messages]);
  // translated once per view (not for every row at every step while playing)
  const labels = useMemo(
    () => messages.map((m, i) => (m.words ? summaryText(m.words, t) : rowLabel(m, errors[i]!))),
    [messages, errors, t],
  );
  const ariaLabels = useMemo(
    () =>
      messages.map((m, i) =>
        t(errors[i] ? 'debugger.timeline.seekToError' : 'debugger.timeline.seekTo', {
          seq: m.seq,
          label: labels[i]!,
          from: m.from,
          to: m.to,
        }),
      ),
    [messages, errors, labels, t],
  );
  const width = TIME_W + lanes.length * LANE_W;
  const layout = useMemo(
    () =>
      rowLayout(
        messages.map((m) => m.t),
        ROW_H,
        GAP_H,
        TIMELINE_GAP_MS,
      ),
    [messages],
  );
  const { tops, height } = layout;

  // the current message: the last one that has happened (a number, so that the panel
  // renders again only when it changes, not at every event while playing)
  const current = useAppStore((s) => {
    let c = -1;
    for (let i = 0; i < messages.length && messages[i]!.seq < s.seq; i++) c = i;
    return c;
  });

  // Follows the cursor: decided from the row heights and the kept viewport, scrolled in the
  // next animation frame (one scroll per frame however many rows went by). Off screen it
  // waits: a scroll makes the browser lay out the panel, which it otherwise skips there.
  const onScreen = useAppStore((s) => s.viewsOnScreen.timeline);
  const scrollFrame = useRef<number | null>(null);
  useEffect(() => {
    const el = scroller.current;
    if (!el || !onScreen) return;
    const top = tops[Math.max(0, current)] ?? 0;
    const header = 44;
    const { height, top: scrollTop, left: scrollLeft } = viewport.current;
    const shownDown = top >= scrollTop && top + ROW_H + header <= scrollTop + height;
    // sideways too, when the lanes are wider than the panel: the row's arrow (or dot and
    // label) in view, else a highlighted row shows nothing; before the request, its start
    const m = messages[current];
    const [from, to] = m ? [laneX.get(m.from) ?? TIME_W, laneX.get(m.to) ?? TIME_W] : [0, 0];
    const left = m ? Math.min(from, to) - LANE_W / 2 : 0;
    const right = !m ? 0 : m.from === m.to ? from + LANE_W * 1.5 : Math.max(from, to) + LANE_W / 2;
    // the times' column stays over the lanes' left edge: a row is shown right of it
    const shownAcross = left >= scrollLeft + TIME_W && right <= scrollLeft + available;
    if (shownDown && shownAcross) return;
    const targetTop = shownDown ? scrollTop : Math.max(0, top - height / 3);
    // as little to the right as shows the whole row, so the times stay in view when they can
    const targetLeft = shownAcross
      ? scrollLeft
      : Math.max(0, Math.min(right - available, left - TIME_W, width - available));
    viewport.current.top = targetTop;
    viewport.current.left = targetLeft;
    if (scrollFrame.current !== null) cancelAnimationFrame(scrollFrame.current);
    scrollFrame.current = requestAnimationFrame(() => {
      scrollFrame.current = null;
      el.scrollTo({ top: targetTop, left: targetLeft });
    });
  }, [current, view, onScreen, messages, tops, laneX, LANE_W, available, width]);
  useEffect(
    () => () => {
      if (scrollFrame.current !== null) cancelAnimationFrame(scrollFrame.current);
    },
    [],
  );

  const onSeek = useMemo(
    () => (s: number) =>
      void store
        .getState()
        .seek(s + 1)
        .catch(ignore),
    [store],
  );

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as Element;
    const index = Number(target.getAttribute('data-index'));
    if (!target.matches('[data-index]')) return;
    let next = -1;
    if (e.key === 'ArrowDown') next = Math.min(messages.length - 1, index + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = messages.length - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      onSeek(messages[index]!.seq);
      return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.querySelector<SVGGElement>(`[data-index="${next}"]`)?.focus();
  };

  return (
    <section className="panel timeline" data-testid="timeline" aria-labelledby="timeline-title">
      <div className="panel-head">
        <h2 id="timeline-title">{t('debugger.timeline.title')}</h2>
        {view && view.requests.length > 0 && (
          <label className="field">
            <span>{t('debugger.timeline.request')}</span>
            <select
              data-testid="timeline-request"
              value={view.request_id ?? ''}
              onChange={(e) => void store.getState().selectRequest(e.target.value).catch(ignore)}
            >
              {view.requests.map((r) => (
                <option key={r.request_id} value={r.request_id}>
                  {/* req- kept: without it the id read as the server's uuid, which it is not */}
                  {r.name ?? '?'} · req-{shortUuid(r.request_id.replace(/^req-/, ''))}
                </option>
              ))}
            </select>
          </label>
        )}
        {view && messages.length > 0 && (
          <StepPair
            className="tl-steps"
            label={t('debugger.timeline.stepGroup')}
            back={{
              testid: 'request-step-back',
              text: t('debugger.timeline.stepPrevious'),
              title: t('debugger.timeline.stepPreviousHelp'),
              disabled: atStart,
            }}
            next={{
              testid: 'request-step',
              text: t('debugger.timeline.stepNext'),
              title: t('debugger.timeline.stepNextHelp'),
              disabled: atEnd,
            }}
            onStep={(dir) => void store.getState().stepRequest(dir).catch(ignore)}
          />
        )}
      </div>
      {!view || messages.length === 0 ? (
        <p className="empty">{t('debugger.timeline.none')}</p>
      ) : (
        <>
          <ul className="tl-legend" aria-hidden="true">
            <li className="s-cast">{t('debugger.timeline.legend_cast')}</li>
            <li className="s-call">{t('debugger.timeline.legend_call')}</li>
            <li className="s-reply">{t('debugger.timeline.legend_reply')}</li>
            <li className="s-request">{t('debugger.timeline.legend_rest')}</li>
            <li className="s-db">{t('debugger.timeline.legend_db')}</li>
            <li className="s-notify">{t('debugger.timeline.legend_notify')}</li>
            <li className="s-state">{t('debugger.timeline.legend_note')}</li>
            <li className="tl-error">
              <span className="tl-error-mark">{ERROR_MARK}</span>
              {t('debugger.timeline.legend_error')}
            </li>
          </ul>
          <div className="tl-scroll" ref={scroller} onKeyDown={onKeyDown}>
            <div className="tl-lanes" style={{ width }}>
              <div className="tl-corner" style={{ width: TIME_W }} aria-hidden="true" />
              {lanes.map((l) => (
                <div key={l} className="tl-lane" style={{ width: LANE_W }} title={l}>
                  {/* a break after '@': nova-compute@ / host3 */}
                  {l.replace('@', '@\u200b')}
                </div>
              ))}
            </div>
            <div className="tl-body" style={{ width }}>
              <TimelineTimes
                messages={messages}
                layout={layout}
                gapHeight={GAP_H}
                current={current}
                width={TIME_W}
                rowHeight={ROW_H}
                onSeek={onSeek}
              />
              <svg
                width={width}
                height={height}
                role="group"
                aria-label={t('debugger.timeline.label')}
                className="tl-svg"
                style={{ marginLeft: -TIME_W }}
              >
                <defs>
                  <marker
                    id="tl-arrow"
                    viewBox="0 0 10 10"
                    refX="9"
                    refY="5"
                    markerUnits="userSpaceOnUse"
                    markerWidth="12"
                    markerHeight="12"
                    orient="auto-start-reverse"
                  >
                    <path d="M 0 0 L 10 5 L 0 10 z" className="tl-head" />
                  </marker>
                </defs>
                {lanes.map((l) => (
                  <line
                    key={l}
                    className="tl-lifeline"
                    x1={laneX.get(l)}
                    x2={laneX.get(l)}
                    y1={0}
                    y2={height}
                  />
                ))}
                {layout.gaps.map((g) => (
                  <g key={g.y} className="tl-gap" aria-hidden="true">
                    <rect x={0} y={g.y} width={width} height={GAP_H} />
                    {lanes.map((l) => (
                      <line key={l} x1={laneX.get(l)} x2={laneX.get(l)} y1={g.y} y2={g.y + GAP_H} />
                    ))}
                    {/* right of the times' column, wherever the lanes have scrolled */}
                    <text x={scrollX + TIME_W + 8} y={g.y + GAP_H / 2 + 4}>
                      {gapText(g.ms, messages[g.row]!.waited ?? [], t)}
                    </text>
                  </g>
                ))}
                {messages.map((m, i) => (
                  <Row
                    key={m.seq}
                    m={m}
                    index={i}
                    y={tops[i]!}
                    x1={laneX.get(m.from) ?? TIME_W}
                    x2={laneX.get(m.to) ?? TIME_W}
                    width={width}
                    state={i === current ? 'current' : i < current ? 'past' : 'future'}
                    error={errors[i]!}
                    focusable={i === Math.max(0, current)}
                    label={labels[i]!}
                    ariaLabel={ariaLabels[i]!}
                    // only a row whose label the column would cover follows the scroll: the
                    // others keep their props and are not drawn again
                    labelMin={
                      Math.min(laneX.get(m.from) ?? TIME_W, laneX.get(m.to) ?? TIME_W) <
                      scrollX + TIME_W
                        ? scrollX + TIME_W + 8
                        : 0
                    }
                    labelMax={
                      Math.min(laneX.get(m.from) ?? TIME_W, laneX.get(m.to) ?? TIME_W) - 8 >
                      scrollX + available
                        ? scrollX + available - 8
                        : 0
                    }
                    onSeek={onSeek}
                  />
                ))}
              </svg>
            </div>
          </div>
          {view.truncated > 0 && (
            <p className="muted">{t('debugger.timeline.truncated', { count: view.truncated })}</p>
          )}
        </>
      )}
    </section>
  );
}
