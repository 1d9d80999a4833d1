import { createContext, Fragment, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventInspection, RestDetail, RestHalf, RpcDetail } from '../../protocol/views';
import { seconds } from '../format';
import { cellText, fieldText } from './format';
import { Facts, JsonBlock } from './JsonBlock';
import {
  dbFailureOf,
  type Failure,
  failureOf,
  replyFailureOf,
  restFailureOf,
} from './eventFailure';
import { changedValueText, objectChanges } from './objectChanges';
import { retryInfo } from './retryInfo';
import { SeqLink } from './SeqLink';
import { SchedulerTable } from './ProcessDetailView';
import { summaryText } from '../summaryText';
import { Breakable, HYPHENATED_NAME, IDENTIFIER_BREAK, URL_BREAK } from '../Breakable';
import { useAppStore } from '../StoreContext';

/** One line of a `Facts` list: its name, and what it holds. */
type Fact = [string, React.ReactNode];

type Related = RpcDetail['related'];

function RelatedList({ title, items }: { title: string; items: Related }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="related">
        {items.map((r) => (
          <li key={r.seq}>
            <SeqLink seq={r.seq}>
              {t(`term.${r.phase}`)}: {r.from} → {r.to}
            </SeqLink>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * An RPC message: what it carries first, then where it goes; the request context (a score of
 * fields, mostly NULL) folded away, as it is the same on every message of a request.
 */
function Rpc({ d }: { d: RpcDetail }) {
  const { t } = useTranslation();
  const yn = (b: boolean) => t(b ? 'debugger.inspector.yes' : 'debugger.inspector.no');
  const reply = d.phase === 'reply';
  // a call's send and deliver are one message; its reply is another, told apart
  const sameMessage = reply ? [] : d.related.filter((r) => r.phase !== 'reply');
  const replies = reply ? [] : d.related.filter((r) => r.phase === 'reply');
  const context = Object.entries(d.context);
  const saved = reply ? null : objectChanges(d.args);
  const retry = reply ? null : retryInfo(d.args);
  const remoteFailure = replyFailureOf(d.failure);
  return (
    <div className="detail rpc-detail">
      <p className="headline">
        <span className={`badge kind-${reply ? 'reply' : d.callKind}`}>
          {d.callKind} · {t(`term.${d.phase}`)}
        </span>{' '}
        <code className="big" data-testid="rpc-method">
          {d.method}
        </code>{' '}
        <span className="muted">v</span>
        <code className="big" data-testid="rpc-version">
          {d.version}
        </code>
        <span className="path mono">
          {d.from} → {d.to}
        </span>
      </p>
      <div className="rpc-carried">
        {saved && (
          <>
            <h3>
              {t('debugger.inspector.objectChanges', { name: saved.name, method: saved.method })}
            </h3>
            <div className="object-changes" data-testid="object-changes">
              <Facts
                items={saved.fields.map(([k, v]) => [
                  k,
                  <code key={k}>{changedValueText(v)}</code>,
                ])}
              />
            </div>
          </>
        )}
        {retry && (
          <>
            <h3>{t('debugger.inspector.retry')}</h3>
            <div className="retry-info" data-testid="retry-info">
              <Facts
                items={[
                  [t('debugger.inspector.retryAttempts'), <code key="a">{retry.attempts}</code>],
                  [
                    t('debugger.inspector.retryHosts'),
                    <code key="h">{retry.hosts.join(', ')}</code>,
                  ],
                  [t('debugger.inspector.retryReason'), <code key="r">{retry.reason}</code>],
                ]}
              />
            </div>
          </>
        )}
        {!reply && (
          <>
            <h3>{t('debugger.inspector.args')}</h3>
            <JsonBlock value={d.args} testId="rpc-args" />
          </>
        )}
        {d.failure !== undefined && (
          <>
            {remoteFailure && <EventError failure={remoteFailure} />}
            <h3>{t('debugger.inspector.failure')}</h3>
            <JsonBlock value={d.failure} />
          </>
        )}
        {d.result !== undefined && (
          <>
            <h3>{t('debugger.inspector.result')}</h3>
            <JsonBlock value={d.result} />
          </>
        )}
      </div>
      <div className="rpc-routing">
        <h3>{t('debugger.inspector.routing')}</h3>
        <Facts
          items={[
            [t('debugger.inspector.exchange'), <code key="e">{d.exchange}</code>],
            [t('debugger.inspector.topic'), <code key="t">{d.topic}</code>],
            [t('debugger.inspector.server'), <code key="s">{cellText(d.server)}</code>],
            [t('debugger.inspector.routingKey'), <code key="r">{d.routing_key || '—'}</code>],
            [t('debugger.inspector.queue'), <code key="q">{d.queue}</code>],
            [t('debugger.inspector.fanout'), yn(d.fanout)],
            [t('debugger.inspector.namespace'), <code key="n">{cellText(d.namespace)}</code>],
            [t('debugger.inspector.msgId'), <code key="m">{cellText(d.msg_id)}</code>],
            ...(d.reply_q
              ? [
                  [t('debugger.inspector.replyQ'), <code key="rq">{d.reply_q}</code>] as [
                    string,
                    React.ReactNode,
                  ],
                ]
              : []),
            ...(d.outcome
              ? [
                  [
                    t('debugger.inspector.outcome'),
                    t(`debugger.inspector.outcome_${d.outcome}`),
                  ] as Fact,
                ]
              : []),
          ]}
        />
        {reply ? (
          <RelatedList title={t('debugger.inspector.relatedCall')} items={d.related} />
        ) : (
          <>
            <RelatedList title={t('debugger.inspector.related')} items={sameMessage} />
            <RelatedList title={t('debugger.inspector.relatedReply')} items={replies} />
          </>
        )}
        {!reply && (
          <details className="context-fold">
            <summary>{t('debugger.inspector.contextSummary', { count: context.length })}</summary>
            <div data-testid="rpc-context" className="context">
              <Facts items={context.map(([k, v]) => [k, <code key={k}>{cellText(v)}</code>])} />
            </div>
          </details>
        )}
      </div>
      <div className="rpc-wire">
        <details open>
          <summary>{t('debugger.inspector.decoded')}</summary>
          <JsonBlock value={d.message} testId="oslo-message" />
        </details>
        <details>
          <summary>{t('debugger.inspector.envelope')}</summary>
          <JsonBlock value={d.envelope} testId="oslo-envelope" />
        </details>
      </div>
    </div>
  );
}

/** The earlier event a failure goes back to: one click a link, up to where it began. */
export function CauseLine({ cause }: { cause: NonNullable<EventInspection['cause']> }) {
  const { t } = useTranslation();
  return (
    <p className="event-cause" data-testid="event-cause">
      <span className="event-cause-label">{t('debugger.inspector.cause')}</span>{' '}
      <SeqLink seq={cause.seq}>
        {cause.from && `${cause.from}: `}
        {summaryText(cause.words, t)}
      </SeqLink>
    </p>
  );
}

/** The event's cause, said inside its red callout when it has one. */
const CauseContext = createContext<EventInspection['cause']>(null);

/** The failure an event's detail calls out in red, if any (the cause goes inside it). */
export function hasFailureCallout({ detail: d }: EventInspection): boolean {
  switch (d.kind) {
    case 'rpc':
      return d.failure !== undefined && replyFailureOf(d.failure) !== null;
    case 'db':
      return dbFailureOf(d.table, d.op, d.fields) !== null;
    case 'rest':
      return restFailureOf(d.status, d.response?.from ?? '', d.response?.body) !== null;
    case 'mq':
    case 'other':
      return failureOf(d.record) !== null;
    default:
      return false;
  }
}

function EventError({ failure: { key, params, message } }: { failure: Failure }) {
  const { t } = useTranslation();
  const cause = useContext(CauseContext);
  return (
    <div className="event-error" data-testid="event-error">
      <p className="event-error-title">
        <span className="badge error-mark">✕ {t('debugger.inspector.errorMark')}</span>{' '}
        <Breakable text={t(key, params)} at={IDENTIFIER_BREAK} keep={HYPHENATED_NAME} />
      </p>
      {message !== null && <p className="event-error-message mono">{message}</p>}
      {cause && <CauseLine cause={cause} />}
    </div>
  );
}

/**
 * Values before and after a step, a row each, the changed ones marked: an update's fields
 * (what the write replaced) or an instance's state. A value not known before shows as —.
 */
function BeforeAfter({
  rows,
  testId,
}: {
  rows: readonly (readonly [name: string, before: string | null, after: string])[];
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <table className="kv" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{t('debugger.inspector.before')}</th>
          <th scope="col">{t('debugger.inspector.after')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, before, after]) => (
          <tr key={k} className={before !== null && before !== after ? 'diff' : undefined}>
            <th scope="row">{k}</th>
            <td className="mono">{before === null ? '—' : <TimeBreakable text={before} />}</td>
            <td className="mono">
              <TimeBreakable text={after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A path's query, decoded: `resources=DISK_GB:1,MEMORY_MB:512,VCPU:1`, not `%3A1%2C`. */
export function queryOf(path: string): [string, string][] {
  const q = path.indexOf('?');
  return q < 0 ? [] : [...new URLSearchParams(path.slice(q + 1))];
}

function QueryFacts({ path }: { path: string }) {
  const { t } = useTranslation();
  const params = queryOf(path);
  if (params.length === 0) return null;
  return (
    <div className="rest-query" data-testid="rest-query">
      <h3>{t('debugger.inspector.query')}</h3>
      <Facts
        items={params.map(([k, v], i) => [
          k,
          <code key={i}>
            <Breakable text={v} at={URL_BREAK} />
          </code>,
        ])}
      />
    </div>
  );
}

/** A time breaks, in a narrow column, between its date and its time, not inside either. */
function TimeBreakable({ text }: { text: string }) {
  const t = /^(\d{4}-\d\d-\d\d)T(\S+)$/.exec(text);
  if (!t) return text;
  return (
    <span className="nowrap-parts">
      <span>{t[1]}T</span>
      <wbr />
      <span>{t[2]}</span>
    </span>
  );
}

/** An update's fields, each with the value it replaced. */
const fieldsBeforeAfter = (fields: Record<string, unknown>, before: Record<string, unknown>) =>
  Object.entries(fields).map(
    ([k, v]) => [k, k in before ? cellText(before[k]) : null, cellText(v)] as const,
  );

/** A REST request and its response side by side; what failed said over them. */
function Rest({ d }: { d: RestDetail }) {
  const { t } = useTranslation();
  const restError = restFailureOf(d.status, d.response?.from ?? '', d.response?.body);
  // the answer, from the trace, to a request the cursor has not seen answered yet
  const ahead = useAppStore((s) => d.response !== null && d.response.seq >= s.seq);
  return (
    <div className="detail rest-detail">
      <p className="headline">
        <code className="big">
          {d.method} <Breakable text={d.path} at={URL_BREAK} />
        </code>{' '}
        {d.status !== null && (
          <span
            className={`badge status-${Math.floor(d.status / 100)}xx`}
            data-testid="rest-status"
          >
            {d.status}
          </span>
        )}
        {ahead && (
          <span className="badge ahead" data-testid="rest-status-ahead">
            {t('debugger.inspector.ahead')}
          </span>
        )}
      </p>
      {restError && <EventError failure={restError} />}
      <QueryFacts path={d.path} />
      <div className="rest-pair">
        <Half title={t('debugger.inspector.requestHalf')} half={d.request} testId="rest-request" />
        <Half
          title={t('debugger.inspector.responseHalf')}
          half={d.response}
          testId="rest-response"
        />
      </div>
    </div>
  );
}

function Half({ title, half, testId }: { title: string; half: RestHalf | null; testId: string }) {
  const { t } = useTranslation();
  // the trace has the answer to a request the cursor has not reached: said as ahead of it
  const ahead = useAppStore((s) => half !== null && half.seq >= s.seq);
  return (
    <div className="rest-half" data-testid={testId}>
      <h3>
        {title}
        {ahead && (
          <span className="badge ahead" data-testid="rest-ahead">
            {t('debugger.inspector.ahead')}
          </span>
        )}
      </h3>
      {!half ? (
        <p className="empty">{t('debugger.inspector.missing')}</p>
      ) : (
        <>
          <p className="mono small-print">
            {/* its heading says already that it has not been played */}
            <SeqLink seq={half.seq} tag={false}>
              {half.from} → {half.to} · {t('status.seconds', { value: seconds(half.t) })}
            </SeqLink>
          </p>
          {half.headers && (
            <>
              <h4>{t('debugger.inspector.headers')}</h4>
              <JsonBlock value={half.headers} />
            </>
          )}
          <h4>{t('debugger.inspector.body')}</h4>
          {half.rebuilt && (
            <p className="small-print" data-testid="rest-body-rebuilt">
              {t('debugger.inspector.bodyRebuilt', half.rebuilt)}
            </p>
          )}
          {half.body === null ? (
            <p className="empty">{t('debugger.inspector.noBody')}</p>
          ) : (
            <JsonBlock value={half.body} />
          )}
        </>
      )}
    </div>
  );
}

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

/** What the inspector's title already says of every event. */
const TITLED = new Set(['seq', 't', 'type', 'request_id', 'instance']);

/**
 * An event with no view of its own (a hypervisor's spawn, a notification, a service's
 * heartbeat, the client's end): its plain fields as facts, each nested one (a payload) as
 * JSON under its name, and the whole record folded below.
 */
function RecordFields({ record }: { record: Record<string, unknown> }) {
  const fields = Object.entries(record).filter(([k]) => !TITLED.has(k));
  const plain = fields.filter(([, v]) => v === null || typeof v !== 'object');
  const nested = fields.filter(([, v]) => v !== null && typeof v === 'object');
  return (
    <>
      {plain.length > 0 && (
        <Facts
          items={plain.map(([k, v]) => [k, <code key={k}>{v === null ? 'null' : String(v)}</code>])}
        />
      )}
      {nested.map(([k, v]) => (
        <Fragment key={k}>
          <h3>
            <code>{k}</code>
          </h3>
          <JsonBlock value={v} />
        </Fragment>
      ))}
      <FoldedRecord record={record} />
    </>
  );
}

/** The fields above say it all: the record is there, folded, for the one who wants its keys. */
function FoldedRecord({ record }: { record: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <details className="record">
      <summary>{t('debugger.inspector.traceRecord')}</summary>
      <JsonBlock value={record} />
    </details>
  );
}
