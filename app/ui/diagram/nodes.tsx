import { type NodeProps, type Node } from '@xyflow/react';
import { memo, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Breakable } from '../Breakable';
import { Icon } from '../icons';
import type { WaitingCall } from '../../protocol/messages';
import { queueId } from '../../protocol/processes';
import { useAppStore } from '../StoreContext';
import { CELL_GAP, COMPACT_CELL, fitChips, MORE_CELLS, NAMED_CELL } from './chipFit';
import { DB_ROWS, type Box } from './layout';
import { Anchors, Name } from './boxParts';
import { Chip, useChipText } from './Chip';
import { ComputeBandNode } from './hostNodes';

/**
 * The diagram's boxes. Each is memoised and subscribes to its own slice of the store (its
 * host row, its database's tables, the broker's queues), so one change re-renders one box.
 * `data-process` names what a click on a box opens in the inspector (Diagram.tsx).
 */

export type BoxNode = Node<{ box: Box; hosts?: Box[] }>;

const OTHER_PROJECTS = new Set(['keystone', 'glance-api', 'neutron-server', 'placement-api']);
/** These sit in the "other projects" band, which already says what they are. */
const IN_OTHERS_BAND = new Set(['keystone', 'glance-api', 'neutron-server']);

export const ProcessNode = memo(function ProcessNode({ id }: NodeProps<BoxNode>) {
  const other = OTHER_PROJECTS.has(id);
  return (
    <>
      <ProcessBox id={id} other={other} />
      {/* under the box, not in it: the box clips what overflows it */}
      <Waiting id={id} />
    </>
  );
});

function ProcessBox({ id, other }: { id: string; other: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      className={`dg-box dg-process${other ? ' dg-other' : ''} dg-${id}`}
      data-testid={`node-${id}`}
      data-process={id}
    >
      <Anchors />
      <div className="dg-title">
        <Name>{id}</Name>
      </div>
      <div className="dg-role">{t(`diagram.role_${id}`)}</div>
      {other && !IN_OTHERS_BAND.has(id) && (
        <div className="dg-tag">{t('diagram.otherProject')}</div>
      )}
      {id === 'client' && <Unplaced />}
    </div>
  );
}

const NOT_WAITING: readonly WaitingCall[] = [];

/**
 * The calls a process is blocked on, on the edge of its box: a call waits for its reply (or
 * its timeout), which is what makes it a call and not a cast. Said once; more are counted.
 */
function Waiting({ id }: { id: string }) {
  const { t } = useTranslation();
  const calls = useAppStore((s) => s.waitingByProcess[id] ?? NOT_WAITING);
  // whole seconds waited: drawn again once a second, not at every status; a call answered
  // within the second (most are) says none
  const waited = useAppStore((s) => {
    const first = (s.waitingByProcess[id] ?? NOT_WAITING)[0];
    return first ? Math.floor((s.clock - first.since) / 1000) : 0;
  });
  if (calls.length === 0) return null;
  const first = calls[0]!;
  return (
    <div className="dg-waiting" data-testid={`waiting-${id}`} title={t('diagram.waitingHelp')}>
      <Icon name="hourglass" /> {t('diagram.waiting', { method: first.method })}
      {waited > 0 && (
        <span className="dg-waited" data-testid={`waited-${id}`}>
          {' '}
          · {t('diagram.waited', { seconds: waited })}
        </span>
      )}
      {calls.length > 1 && <span className="dg-count"> +{calls.length - 1}</span>}
    </div>
  );
}

