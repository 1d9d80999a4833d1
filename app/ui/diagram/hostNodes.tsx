import { type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFixedT } from '../useFixedT';
import type { ComputeServiceLook, VmChip } from '../../protocol/messages';
import { useAppStore } from '../StoreContext';
import { computeId, type Box } from './layout';

import { Anchors, failedNames, Name } from './boxParts';
import { Chip, TASKS_UP_TO, useChipText } from './Chip';
import type { BoxNode } from './nodes';

const NO_VMS: readonly VmChip[] = [];
const NONE_FAILED: readonly string[] = [];

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
  const vms = useAppStore((s) => s.hostsByName[host]?.vms ?? NO_VMS);
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
