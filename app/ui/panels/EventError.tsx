import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventInspection } from '../../protocol/views';
import {
  dbFailureOf,
  type Failure,
  failureOf,
  replyFailureOf,
  restFailureOf,
} from './eventFailure';
import { SeqLink } from './SeqLink';
import { summaryText } from '../summaryText';
import { Breakable, HYPHENATED_NAME, IDENTIFIER_BREAK } from '../Breakable';

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
export const CauseContext = createContext<EventInspection['cause']>(null);

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

export function EventError({ failure: { key, params, message } }: { failure: Failure }) {
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
