import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { shortUuid } from './format';
import { useAppStore } from './StoreContext';

/** One row per instance; each row subscribes to its own record, so one change re-renders one row. */
const InstanceRowView = memo(function InstanceRowView({ uuid }: { uuid: string }) {
  const row = useAppStore((s) => s.instancesById[uuid]);
  if (!row) return null;
  return (
    <tr data-instance={uuid}>
      <td>{row.name ?? '—'}</td>
      <td className="mono" title={uuid}>
        {shortUuid(uuid)}
      </td>
      <td>
        <span className={`badge vm-${row.vm_state}`}>{row.vm_state}</span>
      </td>
      <td className="mono">{row.task_state ?? 'None'}</td>
      <td className="mono">{row.host ?? 'None'}</td>
    </tr>
  );
});

export function InstancesTable() {
  const { t } = useTranslation();
  const ids = useAppStore((s) => s.instanceIds);
  const anyError = useAppStore((s) =>
    s.instanceIds.some((id) => s.instancesById[id]?.vm_state === 'error'),
  );
  return (
    <section className="panel instances" aria-labelledby="instances-title">
      <h2 id="instances-title">{t('instances.title')}</h2>
      <table data-testid="instances">
        <thead>
          <tr>
            <th scope="col">{t('instances.name')}</th>
            <th scope="col">{t('instances.uuid')}</th>
            <th scope="col">{t('instances.vmState')}</th>
            <th scope="col">{t('instances.taskState')}</th>
            <th scope="col">{t('instances.host')}</th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => (
            <InstanceRowView key={id} uuid={id} />
          ))}
        </tbody>
      </table>
      {ids.length === 0 && <p className="empty">{t('instances.none')}</p>}
      {anyError && (
        <p className="error-note" data-testid="instances-error-note">
          {t('instances.errorNote')}
        </p>
      )}
    </section>
  );
}
