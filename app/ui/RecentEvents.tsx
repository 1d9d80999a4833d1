import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { seconds } from './format';
import { summaryText } from './summaryText';
import { revealInspector } from './revealInspector';
import { useAppStore, useStoreApi } from './StoreContext';

const SHOWN = 12;

/** The last few events before the cursor, newest first. */
export function RecentEvents() {
  const { t } = useTranslation();
  const events = useAppStore(useShallow((s) => s.recentEvents.slice(-SHOWN).reverse()));
  const store = useStoreApi();
  const pinned = useAppStore((s) => (s.inspectTarget.kind === 'event' ? s.inspectTarget.seq : -1));
  // A row opens its event in the inspector (by click, or Enter on the focused row).
  const inspect = (seq: number) => {
    void store
      .getState()
      .selectEvent(seq)
      .catch(() => undefined);
    revealInspector();
  };
  return (
    <section className="panel events" aria-labelledby="events-title">
      <h2 id="events-title">{t('events.title')}</h2>
      {events.length === 0 ? (
        <p className="empty">{t('events.none')}</p>
      ) : (
        <div className="rows-box">
          <table data-testid="events">
            <thead>
              <tr>
                <th scope="col">{t('events.seq')}</th>
                <th scope="col">{t('events.time')}</th>
                <th scope="col">{t('events.type')}</th>
                <th scope="col">{t('events.path')}</th>
                <th scope="col">{t('events.what')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e, i) => (
                <tr
                  key={e.seq}
                  className={
                    `${i === 0 ? 'latest' : ''}${e.seq === pinned ? ' pinned' : ''}` || undefined
                  }
                  data-seq={e.seq}
                  tabIndex={0}
                  onClick={() => inspect(e.seq)}
                  onKeyDown={(k) => {
                    if (k.key === 'Enter') inspect(e.seq);
                  }}
                >
                  <td className="num">{e.seq}</td>
                  <td className="num">{seconds(e.t)}</td>
                  <td>
                    <span className={`dot type-${e.type}`} aria-hidden="true" />{' '}
                    {t(`eventType.${e.type}`)}
                  </td>
                  <td className="mono">
                    {/* narrow, the line breaks at the arrow only, not in a name's hyphens */}
                    <span className="nowrap">{e.from ?? ''}</span>
                    {e.to && (
                      <>
                        {' → '}
                        <span className="nowrap">{e.to}</span>
                      </>
                    )}
                  </td>
                  <td className="mono what">{breakable(summaryText(e.words, t))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * A narrow column breaks Nova's dotted and slashed names at a dot or a slash
 * (compute_task.build_instances.error), not inside a word.
 */
function breakable(text: string): ReactNode {
  const parts = text.split(/(?<=[./])/);
  if (parts.length === 1) return text;
  return parts.map((p, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {p}
    </Fragment>
  ));
}
