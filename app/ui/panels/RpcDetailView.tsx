import { useTranslation } from 'react-i18next';
import type { RpcDetail } from '../../protocol/views';
import { cellText } from './format';
import { type Fact, Facts, JsonBlock } from './JsonBlock';
import { replyFailureOf } from './eventFailure';
import { changedValueText, objectChanges } from './objectChanges';
import { retryInfo } from './retryInfo';
import { SeqLink } from './SeqLink';

import { EventError } from './EventError';

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
export function Rpc({ d }: { d: RpcDetail }) {
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
