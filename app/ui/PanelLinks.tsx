import { useTranslation } from 'react-i18next';

/** The panels below the diagram, by their heading's id and title. */
const PANELS = [
  ['bp-title', 'debugger.bp.title'],
  ['timeline-title', 'debugger.timeline.title'],
  ['db-title', 'debugger.db.title'],
  ['inspector-title', 'debugger.inspector.title'],
  ['instances-title', 'instances.title'],
  ['events-title', 'events.title'],
  ['actions-title', 'actions.title'],
] as const;

/** Brings a panel to the top of the window, below the sticky controls, and the keyboard with it. */
function goTo(headingId: string) {
  const heading = document.getElementById(headingId);
  if (!heading) return;
  heading.closest('section')?.scrollIntoView({ block: 'start' });
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

/**
 * A line of the panels under the diagram, each a button that brings it on screen: the
 * debugger's panels are a long scroll below a laptop's first screen. Buttons, not links: the
 * page's hash is the share link's.
 */
export function PanelLinks({ inspector }: { inspector: boolean }) {
  const { t } = useTranslation();
  return (
    <nav className="panel-links" aria-label={t('panelLinks.label')} data-testid="panel-links">
      <span className="panel-links-label">{t('panelLinks.label')}</span>
      {PANELS.filter(([id]) => inspector || id !== 'inspector-title').map(([id, title]) => (
        <button key={id} type="button" className="link" onClick={() => goTo(id)}>
          {t(title)}
        </button>
      ))}
    </nav>
  );
}
