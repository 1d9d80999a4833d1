import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { shortUuid } from './format';
import { useAppStore } from './StoreContext';

const NONE: string[] = [];

/**
 * At the end of a run that stopped with builds still going (a lost cast, a host gone for
 * good): which servers never finished, and why nothing ended them. Without it the last
 * sentence is the client's last poll, and the page reads as a boot that simply finished.
 */
export function GaveUpNote() {
  const { t } = useTranslation();
  const shown = useAppStore((s) => s.gaveUp && s.done && !s.playing);
  // read only at the end of such a run: not over every instance at every status
  const building = useAppStore(
    useShallow((s) =>
      s.gaveUp && s.done
        ? s.instanceIds
            .map((id) => s.instancesById[id]!)
            .filter((r) => r.vm_state === 'building')
            .map((r) => r.name ?? shortUuid(r.uuid))
        : NONE,
    ),
  );
  if (!shown) return null;
  return (
    <p className="setup-note gave-up-note" data-testid="gave-up-note">
      {building.length > 0
        ? t('hint.gaveUp', { servers: building, count: building.length })
        : t('hint.gaveUpNoServer')}
    </p>
  );
}
