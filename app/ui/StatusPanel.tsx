import { useTranslation } from 'react-i18next';
import { MAX_TRACE_EVENTS } from '../protocol/messages';
import { seconds } from './format';
import { useUnfinishedUuids } from './GaveUpNote';
import { useAppStore } from './StoreContext';

export function StatusPanel() {
  const { t } = useTranslation();
  const seq = useAppStore((s) => s.seq);
  const eventCount = useAppStore((s) => s.eventCount);
  const complete = useAppStore((s) => s.complete);
  const clock = useAppStore((s) => s.clock);
  const playing = useAppStore((s) => s.playing);
  const done = useAppStore((s) => s.done);
  const traceHash = useAppStore((s) => s.traceHash);
  const capped = useAppStore((s) => s.capped);
  const gaveUp = useAppStore((s) => s.gaveUp);
  const unfinished = useUnfinishedUuids().length > 0;
  // stopped short of its end: at the page's event limit, or with work left that nothing ends
  const stopped = capped || gaveUp;
  const state = playing
    ? 'playing'
    : !done
      ? 'paused'
      : capped
        ? 'capped'
        : gaveUp
          ? unfinished
            ? 'stopped'
            : 'stoppedInFlight'
          : 'finished';
  return (
    <section className="panel status" aria-label={t('status.label')}>
      <dl>
        <div>
          <dt>{t('status.event')}</dt>
          <dd data-testid="status-seq">
            {t(complete ? 'status.of' : 'status.ofMore', { seq, count: eventCount })}
          </dd>
        </div>
        <div>
          <dt>{t('status.time')}</dt>
          <dd data-testid="status-time">{t('status.seconds', { value: seconds(clock) })}</dd>
        </div>
        <div>
          <dt>{t('status.state')}</dt>
          <dd
            data-testid="status-state"
            className={playing ? 'playing' : done ? (stopped ? 'stopped' : 'finished') : ''}
          >
            {t(`status.state_${state}`)}
          </dd>
        </div>
        <div>
          <dt>{t('status.traceHash')}</dt>
          <dd className="mono small" data-testid="status-hash">
            {traceHash}
          </dd>
        </div>
      </dl>
      {capped && (
        <p className="capped" data-testid="status-capped">
          {t('status.capped', { limit: MAX_TRACE_EVENTS.toLocaleString('en') })}
        </p>
      )}
    </section>
  );
}
