import { Handle, type NodeProps, Position, type Node } from '@xyflow/react';
import { memo, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Breakable } from '../Breakable';
import { Icon } from '../icons';
import { useFixedT } from '../useFixedT';
import type { ComputeServiceLook, VmChip, WaitingCall } from '../../protocol/messages';
import { queueId } from '../../protocol/processes';
import { useAppStore, useStoreApi } from '../StoreContext';
import { CELL_GAP, COMPACT_CELL, fitChips, MORE_CELLS, NAMED_CELL } from './chipFit';
import { computeId, DB_ROWS, type Box } from './layout';

/**
 * The diagram's boxes. Each is memoised and subscribes to its own slice of the store (its
 * host row, its database's tables, the broker's queues), so one change re-renders one box.
 * `data-process` names what a click on a box opens in the inspector (Diagram.tsx).
 */

export type BoxNode = Node<{ box: Box; hosts?: Box[] }>;

/** Edges need handles; ours are invisible: edges are drawn from border to border. */
function Anchors() {
  return (
    <>
      <Handle type="target" position={Position.Top} className="anchor" isConnectable={false} />
      <Handle type="source" position={Position.Bottom} className="anchor" isConnectable={false} />
    </>
  );
}

/**
 * A box's name, as a button: the keyboard's way to open the box in the inspector. It has no
 * handler of its own: Enter or Space clicks it, and the click reaches the box's node
 * (Diagram.tsx's onNodeClick), as a mouse click on the box does.
 */
function Name({ children, label }: { children: React.ReactNode; label?: string }) {
  return (
    <button type="button" className="dg-name" aria-label={label}>
      {children}
    </button>
  );
}

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
const NONE_FAILED: readonly string[] = [];

/** The servers whose spawn failed on a host, the latest two named and the rest counted. */
export function failedNames(names: readonly string[]): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(-2).join(', ');
  return unique.length > 2 ? `${shown} +${unique.length - 2}` : shown;
}

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

/**
 * The compute band with its grid of hosts. The hosts are plain components, not React Flow
 * nodes (a 200-host cloud would mean 600 nodes to measure), placed at the layout's rectangles.
 */
export const ComputeBandNode = memo(function ComputeBandNode({ data }: NodeProps<BoxNode>) {
  const { t } = useTranslation();
  const band = data.box.rect;
  const groups = (data.hosts ?? []).filter((b) => b.kind === 'hostGroup');
  const inner = new Map<string, Box[]>();
  for (const b of data.hosts ?? []) {
    if (b.kind === 'hostGroup' || !b.parent) continue;
    inner.set(b.parent, [...(inner.get(b.parent) ?? []), b]);
  }
  return (
    <div className="dg-band dg-band-compute" data-testid="band-compute">
      <Anchors />
      <span className="dg-band-label">{t('diagram.band_compute')}</span>
      {groups.map((g) => (
        <HostGroup key={g.id} group={g} band={band} parts={inner.get(g.id) ?? []} />
      ))}
    </div>
  );
});

const place = (r: Box['rect'], origin: { x: number; y: number }): React.CSSProperties => ({
  position: 'absolute',
  left: r.x - origin.x,
  top: r.y - origin.y,
  width: r.w,
  height: r.h,
});

const HostGroup = memo(function HostGroup({
  group,
  band,
  parts,
}: {
  group: Box;
  band: Box['rect'];
  parts: Box[];
}) {
  const host = group.host ?? '';
  const service = useAppStore((s) => s.hostsByName[host]?.service ?? 'up');
  return (
    <div
      className={`dg-host${SERVICE_CLASS[service]}`}
      data-testid={`host-${host}`}
      data-process={computeId(host)}
      style={place(group.rect, band)}
    >
      <span className="dg-host-name">{host}</span>
      {parts.map((p) =>
        p.kind === 'compute' ? (
          <ComputeBox key={p.id} box={p} origin={group.rect} service={service} />
        ) : (
          <HypervisorBox key={p.id} box={p} origin={group.rect} />
        ),
      )}
    </div>
  );
});

const SERVICE_CLASS: Record<ComputeServiceLook, string> = {
  up: '',
  stopped: ' is-stopped',
  down: ' is-down',
  'forced-down': ' is-down',
};

const SERVICE_BADGE: Record<ComputeServiceLook, { key: string; tone: string }> = {
  up: { key: 'diagram.computeUp', tone: 'ok' },
  stopped: { key: 'diagram.computeStopped', tone: 'warn' },
  down: { key: 'diagram.computeDown', tone: 'bad' },
  'forced-down': { key: 'diagram.computeDown', tone: 'bad' },
};

function ComputeBox({
  box,
  origin,
  service,
}: {
  box: Box;
  origin: Box['rect'];
  service: ComputeServiceLook;
}) {
  const t = useFixedT();
  const downAfter = useAppStore((s) => s.serviceDownTime);
  const badge = SERVICE_BADGE[service];
  return (
    <div
      className={`dg-box dg-compute${SERVICE_CLASS[service]}`}
      data-testid={`node-${box.id}`}
      data-process={box.id}
      style={place(box.rect, origin)}
    >
      {/* one of the two texts is hidden at each scale: the name says both */}
      <Name label={`nova-compute ${box.host ?? ''}`.trim()}>
        <span className="dg-title">nova-compute</span>
        <span className="dg-host-label">{box.host}</span>
      </Name>
      <span
        className={`dg-badge ${badge.tone}`}
        data-testid="compute-service"
        data-service={service}
        title={t(`diagram.computeService.${service}`, { s: downAfter })}
      >
        {t(badge.key)}
      </span>
    </div>
  );
}

