import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shortUuid } from './format';
import { SeqLink } from './panels/SeqLink';
import { useAppStore } from './StoreContext';

/** Row height in px (styles/instances.css gives every row exactly this): the window is computed from it. */
const ROW_H = 32;
/** Rows in the scroll box's height, and rows drawn beyond it on each side. */
const ROWS_SHOWN = 14;
const OVERSCAN = 10;

/** One row per instance; each row subscribes to its own record, so one change re-renders one row. */
const InstanceRowView = memo(function InstanceRowView({
  uuid,
  index,
  withFault,
}: {
  uuid: string;
  index: number;
  withFault: boolean;
}) {
  const { t } = useTranslation();
  const row = useAppStore((s) => s.instancesById[uuid]);
  if (!row) return null;
  const failedOn =
    row.failedOn.length > 0
      ? t('instances.failedOn', { hosts: row.failedOn, error: row.spawnError ?? '' })
      : '';
  return (
    <tr data-instance={uuid} aria-rowindex={index + 2}>
      <td>{row.name ?? '—'}</td>
      <td className="mono" title={uuid}>
        {shortUuid(uuid)}
      </td>
      <td>
        <span className={`badge vm-${row.vm_state}`}>{row.vm_state}</span>
      </td>
      <td className="mono">{row.task_state ?? 'None'}</td>
      <td>
        <span className="mono">{row.host ?? 'None'}</span>
        {/* a build that got there after failing elsewhere: the table says so once it is over */}
        {row.vm_state !== 'error' && row.failedOn.length > 0 && (
          <span className="retried" data-testid="retried" title={failedOn}>
            {' '}
            {/* a reschedule is said once nova-compute has asked for it, not at the spawn error */}
            {t(
              row.handedBack < row.failedOn.length
                ? 'instances.spawnFailedOn'
                : 'instances.retriedAfter',
              { hosts: row.failedOn },
            )}
          </span>
        )}
      </td>
      {withFault && (
        // as the API shows it: a fault only for a server in ERROR
        <td
          className="fault"
          title={
            row.vm_state === 'error'
              ? [row.fault ?? '', failedOn].filter((x) => x !== '').join('\n')
              : undefined
          }
        >
          {row.vm_state === 'error' && (
            <>
              <span className={`fault-text${row.failedOn.length > 0 ? ' one-line' : ''}`}>
                {row.fault}
              </span>
              {/* the fault ("Exhausted all hosts…") does not name the hosts that were tried */}
              {row.failedOn.length > 0 && (
                <span className="fault-hosts" data-testid="fault-hosts">
                  {t('instances.failedOnHosts', { hosts: row.failedOn })}
                </span>
              )}
            </>
          )}
        </td>
      )}
    </tr>
  );
});

/**
 * The instance table. A run of a thousand boots has a thousand rows that change while playing:
 * only the rows in (and near) the scroll box are in the page, the others are spacers.
 */
export function InstancesTable() {
  const { t } = useTranslation();
  const ids = useAppStore((s) => s.instanceIds);
  const [first, setFirst] = useState(0);
  const start = Math.min(first, Math.max(0, ids.length - ROWS_SHOWN - 2 * OVERSCAN));
  const end = Math.min(ids.length, start + ROWS_SHOWN + 2 * OVERSCAN);
  const anyError = useAppStore((s) =>
    s.instanceIds.some((id) => s.instancesById[id]?.vm_state === 'error'),
  );
  return (
    <section className="panel instances" aria-labelledby="instances-title">
      <h2 id="instances-title">{t('instances.title')}</h2>
      <div
        className="instances-scroll"
        style={{ maxHeight: (ROWS_SHOWN + 1) * ROW_H }}
        onScroll={(e) =>
          setFirst(Math.max(0, Math.floor(e.currentTarget.scrollTop / ROW_H) - OVERSCAN))
        }
      >
        <table data-testid="instances" aria-rowcount={ids.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">{t('instances.name')}</th>
              <th scope="col">{t('instances.uuid')}</th>
              <th scope="col">{t('instances.vmState')}</th>
              <th scope="col">{t('instances.taskState')}</th>
              <th scope="col">{t('instances.host')}</th>
              {anyError && <th scope="col">{t('instances.fault')}</th>}
            </tr>
          </thead>
          <tbody>
            {start > 0 && <tr aria-hidden="true" style={{ height: start * ROW_H }} />}
            {ids.slice(start, end).map((id, i) => (
              <InstanceRowView key={id} uuid={id} index={start + i} withFault={anyError} />
            ))}
            {end < ids.length && (
              <tr aria-hidden="true" style={{ height: (ids.length - end) * ROW_H }} />
            )}
          </tbody>
        </table>
      </div>
      {ids.length === 0 && <p className="empty">{t('instances.none')}</p>}
      <RefusedNote />
      {anyError && (
        <p className="error-note" data-testid="instances-error-note">
          {t('instances.errorNote')}
        </p>
      )}
    </section>
  );
}

/**
 * The requests nova-api refused (a quota's 403): `openstack server list` never shows them,
 * as no instance was made, but a class that watched vm2 asked for looks for it here.
 */
function RefusedNote() {
  const { t } = useTranslation();
  const refused = useAppStore((s) => s.refused);
  if (refused.length === 0) return null;
  return (
    <div className="refused-note" data-testid="instances-refused">
      <p>{t('instances.refusedTitle', { count: refused.length })}</p>
      <ul>
        {refused.map((r) => (
          <li key={r.seq} title={r.message ?? undefined}>
            <SeqLink seq={r.seq} reveal>
              {t('instances.refused', { name: r.name, code: r.code })}
            </SeqLink>
            {r.message && <span className="refused-why"> {r.message}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
