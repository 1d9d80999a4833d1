import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { shortUuid } from './format';
import { useAppStore } from './StoreContext';

const NONE: string[] = [];

/**
 * The servers still building at the end of a run that stopped with work left (read only
 * then: not over every instance at every status).
 */
export function useUnfinishedBuilds(): string[] {
  return useAppStore(
    useShallow((s) =>
      s.gaveUp && s.done
        ? s.instanceIds
            .map((id) => s.instancesById[id]!)
            .filter((r) => r.vm_state === 'building')
            .map((r) => r.name ?? shortUuid(r.uuid))
        : NONE,
    ),
  );
}

/**
 * At the end of a run that stopped with builds still going (a lost cast, a host gone for
 * good): which servers never finished, and why nothing ended them. Without it the last
 * sentence is the client's last poll, and the page reads as a boot that simply finished.
 */
export function GaveUpNote() {
  const { t } = useTranslation();
  const shown = useAppStore((s) => s.gaveUp && s.done && !s.playing);
  const building = useUnfinishedBuilds();
  if (!shown) return null;
  return (
    <p className="setup-note gave-up-note" data-testid="gave-up-note">
      {building.length > 0
        ? t('hint.gaveUp', { servers: building, count: building.length })
        : t('hint.gaveUpNoServer')}
    </p>
  );
}
