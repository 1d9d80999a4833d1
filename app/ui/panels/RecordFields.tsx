import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Facts, JsonBlock } from './JsonBlock';

/** What the inspector's title already says of every event. */
const TITLED = new Set(['seq', 't', 'type', 'request_id', 'instance']);

/**
 * An event with no view of its own (a hypervisor's spawn, a notification, a service's
 * heartbeat, the client's end): its plain fields as facts, each nested one (a payload) as
 * JSON under its name, and the whole record folded below.
 */
export function RecordFields({ record }: { record: Record<string, unknown> }) {
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
export function FoldedRecord({ record }: { record: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <details className="record">
      <summary>{t('debugger.inspector.traceRecord')}</summary>
      <JsonBlock value={record} />
    </details>
  );
}
