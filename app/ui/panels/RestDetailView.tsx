import { useTranslation } from 'react-i18next';
import type { RestDetail, RestHalf } from '../../protocol/views';
import { seconds } from '../format';
import { Facts, JsonBlock } from './JsonBlock';
import { restFailureOf } from './eventFailure';
import { SeqLink } from './SeqLink';
import { Breakable, URL_BREAK } from '../Breakable';
import { useAppStore } from '../StoreContext';

import { EventError } from './EventError';

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

/** A REST request and its response side by side; what failed said over them. */
export function Rest({ d }: { d: RestDetail }) {
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