/** Servers that have no host (being scheduled, or buried in cell0), shown by the user. */
function Unplaced() {
  const { t } = useTranslation();
  const text = useChipText();
  const vms = useAppStore((s) => s.unplaced);
  const [area, setArea] = useState<{ w: number; h: number } | null>(null);
  // the space left under the title and the role depends on the language: measured, in layout
  // pixels (flow units: the zoom is a transform, which clientWidth ignores)
  const measure = useCallback((el: HTMLDivElement | null) => {
    if (!el) return;
    const update = () =>
      setArea((old) =>
        old?.w === el.clientWidth && old.h === el.clientHeight
          ? old
          : { w: el.clientWidth, h: el.clientHeight },
      );
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  if (vms.length === 0) return null;
  const fit = area && fitChips(vms.length, area);
  const cell = fit?.compact ? COMPACT_CELL : NAMED_CELL;
  return (
    <>
      {/* said, not only in a tooltip (a projector shows none): in the user's box, a server
          is not on the user's machine */}
      <div className="dg-unplaced-label" data-testid="unplaced-label">
        {/* servers that ended in ERROR without a host are not waiting for one */}
        {t(
          vms.every((vm) => vm.state === 'error' || vm.state === 'deleted')
            ? 'diagram.noHost'
            : 'diagram.noHostYet',
        )}
      </div>
      <div
        ref={measure}
        className="dg-unplaced"
        title={t('diagram.unplaced')}
        style={{
          gridTemplateColumns: `repeat(auto-fill, ${cell.w}px)`,
          gridAutoRows: `${cell.h}px`,
          gap: CELL_GAP,
        }}
      >
        {fit &&
          vms
            .slice(0, fit.shown)
            .map((vm) => <Chip key={vm.uuid} vm={vm} compact={fit.compact} text={text} />)}
        {fit && fit.more > 0 && (
          <span
            className="dg-more"
            style={{ gridColumn: `span ${MORE_CELLS}` }}
            title={t('diagram.moreVms', { count: fit.more })}
            data-testid="unplaced-more"
          >
            +{fit.more}
          </span>
        )}
      </div>
    </>
  );
}

/**
 * What a click on a queue's row opens: the queue, for a row that is one queue; none (the
 * broker's box) for a row of alike queues (`compute.*`, `reply_*`, `*_fanout_*`).
 */
export const queueProcess = (row: string): string | undefined =>
  row.includes('*') ? undefined : queueId(row);

/** Longer names than this (versioned_notifications.info) go on two smaller lines. */
const LONG_QUEUE_NAME = 22;

/**
 * The characters a queue's name cell holds before it pushes the counts out of the box (a
 * wide character counts two): a drop is said in words where they fit, else by its ✕ alone,
 * the words in its tooltip and the legend.
 */
const NAME_CELL = 20;

const width = (s: string) => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

/** A queue's drop mark: `✕ dropped` where it fits beside the name, else `✕` (`✕3`). */
export function dropMark(name: string, words: string, count: number): string {
  const full = `✕ ${words}`;
  if (width(name) + 1 + width(full) <= NAME_CELL) return full;
  return count > 1 ? `✕${count}` : '✕';
}

export const BrokerNode = memo(function BrokerNode({ id }: NodeProps<BoxNode>) {
  const { t } = useTranslation();
  const queues = useAppStore((s) => s.queues);
  const up = useAppStore((s) => s.brokerUp);
  return (
    <div
      className={`dg-box dg-broker${up ? '' : ' is-down'}`}
      data-testid={`node-${id}`}
      data-process={id}
    >
      <Anchors />
      <div className="dg-head">
        <span className="dg-title">
          <Name>rabbitmq</Name>
        </span>
        {!up && <span className="dg-badge bad">{t('diagram.brokerDown')}</span>}
      </div>
      <div className="dg-role">{t('diagram.role_rabbitmq')}</div>
      <table className="dg-queues">
        <thead>
          <tr>
            <th scope="col">{t('diagram.queue')}</th>
            <th scope="col">{t('diagram.depth')}</th>
            <th scope="col">{t('diagram.consumers')}</th>
            <th scope="col">{t('diagram.unacked')}</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr
              key={q.name}
              data-queue={q.name}
              data-process={queueProcess(q.name)}
              className={q.depth === 0 || q.unread ? '' : q.consumers === 0 ? 'stuck' : 'busy'}
            >
              <td className={q.name.length > LONG_QUEUE_NAME ? 'mono dg-qname-long' : 'mono'}>
                {q.name.length > LONG_QUEUE_NAME ? (
                  <Breakable text={q.name} after={/(_)/} />
                ) : (
                  q.name
                )}
                {q.queues > 1 && (
                  <span className="dg-count"> {t('diagram.queueCount', { count: q.queues })}</span>
                )}
                {q.dropped !== undefined && (
                  <span
                    className="dg-dropped"
                    data-testid={`dropped-${q.name}`}
                    title={
                      q.droppedFrom
                        ? t('diagram.droppedFromHelp', {
                            count: q.dropped,
                            queues: q.droppedFrom.join(', '),
                          })
                        : t('diagram.droppedHelp', { count: q.dropped })
                    }
                  >
                    {' '}
                    {dropMark(
                      q.queues > 1
                        ? `${q.name} ${t('diagram.queueCount', { count: q.queues })}`
                        : q.name,
                      t('diagram.droppedHere', { count: q.dropped }),
                      q.dropped,
                    )}
                  </span>
                )}
              </td>
              <td className="num">{q.depth}</td>
              <td className="num">{q.consumers}</td>
              <td className="num">{q.unacked}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

const EMPTY: never[] = [];

export const DatabaseNode = memo(function DatabaseNode({ id, data }: NodeProps<BoxNode>) {
  const { t } = useTranslation();
  const db = data.box.database ?? id;
  const tables = useAppStore((s) => s.tablesByDb[db] ?? EMPTY);
  const limit = db === 'placement' ? 3 : DB_ROWS;
  const shown = tables.length > limit ? tables.slice(0, limit - 1) : tables;
  return (
    <div className="dg-box dg-db" data-testid={`node-${id}`} data-process={id}>
      <Anchors />
      <div className="dg-title">
        <Name>{id}</Name>
      </div>
      {tables.length === 0 ? (
        <div className="dg-empty">{t('diagram.noRows')}</div>
      ) : (
        <table className="dg-tables">
          <tbody>
            {shown.map((row) => (
              <tr key={row.table}>
                <td className="mono">{row.table}</td>
                <td className="num">{row.rows}</td>
              </tr>
            ))}
            {shown.length < tables.length && (
              <tr>
                <td className="dg-more" colSpan={2}>
                  {t('diagram.moreTables', { count: tables.length - shown.length })}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
});

export const BandNode = memo(function BandNode({ data }: NodeProps<BoxNode>) {
  const { t } = useTranslation();
  const band = data.box.band ?? 'api';
  return (
    <div className={`dg-band dg-band-${band}`} data-testid={`band-${band}`}>
      <Anchors />
      <span className="dg-band-label">{t(`diagram.band_${band}`)}</span>
    </div>
  );
});

export const nodeTypes = {
  process: ProcessNode,
  broker: BrokerNode,
  database: DatabaseNode,
  band: BandNode,
  computeBand: ComputeBandNode,
};