const HypervisorBox = memo(function HypervisorBox({
  box,
  origin,
}: {
  box: Box;
  origin: Box['rect'];
}) {
  const t = useFixedT();
  const text = useChipText();
  const host = box.host ?? '';
  const vms = useAppStore((s) => s.hostsByName[host]?.vms ?? EMPTY);
  const failed = useAppStore((s) => s.hostsByName[host]?.failed ?? NONE_FAILED);
  const compact = box.rect.w < 200;
  const max = compact ? 12 : 18;
  // where a spawn failed, said after the server has gone on elsewhere (or to ERROR)
  const gone = failed.filter((name) => !vms.some((vm) => vm.name === name));
  return (
    <div
      className={`dg-box dg-hypervisor${failed.length > 0 ? ' dg-spawn-failed' : ''}`}
      data-testid={`node-${box.id}`}
      data-process={box.id}
      style={place(box.rect, origin)}
    >
      {!compact && <span className="dg-caption">{t('diagram.hypervisor')}</span>}
      {!compact && gone.length > 0 && (
        <span className="dg-failed" data-testid={`spawn-failed-${host}`}>
          ✕ {t('diagram.spawnFailedHere', { names: failedNames(gone) })}
        </span>
      )}
      <div className="dg-vms">
        {vms.length === 0 && !compact && gone.length === 0 && (
          <span className="dg-empty">{t('diagram.noVms')}</span>
        )}
        {vms.slice(0, max).map((vm) => (
          <Chip
            key={vm.uuid}
            vm={vm}
            compact={compact}
            text={text}
            withTask={vms.length <= TASKS_UP_TO}
          />
        ))}
        {vms.length > max && <span className="dg-more">+{vms.length - max}</span>}
      </div>
    </div>
  );
});

/** A chip's translated texts, computed once per language and kept (not at every render). */
interface ChipText {
  title(name: string, state: string): string;
}

function useChipText(): ChipText {
  const t = useFixedT();
  return useMemo(() => {
    // the title's translation with markers for its values, filled in without i18next
    const NAME = '\u0001name\u0001';
    const STATE = '\u0001state\u0001';
    const template = t('diagram.vmTitle', { name: NAME, state: STATE });
    const states = new Map<string, string>();
    return {
      title(name, state) {
        let label = states.get(state);
        if (label === undefined) states.set(state, (label = t(`diagram.vm_${state}`)));
        const value = label;
        return template.replace(NAME, () => name).replace(STATE, () => value);
      },
    };
  }, [t]);
}

/**
 * A hypervisor with this many VMs or fewer says each one's task_state beside its name; with
 * more, the chips said so would not fit its box (one boot's task is the lesson, not ten's).
 */
const TASKS_UP_TO = 2;

/** A VM: its colour and its mark say its state; a click follows its boot request. */
const Chip = memo(
  function Chip({
    vm,
    compact,
    text,
    withTask = false,
  }: {
    vm: VmChip;
    compact: boolean;
    text: ChipText;
    withTask?: boolean;
  }) {
    const store = useStoreApi();
    // one subscription per chip (a big cloud has a thousand): '' | 'selected' | 'dimmed'
    const mark = useAppStore((s) =>
      s.selection === null ? '' : s.selection.instance === vm.uuid ? 'selected' : 'dimmed',
    );
    const selected = mark === 'selected';
    const dimmed = mark === 'dimmed';
    const onClick = useCallback(
      (e: React.MouseEvent) => {
        e.stopPropagation();
        const s = store.getState();
        s.select(
          s.selection?.instance === vm.uuid
            ? null
            : { instance: vm.uuid, request_id: vm.request_id },
        );
      },
      [store, vm.uuid, vm.request_id],
    );
    const name = vm.name ?? vm.uuid.slice(0, 8);
    return (
      <button
        type="button"
        className={`dg-vm vm-${vm.state}${compact ? ' compact' : ''}${selected ? ' selected' : ''}${dimmed ? ' dimmed' : ''}`}
        data-testid="vm-chip"
        data-instance={vm.uuid}
        title={text.title(name, vm.state)}
        aria-pressed={selected}
        onClick={onClick}
      >
        <span className="dg-vm-mark" aria-hidden="true">
          {vm.state === 'active'
            ? '●'
            : vm.state === 'error'
              ? '✕'
              : vm.state === 'claimed'
                ? '○'
                : '◐'}
        </span>
        {!compact && <span className="dg-vm-name">{name}</span>}
        {!compact && withTask && vm.task !== undefined && (
          <span className="dg-vm-task" data-testid="vm-task">
            {vm.task}
          </span>
        )}
      </button>
    );
  },
  // a chip is the same while what it shows is (the worker sends new objects every time)
  (a, b) =>
    a.compact === b.compact &&
    a.withTask === b.withTask &&
    a.text === b.text &&
    a.vm.uuid === b.vm.uuid &&
    a.vm.state === b.vm.state &&
    a.vm.task === b.vm.task &&
    a.vm.name === b.vm.name &&
    a.vm.request_id === b.vm.request_id,
);

export const nodeTypes = {
  process: ProcessNode,
  broker: BrokerNode,
  database: DatabaseNode,
  band: BandNode,
  computeBand: ComputeBandNode,
};
