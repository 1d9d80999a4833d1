import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FOLLOW_TABLE } from '../../store';
import { SeqLink } from './SeqLink';
import { TabList } from './TabList';
import { useAppStore, useStoreApi } from '../StoreContext';
import { cellText, clip, keyText } from './format';
import { shortUuid } from '../format';

const ignore = () => undefined;

/** The Nova databases at the cursor, one table at a time; the worker sends only that page. */
export function DatabasePanel() {
  const { t } = useTranslation();
  const view = useAppStore((s) => s.tableView);
  const store = useStoreApi();
  const set = store.getState().setTableQuery;
  const following = view?.following ?? true;
  const db = view?.databases.find((d) => d.name === view.database) ?? null;
  const pages = view ? Math.max(1, Math.ceil(view.total / view.pageSize)) : 1;
  // a deleted row shown struck through is not one of the table's rows
  const deletedShown = view?.deletedShown ?? false;
  const liveRows = (view?.total ?? 0) - (deletedShown ? 1 : 0);
  const scroller = useRef<HTMLDivElement>(null);
  // a wide row: the cells the current update wrote are brought into the scrolled view
  useLayoutEffect(() => {
    const box = scroller.current;
    const cell = box?.querySelector<HTMLElement>('td.cell-changed');
    if (!box || !cell) return;
    const keyColumn = box.querySelector('tbody th')?.getBoundingClientRect().width ?? 0;
    const left = cell.offsetLeft - keyColumn;
    if (
      left < box.scrollLeft ||
      cell.offsetLeft + cell.offsetWidth > box.scrollLeft + box.clientWidth
    )
      box.scrollLeft = Math.max(0, left - 8);
  }, [view]);

  const choose = (database: string, table: string | null) => {
    const tbl = table ?? view?.databases.find((d) => d.name === database)?.tables[0]?.name ?? null;
    if (tbl) void set({ database, table: tbl, page: 0 }).catch(ignore);
  };

  return (
    <section className="panel database" data-testid="db-view" aria-labelledby="db-title">
      <div className="panel-head">
        <h2 id="db-title">{t('debugger.db.title')}</h2>
        <label className="check">
          <input
            type="checkbox"
            data-testid="db-follow"
            checked={following}
            onChange={(e) => {
              if (e.target.checked) void set(FOLLOW_TABLE).catch(ignore);
              else if (view?.database && view.table) choose(view.database, view.table);
            }}
          />{' '}
          {t('debugger.db.follow')}
        </label>
      </div>
      {!view || view.databases.length === 0 ? (
        <p className="empty">{t('debugger.db.none')}</p>
      ) : (
        <>
          <TabList
            label={t('debugger.db.databases')}
            tabs={view.databases.map((d) => ({
              key: d.name,
              selected: d.name === view.database,
              testId: `db-tab-${d.name}`,
              onSelect: () => choose(d.name, null),
              children: d.name,
            }))}
          />
          {db && (
            <TabList
              label={t('debugger.db.tables')}
              className="sub"
              tabs={db.tables.map((tb) => ({
                key: tb.name,
                selected: tb.name === view.table,
                testId: `table-tab-${tb.name}`,
                onSelect: () => choose(db.name, tb.name),
                children: (
                  <>
                    {tb.name} <span className="count">{tb.rows}</span>
                  </>
                ),
              }))}
            />
          )}
          <div
            role="tabpanel"
            className="db-table"
            aria-label={`${view.database ?? ''} ${view.table ?? ''}`}
          >
            <p className="caption">
              <strong>
                {/* the cursor counts the events played: the last one is seq - 1 */}
                {view.seq === 0
                  ? t('debugger.db.captionStart', { database: view.database, table: view.table })
                  : t('debugger.db.caption', {
                      database: view.database,
                      table: view.table,
                      last: view.seq - 1,
                    })}
              </strong>{' '}
              · {t('debugger.db.rows', { count: liveRows })}
              {deletedShown && <> · {t('debugger.db.deletedShown')}</>}
              {pages > 1 && (
                <span className="pager">
                  <button
                    type="button"
                    className="quiet small"
                    disabled={view.page === 0}
                    aria-label={t('debugger.db.prev')}
                    onClick={() =>
                      view.database &&
                      view.table &&
                      void set({
                        database: view.database,
                        table: view.table,
                        page: view.page - 1,
                      }).catch(ignore)
                    }
                  >
                    ‹
                  </button>{' '}
                  {t('debugger.db.page', { page: view.page + 1, pages })}{' '}
                  <button
                    type="button"
                    className="quiet small"
                    disabled={view.page + 1 >= pages}
                    aria-label={t('debugger.db.next')}
                    onClick={() =>
                      view.database &&
                      view.table &&
                      void set({
                        database: view.database,
                        table: view.table,
                        page: view.page + 1,
                      }).catch(ignore)
                    }
                  >
                    ›
                  </button>
                </span>
              )}
            </p>
            {view.rows.length === 0 ? (
              <p className="empty">{t('debugger.db.empty')}</p>
            ) : (
              <div className="scroll-x" tabIndex={0} ref={scroller}>
                <table data-testid="db-rows">
                  <thead>
                    <tr>
                      <th scope="col">{t('debugger.db.key')}</th>
                      {/* beside the key, not past a row of forty wide cells: it opens the write */}
                      <th scope="col" className="num">
                        {t('debugger.db.lastWrite')}
                      </th>
                      {view.columns.map((c) => (
                        <th scope="col" key={c}>
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {view.rows.map((r) => (
                      <tr
                        key={r.key}
                        className={
                          r.changed ? `changed changed-${r.changed}` : r.gone ? 'gone' : undefined
                        }
                        data-key={r.key}
                        data-changed={r.changed ?? undefined}
                        data-gone={r.gone || undefined}
                        title={
                          r.changed
                            ? t(`debugger.db.changed_${r.changed}`)
                            : r.gone
                              ? t('debugger.db.goneBy', { seq: r.lastSeq })
                              : undefined
                        }
                      >
                        <th scope="row" className="mono" title={r.key}>
                          {clip(keyText(r.key, view.providerNames), 36)}
                        </th>
                        <td className="num">
                          {/* the write, whole, in the inspector: a cell shows 40 characters */}
                          <SeqLink seq={r.lastSeq} reveal />
                        </td>
                        {view.columns.map((c) => {
                          const v = r.values[c];
                          const host = typeof v === 'string' ? view.providerNames[v] : undefined;
                          // a resource provider's uuid, with the host whose node it is
                          const text =
                            host !== undefined
                              ? `${shortUuid(v as string)}… (${host})`
                              : c in r.values
                                ? cellText(v)
                                : '';
                          return (
                            <td
                              key={c}
                              className={`mono${r.values[c] === null ? ' null' : ''}${r.changedColumns.includes(c) ? ' cell-changed' : ''}`}
                              title={
                                host !== undefined
                                  ? `${v as string} (${host})`
                                  : text.length > 40
                                    ? text
                                    : undefined
                              }
                            >
                              {clip(text, 40)}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}
