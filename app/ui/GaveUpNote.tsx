import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { InstanceRow, StuckBuild } from '../protocol/messages';
import { shortUuid } from './format';
import { useAppStore } from './StoreContext';

const NONE: string[] = [];

const nameOf = (r: InstanceRow) => r.name ?? shortUuid(r.uuid);

/**
 * The servers still building at the end of a run that stopped with work left (read only
 * then: not over every instance at every status), by uuid.
 */
export function useUnfinishedUuids(): string[] {
  return useAppStore(
    useShallow((s) =>
      s.gaveUp && s.done
        ? s.instanceIds.filter((id) => s.instancesById[id]!.vm_state === 'building')
        : NONE,
    ),
  );
}

/** The unfinished servers grouped by where their builds stand still (the same cast, queue, fate). */
function stuckGroups(
  unfinished: readonly InstanceRow[],
  stuck: readonly StuckBuild[],
): { build: StuckBuild; servers: string[] }[] {
  const where = new Map(stuck.map((b) => [b.instance, b]));
  const groups = new Map<string, { build: StuckBuild; servers: string[] }>();
  for (const row of unfinished) {
    const build = where.get(row.uuid);
    if (!build) continue;
    const key = `${build.dropped}\t${build.method}\t${build.queue}`;
    const g = groups.get(key);
    if (g) g.servers.push(nameOf(row));
    else groups.set(key, { build, servers: [nameOf(row)] });
  }
  return [...groups.values()];
}

const COMPUTE_QUEUE = 'compute.';

/**
 * At the end of a run that stopped with builds still going (a lost cast, a host gone for
 * good): which servers never finished, where each build stands still, and why nothing ended
 * them. Without it the last sentence is the client's last poll, and the page reads as a boot
 * that simply finished.
 */
export function GaveUpNote() {
  const { t } = useTranslation();
  const shown = useAppStore((s) => s.gaveUp && s.done && !s.playing);
  const uuids = useUnfinishedUuids();
  // the rows only at the end: not rendered again at every status of the run
  const byId = useAppStore((s) => (s.gaveUp && s.done ? s.instancesById : null));
  const stuck = useAppStore((s) => s.stuck);
  if (!shown || byId === null) return null;
  const rows = uuids.map((id) => byId[id]!);
  const said =
    rows.length === 0
      ? [t('hint.gaveUpNoServer')]
      : [
          t('hint.gaveUp', { servers: rows.map(nameOf), count: rows.length }),
          ...stuckGroups(rows, stuck).map(({ build, servers }) => {
            const words = { method: build.method, servers, count: servers.length };
            if (build.dropped) return t('hint.gaveUpDropped', words);
            return build.queue.startsWith(COMPUTE_QUEUE)
              ? t('hint.gaveUpQueued', {
                  ...words,
                  queue: build.queue,
                  host: build.queue.slice(COMPUTE_QUEUE.length),
                })
              : t('hint.gaveUpQueuedAny', { ...words, queue: build.queue });
          }),
          t('hint.gaveUpNoTimeout'),
        ];
  return (
    <p className="setup-note gave-up-note" data-testid="gave-up-note">
      {said.join(t('hint.sentenceGap'))}
    </p>
  );
}
