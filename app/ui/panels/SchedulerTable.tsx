import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchedulerDecision, ServiceSeen, Shortfall } from '../../protocol/views';
import { tiedWithChosen } from './schedulerTie';

/** Filter names are long: the column header drops the common suffix. */
const shortFilter = (name: string) => name.replace(/Filter$/, '');
const shortWeigher = (name: string) => name.replace(/Weigher$/, '');
/** `ServerGroupAntiAffinity` may wrap at each word: a narrow column on a projector. */
const camelBreaks = (name: string) =>
  name.split(/(?=[A-Z][a-z])/).map((part, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {part}
    </span>
  ));
const FILTER_CELL = { pass: 'cell-pass', skipped: 'cell-skip', fail: 'cell-fail' } as const;
const weight = (w: number) => (Number.isInteger(w) ? String(w) : w.toFixed(3));

/** What placement lacked on a host: "VCPU: 8 asked, max_unit 4" or "MEMORY_MB: 2048 asked, 1280 free". */
export function shortfallText(short: Shortfall, t: TFunction): string {
  return 'maxUnit' in short
    ? t('debugger.sched.overMaxUnit', { rc: short.rc, asked: short.asked, max: short.maxUnit })
    : t('debugger.sched.overFree', { rc: short.rc, asked: short.asked, free: short.free });
}

/** Which of ComputeFilter's two cases a host was, its log line being the same for both. */
function ServiceNote({ service }: { service: ServiceSeen | undefined }) {
  const { t } = useTranslation();
  if (!service) return null;
  return (
    <span className="service-why" data-testid="service-why">
      {service.forcedDown
        ? t('debugger.sched.serviceForcedDown')
        : t('debugger.sched.serviceSilent', {
            s: Math.floor(service.heardAgoMs / 1000),
            down: service.downAfterS,
          })}
    </span>
  );
}

