import { memo, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectTarget, InspectorView, ReplyQueue } from '../../protocol/views';
import { queueOfId } from '../../protocol/processes';
import { seconds, shortUuid } from '../format';
import { inspectorShown } from '../revealInspector';
import { useAppStore, useStoreApi } from '../StoreContext';
import { EventDetailView } from './EventDetailView';
import { CauseLine, hasFailureCallout } from './EventError';
import { ProcessDetailView } from './ProcessDetailView';

const targetValue = (t: InspectTarget): string =>
  t.kind === 'process' ? `process:${t.id}` : t.kind === 'event' ? `event:${t.seq}` : 'current';

const NONE: readonly string[] = [];
const NO_REPLIES: readonly ReplyQueue[] = [];

/** Whether the Inspect list has process (or queue) `id`. */
const listed = (id: string, view: InspectorView | null): boolean => {
  if (queueOfId(id) === null) return (view?.processes ?? NONE).includes(id);
  const queue = id.slice(6);
  return (
    (view?.queues ?? NONE).includes(queue) ||
    (view?.replyQueues ?? NO_REPLIES).some((r) => r.queue === queue)
  );
};

/** Fills `{{name}}` (and `{{owner}}`) without i18next: hundreds of queues, one translation. */
function useFilled(key: string) {
  const { t } = useTranslation();
  return useMemo(() => {
    const NAME = '\u0001name\u0001';
    const OWNER = '\u0001owner\u0001';
    const template = t(key, { name: NAME, owner: OWNER });
    return (name: string, owner = '') =>
      template.replace(NAME, () => name).replace(OWNER, () => owner);
  }, [t, key]);
}

/** Hundreds of options in a big cloud: rendered again only when a list changes. */
const TargetOptions = memo(
  function TargetOptions({
    processes,
    queues,
    replyQueues,
  }: {
    processes: readonly string[];
    queues: readonly string[];
    replyQueues: readonly ReplyQueue[];
  }) {
    const { t } = useTranslation();
    const queueLabel = useFilled('debugger.inspector.queueOption');
    const replyLabel = useFilled('debugger.inspector.replyOption');
    return (
      <>
        <optgroup label={t('debugger.inspector.processes')}>
          {processes.map((p) => (
            <option key={p} value={`process:${p}`}>
              {p}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('debugger.inspector.queues')}>
          {queues.map((q) => (
            <option key={q} value={`process:queue:${q}`}>
              {queueLabel(q)}
            </option>
          ))}
        </optgroup>
        {replyQueues.length > 0 && (
          <optgroup label={t('debugger.inspector.replyQueues')}>
            {replyQueues.map((r) => (
              <option key={r.queue} value={`process:queue:${r.queue}`}>
                {replyLabel(r.queue, r.owner)}
              </option>
            ))}
          </optgroup>
        )}
      </>
    );
  },
  // each view message brings new arrays: compare what they hold
  (a, b) =>
    sameList(a.processes, b.processes) &&
    sameList(a.queues, b.queues) &&
    sameReplies(a.replyQueues, b.replyQueues),
);

function sameReplies(a: readonly ReplyQueue[], b: readonly ReplyQueue[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x.queue === b[i]!.queue));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/** The heading of the inspector shown over the diagram while presenting (PresentingInspector). */
export const PRESENTING_TITLE_ID = 'presenting-inspector-title';

/**
 * What the selected event or process is, in full: the worker computes it, this shows it.
 * `onClose`: shown over the diagram while presenting (PresentingInspector), with a close
 * button, under names of its own (the page's inspector is hidden, not gone).
 */
export function InspectorPanel({ onClose }: { onClose?: () => void } = {}) {
  const { t } = useTranslation();
  const card = onClose !== undefined;
  const titleId = card ? PRESENTING_TITLE_ID : 'inspector-title';
  const target = useAppStore((s) => s.inspectTarget);
  const view = useAppStore((s) => s.inspectorView);
  const atStart = useAppStore((s) => s.seq === 0);
  const playing = useAppStore((s) => s.playing);
  const store = useStoreApi();
  const a = store.getState();
  const result = view?.result ?? null;
  useEffect(() => {
    if (result !== null) inspectorShown();
  }, [result]);
  const ignore = () => undefined;

  const onPick = (value: string) => {
    if (value === 'current') void a.inspect({ kind: 'current' }).catch(ignore);
    else if (value.startsWith('process:')) void a.selectProcess(value.slice(8)).catch(ignore);
  };

  return (
    <section
      className={`panel inspector${card ? ' inspector-card' : ''}`}
      data-testid={card ? 'presenting-inspector' : 'inspector'}
      aria-labelledby={titleId}
    >
      <div className="panel-head">
        <h2 id={titleId}>{t('debugger.inspector.title')}</h2>
        <label className="field">
          <span>{t('debugger.inspector.pick')}</span>
          <select
            data-testid={card ? 'presenting-inspector-target' : 'inspector-target'}
            value={targetValue(target)}
            onChange={(e) => onPick(e.target.value)}
          >
            <option value="current">{t('debugger.inspector.current')}</option>
            {target.kind === 'event' && (
              <option value={targetValue(target)}>
                {t('debugger.inspector.pinned', { seq: target.seq })}
              </option>
            )}
            {target.kind === 'process' && !listed(target.id, view) && (
              // opened from the diagram before the list came: named all the same
              <option value={targetValue(target)}>{target.id}</option>
            )}
            <TargetOptions
              processes={view?.processes ?? NONE}
              queues={view?.queues ?? NONE}
              replyQueues={view?.replyQueues ?? NO_REPLIES}
            />
          </select>
        </label>
        {target.kind !== 'current' && (
          <button
            type="button"
            className="quiet small"
            data-testid="inspector-follow"
            onClick={() => void a.inspect({ kind: 'current' }).catch(ignore)}
          >
            {t('debugger.inspector.follow')}
          </button>
        )}
        {card && (
          <button
            type="button"
            className="quiet small close-card"
            data-testid="presenting-inspector-close"
            onClick={onClose}
          >
            {t('debugger.inspector.close')}
          </button>
        )}
      </div>
      {result === null ? (
        <p className="empty">
          {t(
            atStart && target.kind === 'current'
              ? 'debugger.inspector.nothing'
              : playing
                ? 'debugger.inspector.playing'
                : 'debugger.inspector.waiting',
          )}
        </p>
      ) : result.target === 'event' ? (
        <>
          <p className="inspect-title" data-testid="inspector-event" data-seq={result.seq}>
            <span className={`dot type-${result.type}`} aria-hidden="true" />{' '}
            <strong>{t(`eventType.${result.type}`)}</strong> ·{' '}
            {t('debugger.inspector.event', { seq: result.seq, time: seconds(result.t) })}
            {result.request_id && <span className="mono muted"> · {result.request_id}</span>}
            {result.instance && (
              <span className="mono muted">
                {' '}
                · {t('debugger.inspector.instance', { id: shortUuid(result.instance) })}
              </span>
            )}
          </p>
          {result.future && <p className="future-note">{t('debugger.inspector.future')}</p>}
          {/* the worker sends this view with one status in a few while playing: the event
              shown is behind the narration's, and says so rather than seem stuck */}
          {playing && target.kind === 'current' && (
            <p className="future-note" data-testid="inspector-behind">
              {t('debugger.inspector.behind')}
            </p>
          )}
          {result.cause && !hasFailureCallout(result) && <CauseLine cause={result.cause} />}
          <EventDetailView result={result} />
        </>
      ) : (
        <ProcessDetailView result={result} />
      )}
    </section>
  );
}
