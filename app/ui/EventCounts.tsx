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

/**
 * Every type, a zero ones too: the panel keeps its height while a run plays (types coming one
 * by one made it grow, and moved the panels under it while one aimed at their buttons).
 */
export function EventCounts() {
  const { t } = useTranslation();
  const counts = useAppStore((s) => s.countsByType);
  return (
    <section className="panel counts" aria-labelledby="counts-title">
      <h2 id="counts-title">{t('counts.title')}</h2>
      <ul data-testid="counts">
        {ORDER.map((type) => (
          <li key={type} data-type={type} className={(counts[type] ?? 0) > 0 ? undefined : 'none'}>
            <span className={`dot type-${type}`} aria-hidden="true" />
            <span>{t(`eventType.${type}`)}</span>
            <strong>{counts[type] ?? 0}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