export function SchedulerTable({ s }: { s: SchedulerDecision }) {
  const { t } = useTranslation();
  const noCap = s.hosts.filter((h) => h.noCapacity).map((h) => h.host);
  const tied = tiedWithChosen(s);
  const titleId = useId();
  return (
    <div className="sched" data-testid="scheduler-decision" data-seq={s.seq}>
      <h3 id={titleId}>{t('debugger.sched.title', { seq: s.seq })}</h3>
      <p>
        {t('debugger.sched.candidates', { count: s.candidate_count })}{' '}
        {noCap.length > 0 && (
          <strong className="bad">
            {t('debugger.sched.noCapacity', { hosts: noCap.join(', ') })}
          </strong>
        )}
        {s.chosen === null && <strong className="bad"> {t('debugger.sched.noValidHost')}</strong>}
      </p>
      {s.filterNames.length > 0 && (
        // the table's header says it per column; the cards of a narrow inspector, here
        <p className="sched-funnel">
          {t('debugger.sched.funnel', {
            steps: s.filterNames
              .map((f, i) => `${shortFilter(f)} ${s.remaining[i] ?? 0}`)
              .join(' → '),
          })}
        </p>
      )}
      {/* focusable: a narrow inspector scrolls the table sideways, from the keyboard too */}
      <div className="scroll-x" tabIndex={0} role="region" aria-labelledby={titleId}>
        <table className="sched-table" data-testid="scheduler-table">
          <thead>
            <tr>
              {/* the host and the outcome first, and held on the left: the filters and the
                  weights scroll sideways under them in a narrow inspector */}
              <th scope="col" rowSpan={2} className="sticky-host">
                {t('debugger.sched.host')}
              </th>
              <th scope="col" rowSpan={2} className="sticky-result">
                {t('debugger.sched.role')}
              </th>
              {s.filterNames.length > 0 ? (
                <th scope="colgroup" colSpan={s.filterNames.length} className="group">
                  {t('debugger.sched.filters')}
                </th>
              ) : (
                noCap.length > 0 && (
                  // placement had no room: the hosts' rows carry one cell saying so, no filter ran
                  <th scope="col" rowSpan={2}>
                    {t('debugger.sched.filters')}
                  </th>
                )
              )}
              {s.weigherNames.length > 0 && (
                <th scope="colgroup" colSpan={s.weigherNames.length + 1} className="group">
                  {t('debugger.sched.weighers')}
                </th>
              )}
            </tr>
            <tr>
              {s.filterNames.map((f, i) => (
                <th scope="col" key={f} title={f} className="filter-col">
                  {camelBreaks(shortFilter(f))}
                  <span className="remaining">
                    {t('debugger.sched.remaining', { count: s.remaining[i] ?? 0 })}
                  </span>
                </th>
              ))}
              {s.weigherNames.map((w) => (
                <th scope="col" key={w} title={w} className="num">
                  {camelBreaks(shortWeigher(w))}
                </th>
              ))}
              {s.weigherNames.length > 0 && (
                <th scope="col" className="num sticky-total">
                  {t('debugger.sched.total')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {s.hosts.map((h) => (
              <tr key={h.host} data-testid={`sched-host-${h.host}`} className={h.role ?? undefined}>
                <th scope="row" className="mono sticky-host">
                  {h.host}
                </th>
                <td className="sticky-result">
                  {h.role ? (
                    <span className={`badge role-${h.role}`}>{t(`debugger.sched.${h.role}`)}</span>
                  ) : h.noCapacity || h.filters.some((f) => f.result === 'fail') ? (
                    <span className="badge role-rejected">{t('debugger.sched.rejected')}</span>
                  ) : (
                    // every filter let it through: the weighers put it below the chosen ones
                    <span className="badge role-passed">{t('debugger.sched.notPicked')}</span>
                  )}
                </td>
                {h.noCapacity ? (
                  <td
                    colSpan={s.filterNames.length || 1}
                    className="cell-fail"
                    data-result="no-capacity"
                    data-label={t('debugger.sched.filters')}
                  >
                    {t('debugger.sched.noCapacityCell')}
                    {h.shortfalls.length > 0 && (
                      <span
                        className="sched-shortfall"
                        data-testid={`shortfall-${h.host}`}
                        title={
                          h.shortfalls.some((x) => 'maxUnit' in x)
                            ? t('debugger.sched.maxUnitHelp')
                            : undefined
                        }
                      >
                        {h.shortfalls
                          .map((x) => shortfallText(x, t))
                          .join(t('debugger.sched.shortJoin'))}
                      </span>
                    )}
                  </td>
                ) : (
                  h.filters.map((f, i) => {
                    const name = s.filterNames[i]!;
                    return (
                      <td
                        key={name}
                        className={FILTER_CELL[f.result]}
                        data-filter={name}
                        data-result={f.result}
                        // a narrow inspector lays each host out as a card: a failure's line
                        // says which filter it is
                        data-label={shortFilter(name)}
                        title={f.result === 'fail' ? f.reason : undefined}
                      >
                        {f.result === 'pass' && (
                          <>
                            <span aria-hidden="true">✓</span> {t('debugger.sched.pass')}
                          </>
                        )}
                        {f.result === 'skipped' && t('debugger.sched.skipped')}
                        {f.result === 'fail' && (
                          <>
                            <details>
                              <summary>
                                <span aria-hidden="true">✗</span> {t('debugger.sched.fail')}
                              </summary>
                              <p
                                className="reason"
                                aria-label={t('debugger.sched.reason', {
                                  host: h.host,
                                  filter: name,
                                })}
                              >
                                {f.reason}
                                <ServiceNote service={f.service} />
                              </p>
                            </details>
                            {/* a card has room for the reason: said at once, the operator's question */}
                            <span className="reason reason-inline">
                              <span aria-hidden="true">✗</span> {f.reason}
                              <ServiceNote service={f.service} />
                            </span>
                          </>
                        )}
                      </td>
                    );
                  })
                )}
                {s.weigherNames.map((w) => (
                  <td key={w} className="num weigher">
                    {h.weights ? weight(h.weights[w] ?? 0) : null}
                  </td>
                ))}
                {s.weigherNames.length > 0 && (
                  <td className="num strong total sticky-total">
                    {h.weight === null ? null : weight(h.weight)}
                  </td>
                )}
                {/* a card's lines in a narrow inspector, in place of the columns above */}
                {!h.noCapacity && h.filters.every((f) => f.result === 'pass') && (
                  <td className="card-only cell-pass" data-label={t('debugger.sched.filters')}>
                    <span>
                      <span aria-hidden="true">✓</span>{' '}
                      {t('debugger.sched.allPassed', { count: h.filters.length })}
                    </span>
                  </td>
                )}
                {h.weights && h.weight !== null && (
                  <td className="card-only" data-label={t('debugger.sched.total')}>
                    <span>
                      <strong>{weight(h.weight)}</strong>{' '}
                      <span className="muted">
                        (
                        {s.weigherNames
                          .map((w) => `${shortWeigher(w)} ${weight(h.weights![w] ?? 0)}`)
                          .join(' · ')}
                        )
                      </span>
                    </span>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tied.length > 0 && (
        <p className="sched-tie" data-testid="scheduler-tie">
          {t('debugger.sched.tie', {
            hosts: [s.chosen, ...tied].join(', '),
            weight: weight(s.hosts.find((h) => h.host === s.chosen)!.weight!),
            chosen: s.chosen,
          })}
        </p>
      )}
      {s.unlisted > 0 && (
        <p className="muted">{t('debugger.sched.unlisted', { count: s.unlisted })}</p>
      )}
    </div>
  );
}
