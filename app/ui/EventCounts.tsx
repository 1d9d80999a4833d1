import { useTranslation } from 'react-i18next';
import type { EventSummary } from '../protocol/messages';
import { useAppStore } from './StoreContext';

/** The order the types are listed in: the boot's story, roughly. */
const ORDER: EventSummary['type'][] = [
  'rest',
  'rpc',
  'mq',
  'db',
  'schedule',
  'state',
  'hypervisor',
  'notification',
  'service',
  'fault',
  'client',
];

export function EventCounts() {
  const { t } = useTranslation();
  const counts = useAppStore((s) => s.countsByType);
  const present = ORDER.filter((type) => (counts[type] ?? 0) > 0);
  return (
    <section className="panel counts" aria-labelledby="counts-title">
      <h2 id="counts-title">{t('counts.title')}</h2>
      {present.length === 0 ? (
        <p className="empty">{t('counts.none')}</p>
      ) : (
        <ul data-testid="counts">
          {present.map((type) => (
            <li key={type} data-type={type}>
              <span className={`dot type-${type}`} aria-hidden="true" />
              <span>{t(`eventType.${type}`)}</span>
              <strong>{counts[type]}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
