import { useTranslation } from 'react-i18next';
import { Breakable } from '../Breakable';
import type {
  ComputeHostInspection,
  ConductorBuild,
  ProcessInspection,
  QueueInspection,
} from '../../protocol/views';
import { seconds, shortUuid } from '../format';
import { cellText, clip } from './format';
import { Facts } from './JsonBlock';
import { SeqLink } from './SeqLink';
import { summaryText } from '../summaryText';

import { SchedulerTable } from './SchedulerTable';

function Conductor({ builds }: { builds: ConductorBuild[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('debugger.conductor.title')}</h3>
      {builds.length === 0 ? (
        <p className="empty">{t('debugger.conductor.none')}</p>
      ) : (
        // three columns, the attempts under the instance and the call waited on under the last
        // step: the inspector beside the diagram is a narrow column
        <table className="builds" data-testid="conductor-builds">
          <thead>
            <tr>
              <th scope="col">{t('debugger.conductor.instance')}</th>
              <th scope="col">{t('debugger.conductor.state')}</th>
              <th scope="col">{t('debugger.conductor.lastStep')}</th>
            </tr>
          </thead>
          <tbody>
            {builds.map((b) => (
              <tr key={b.instance}>
                <td>
                  <strong>{b.name ?? ''}</strong>{' '}
                  <span className="mono muted">{shortUuid(b.instance)}</span>
                  <span className="build-note" data-testid="build-attempts">
                    {t('debugger.conductor.attempt', { count: b.attempts })}
                  </span>
                </td>
                <td className="mono">
                  {b.vm_state} / {b.task_state ?? 'None'}
                  {b.host ? ` @ ${b.host}` : ''}
                </td>
                <td className="mono">
                  {b.lastStep && (
                    <SeqLink seq={b.lastStep.seq}>
                      {/* build_and_run_instance is wider than the column: broken after a _ */}
                      <Breakable text={summaryText(b.lastStep.words, t)} after={/(_)/} />
                    </SeqLink>
                  )}
                  {b.waitingOn && (
                    <span className="build-note" data-testid="build-waiting">
                      {t('debugger.conductor.waitingOn')}{' '}
                      <SeqLink seq={b.waitingOn.seq}>
                        <Breakable
                          text={`${b.waitingOn.method} → ${b.waitingOn.to}`}
                          after={/(_)/}
                        />
                      </SeqLink>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const NODE_FIELDS = [
  'vcpus',
  'vcpus_used',
  'memory_mb',
  'memory_mb_used',
  'local_gb',
  'local_gb_used',
  'running_vms',
  'cpu_allocation_ratio',
  'ram_allocation_ratio',
  'disk_allocation_ratio',
  'failed_builds',
];

function Compute({ c }: { c: ComputeHostInspection }) {
  const { t } = useTranslation();
  const svc = c.service;
  return (
    <div data-testid="compute-host">
      <h3>{t('debugger.compute.title', { host: c.host })}</h3>
      {svc && (
        <p>
          {t('debugger.compute.service')}:{' '}
          {svc.forced_down === true ? (
            <span className="badge vm-error">{t('debugger.compute.forcedDown')}</span>
          ) : c.state?.up === false ? (
            <span className="badge vm-error" data-testid="compute-state">
              {t('debugger.compute.down')}
            </span>
          ) : (
            <span className="badge vm-active" data-testid="compute-state">
              {t('debugger.compute.up')}
            </span>
          )}{' '}
          <span className="muted">
            {c.state === null || c.state.heardAgoMs === null
              ? null
              : t(
                  svc.last_seen_up == null
                    ? 'debugger.compute.neverHeard'
                    : 'debugger.compute.heard',
                  {
                    at: cellText(svc.last_seen_up),
                    ago: seconds(c.state.heardAgoMs),
                    down: c.state.downAfterS,
                  },
                )}
          </span>
          {/* the process is gone, Nova does not know it yet: what the diagram's 'stopped' says */}
          {c.stoppedAt !== null && (
            <span className="compute-stopped" data-testid="compute-stopped">
              {' '}
              {t(
                c.state?.up === false
                  ? 'debugger.compute.stoppedSeen'
                  : 'debugger.compute.stoppedUnseen',
                { at: seconds(c.stoppedAt) },
              )}
            </span>
          )}
        </p>
      )}
      {c.node ? (
        <>
          <h4>{t('debugger.compute.node')}</h4>
          <Facts
            items={NODE_FIELDS.filter((f) => f in c.node!).map((f) => [
              f,
              <code key={f}>{cellText(c.node![f])}</code>,
            ])}
          />
        </>
      ) : (
        <p className="empty">{t('debugger.compute.noNode')}</p>
      )}
      {c.placement.length > 0 && (
        <>
          <h4>{t('debugger.compute.placement')}</h4>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('debugger.compute.resource')}</th>
                <th scope="col" className="num">
                  {t('debugger.compute.total')}
                </th>
                <th scope="col" className="num">
                  {t('debugger.compute.reserved')}
                </th>
                <th scope="col" className="num">
                  {t('debugger.compute.ratio')}
                </th>
                <th scope="col" className="num">
                  {t('debugger.compute.capacity')}
                </th>
                <th scope="col" className="num">
                  {t('debugger.compute.used')}
                </th>
              </tr>
            </thead>
            <tbody>
              {c.placement.map((r) => (
                <tr key={r.resource}>
                  <th scope="row" className="mono">
                    {r.resource}
                  </th>
                  <td className="num">{r.total}</td>
                  <td className="num">{r.reserved ?? ''}</td>
                  <td className="num">{r.allocation_ratio ?? ''}</td>
                  <td className="num">
                    {Math.floor((r.total - (r.reserved ?? 0)) * (r.allocation_ratio ?? 1))}
                  </td>
                  <td className="num strong">{r.used}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h4>{t('debugger.compute.vms')}</h4>
      {c.vms.length === 0 ? (
        <p className="empty">{t('debugger.compute.noVms')}</p>
      ) : (
        <ul className="vm-list">
          {c.vms.map((v) => (
            <li key={v.uuid}>
              <strong>{v.name ?? ''}</strong>{' '}
              <span className="mono muted">{shortUuid(v.uuid)}</span>{' '}
              <span className={`badge vm-${v.vm_state}`}>{v.vm_state}</span>
              {v.task_state && <span className="mono"> {v.task_state}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Stands for the queue's name in its title, which is split around it to let the name break. */
const NAME_SLOT = '\u0000';

/** "Queue conductor": the queue's title, its name in the inspector's big type. */
function QueueTitle({ name }: { name: string }) {
  const { t } = useTranslation();
  const [before, after] = t('debugger.queue.title', { name: NAME_SLOT }).split(NAME_SLOT);
  return (
    <>
      {before}
      <code className="big">
        <Breakable text={name} />
      </code>
      {after}
    </>
  );
}

function Queue({ q }: { q: QueueInspection }) {
  const { t } = useTranslation();
  const owner = q.queue.startsWith('reply_') ? q.consumers[0] : undefined;
  return (
    <div data-testid="queue-detail">
      {owner && <p>{t('debugger.queue.replyOf', { owner })}</p>}
      {q.unread ? (
        <p>{t('debugger.queue.unread')}</p>
      ) : (
        <p>
          {t('debugger.queue.consumers')}:{' '}
          {q.consumers.length ? (
            <code>{q.consumers.join(', ')}</code>
          ) : (
            <strong className="bad">{t('debugger.queue.noConsumer')}</strong>
          )}
        </p>
      )}
      <p className="muted">
        {t('debugger.queue.delivered', { count: q.delivered })}
        {q.dropped > 0 && ` · ${t('debugger.queue.dropped', { count: q.dropped })}`}
      </p>
      <h4>{t(q.unread ? 'debugger.queue.kept' : 'debugger.queue.waiting')}</h4>
      {q.waiting.length === 0 ? (
        <p className="empty">{t('debugger.queue.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('debugger.queue.sentAt')}</th>
              <th scope="col">{t('debugger.inspector.method')}</th>
              <th scope="col">{t('debugger.queue.from')}</th>
            </tr>
          </thead>
          <tbody>
            {q.waiting.map((m) => (
              <tr key={m.seq}>
                <td className="num">
                  <SeqLink seq={m.seq} />
                </td>
                <td className="num">{seconds(m.t)}</td>
                <td className="mono">
                  {m.kind} <Breakable text={m.method} />
                </td>
                <td className="mono">
                  <Breakable text={m.from} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ProcessDetailView({ result }: { result: ProcessInspection }) {
  const { t } = useTranslation();
  return (
    <div className="detail process-detail" data-testid="process-detail" data-process={result.id}>
      <p className="inspect-title">
        {result.queue ? (
          <QueueTitle name={result.queue.queue} />
        ) : (
          <code className="big">
            <Breakable text={result.id} />
          </code>
        )}
      </p>
      {result.scheduler !== undefined &&
        (result.scheduler ? (
          <SchedulerTable s={result.scheduler} />
        ) : (
          <p className="empty">{t('debugger.sched.none')}</p>
        ))}
      {result.conductor && <Conductor builds={result.conductor} />}
      {result.compute && <Compute c={result.compute} />}
      {result.queue && <Queue q={result.queue} />}
      {result.held && (
        <div className="held" data-testid="process-held">
          <h4>{t('debugger.inspector.heldTitle')}</h4>
          <p className="muted">{t('debugger.inspector.heldHint', { process: result.id })}</p>
          <ul className="related">
            {result.held.map((h) => (
              <li key={h.seq}>
                <SeqLink seq={h.seq}>
                  {h.method} → {h.queue}
                </SeqLink>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!result.queue && (
        <>
          <h4>{t('debugger.inspector.recent')}</h4>
          {result.recent.length === 0 ? (
            <p className="empty">{t('debugger.inspector.noRecent')}</p>
          ) : (
            <ul className="related">
              {result.recent.map((r) => (
                <li key={r.seq}>
                  <SeqLink seq={r.seq}>{clip(summaryText(r.words, t), 90)}</SeqLink>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
