import { useTranslation } from 'react-i18next';
import { useAppStore } from '../StoreContext';
import { describeBreakpoint } from './format';

/** Why play stopped: shown next to the controls until the cursor moves again. */
export function BreakpointHitBanner() {
  const { t } = useTranslation();
  const hit = useAppStore((s) => s.breakpointHit);
  if (!hit) return null;
  return (
    <p className="breakpoint-hit" role="status" data-testid="breakpoint-hit">
      <span className="bp-dot" aria-hidden="true" />
      <strong>{t('debugger.bp.hit', { what: describeBreakpoint(hit.breakpoint) })}</strong>{' '}
      {t('debugger.bp.hitAt', { seq: hit.seq })}
    </p>
  );
}
