import { useTranslation } from 'react-i18next';
import { useAppStore } from '../StoreContext';
import { summaryText } from '../summaryText';
import { describeBreakpoint } from './format';

/**
 * Why play stopped: shown next to the controls until the cursor moves again. It says the
 * event too, and for a message which way it goes (a process's breakpoint may stop at its
 * delivery, not its send).
 */
export function BreakpointHitBanner() {
  const { t } = useTranslation();
  const hit = useAppStore((s) => s.breakpointHit);
  const ev = useAppStore((s) =>
    s.breakpointHit ? (s.recentEvents.find((e) => e.seq === s.breakpointHit!.seq) ?? null) : null,
  );
  // as the list shows it (as the user typed it: ERROR), not as the worker matched it (error)
  const set = useAppStore((s) =>
    s.breakpointHit ? s.breakpoints[s.breakpointHit.index] : undefined,
  );
  if (!hit) return null;
  // a message's way; a broker's timeout or drop has none (its `to` is only where it happened)
  const moves = ev?.type === 'rpc' || ev?.type === 'rest';
  const route = ev && moves && ev.from && ev.to ? ` (${ev.from} → ${ev.to})` : '';
  return (
    <p className="breakpoint-hit" role="status" data-testid="breakpoint-hit">
      <strong>
        <span className="bp-dot" aria-hidden="true" />{' '}
        {t('debugger.bp.hit', { what: describeBreakpoint(set ?? hit.breakpoint) })}
      </strong>{' '}
      {ev
        ? t('debugger.bp.hitOn', { seq: hit.seq, what: `${summaryText(ev.words, t)}${route}` })
        : t('debugger.bp.hitAt', { seq: hit.seq })}
    </p>
  );
}
