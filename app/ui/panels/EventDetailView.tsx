import { useTranslation } from 'react-i18next';
import type { EventInspection } from '../../protocol/views';
import { seconds } from '../format';
import { fieldText } from './format';
import { type Fact, Facts, JsonBlock } from './JsonBlock';
import { dbFailureOf, failureOf } from './eventFailure';
import { SeqLink } from './SeqLink';
import { SchedulerTable } from './SchedulerTable';

import { Rpc } from './RpcDetailView';
import { Rest } from './RestDetailView';
import { CauseContext, EventError } from './EventError';
import { BeforeAfter, fieldsBeforeAfter } from './BeforeAfter';
import { RecordFields, FoldedRecord } from './RecordFields';

/** Who `by` is in a broker event: the one publishing, the caller waiting, the consumer, or another. */
function mqRole(op: string): 'publisher' | 'caller' | 'consumer' | 'other' {
  if (op === 'held' || op === 'released') return 'publisher';
  if (op === 'timeout') return 'caller';
  if (op === 'ack' || op === 'consumer-up' || op === 'consumer-down') return 'consumer';
  return 'other';
}

export function EventDetailView({ result }: { result: EventInspection }) {
  return (
    <CauseContext.Provider value={result.cause}>
      <Detail result={result} />
    </CauseContext.Provider>
  );
}

function Detail({ result }: { result: EventInspection }) {
  const { t } = useTranslation();
  const d = result.detail;
  switch (d.kind) {
    case 'rpc':
      return <Rpc d={d} />;
    case 'rest':
      return <Rest d={d} />;
    case 'db': {
      const dbFailure = dbFailureOf(d.table, d.op, d.fields);
      return (
        <div className="detail db-detail">
          <p className="headline">
            <span className={`badge op-${d.op}`}>{t(`term.${d.op}`)}</span>{' '}
            <code className="big">
              {d.database}.{d.table}
            </code>
          </p>
          <Facts
            items={[
              [t('debugger.inspector.key'), <code key="k">{d.key}</code>],
              [t('debugger.inspector.by'), <code key="b">{d.by}</code>],
            ]}
          />
          {dbFailure && <EventError failure={dbFailure} />}
          {d.op === 'delete' ? (
            // a delete writes no field: what an operator asks is which row went
            <>
              <h3>{t('debugger.inspector.rowDeleted')}</h3>
              {d.rowBefore ? (
                <JsonBlock value={d.rowBefore} testId="db-row-deleted" />
              ) : (
                <p className="empty">{t('debugger.inspector.deleted')}</p>
              )}
            </>
          ) : (
            <>
              <h3>{t('debugger.inspector.fields')}</h3>
              {d.op === 'update' && d.rowBefore ? (
                <BeforeAfter
                  testId="db-before-after"
                  rows={fieldsBeforeAfter(d.fields, d.rowBefore)}
                />
              ) : (
                <JsonBlock value={d.fields} />
              )}
              <h3>{t('debugger.inspector.rowAfter')}</h3>
              {d.rowAfter ? (
                <JsonBlock value={d.rowAfter} />
              ) : (
                <p className="empty">{t('debugger.inspector.deleted')}</p>
              )}
            </>
          )}
        </div>
      );
    }
    case 'state':
      return (
        <div className="detail state-detail">
          <BeforeAfter
            rows={[
              ...(['vm_state', 'task_state', 'power_state', 'host', 'node'] as const).map(
                (k) => [k, d.previous ? fieldText(d.previous[k]) : null, fieldText(d[k])] as const,
              ),
            ]}
          />
        </div>
      );
    case 'mq': {
      const mqFailure = failureOf(d.record);
      return (
        <div className="detail" data-testid="mq-detail">
          {mqFailure && <EventError failure={mqFailure} />}
          <Facts
            items={[
              ...(d.queue !== null
                ? [[t('debugger.inspector.queue'), <code key="q">{d.queue}</code>] as Fact]
                : []),
              [t(`debugger.inspector.mqBy_${mqRole(d.op)}`), <code key="by">{d.by}</code>],
              // an outage is about no message: when it began and ended, and what it held
              ...(d.outage
                ? ([
                    [
                      t('debugger.inspector.mqOutage'),
                      <span key="outage" className="links">
                        <SeqLink seq={d.outage.downSeq}>
                          {t('debugger.inspector.mqOutageDown')}
                        </SeqLink>
                        <span aria-hidden="true">→</span>
                        {d.outage.upSeq !== null ? (
                          <SeqLink seq={d.outage.upSeq}>
                            {t('debugger.inspector.mqOutageUp')}
                          </SeqLink>
                        ) : (
                          <span>{t('debugger.inspector.mqOutageNotUp')}</span>
                        )}
                        <span>{t('status.seconds', { value: seconds(d.outage.ms) })}</span>
                      </span>,
                    ],
                    [t('debugger.inspector.mqOutageHeld'), String(d.outage.held)],
                  ] as Fact[])
                : [
                    [
                      t('debugger.inspector.mqMessage'),
                      d.sent ? (
                        <SeqLink seq={d.sent.seq}>
                          {d.method} ({d.sent.from} → {d.sent.to})
                        </SeqLink>
                      ) : (
                        (d.method ?? '—')
                      ),
                    ] as Fact,
                  ]),
              ...(d.held
                ? [
                    [
                      t('debugger.inspector.mqHeld'),
                      <span key="held" className="links">
                        <SeqLink seq={d.held.heldSeq}>{t('debugger.inspector.mqHeldAt')}</SeqLink>
                        <span aria-hidden="true">→</span>
                        <SeqLink seq={d.held.releasedSeq}>
                          {t('debugger.inspector.mqReleasedAt')}
                        </SeqLink>
                        <span>{t('status.seconds', { value: seconds(d.held.ms) })}</span>
                      </span>,
                    ] as Fact,
                  ]
                : []),
              ...(d.waitedMs !== null
                ? [
                    [
                      t('debugger.inspector.mqWaited'),
                      t('status.seconds', { value: seconds(d.waitedMs) }),
                    ] as Fact,
                    [
                      t('debugger.inspector.mqTimeoutRule'),
                      d.monitorTimeout !== null
                        ? t('debugger.inspector.mqMonitored', { seconds: d.monitorTimeout })
                        : t('debugger.inspector.mqPlainTimeout', {
                            seconds: Math.round(d.waitedMs / 1000),
                          }),
                    ] as Fact,
                  ]
                : []),
              ...(d.related.length > 0
                ? [
                    [
                      t('debugger.inspector.mqAlso'),
                      <span key="also" className="links">
                        {d.related.map((r) => (
                          <SeqLink key={r.seq} seq={r.seq}>
                            {r.op}
                          </SeqLink>
                        ))}
                      </span>,
                    ] as Fact,
                  ]
                : []),
            ]}
          />
          <FoldedRecord record={d.record} />
        </div>
      );
    }
    case 'schedule':
      return (
        <div className="detail">
          <SchedulerTable s={d.decision} />
          <JsonBlock value={d.record} />
        </div>
      );
    case 'other': {
      const failure = failureOf(d.record);
      return (
        <div className="detail" data-testid="other-detail">
          {failure && <EventError failure={failure} />}
          <RecordFields record={d.record} />
        </div>
      );
    }
  }
}
