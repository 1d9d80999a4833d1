import { useTranslation } from 'react-i18next';
import { goToPanel } from './goToPanel';

/**
 * The panels below the diagram, by their heading's id and title, in their order on the page
 * (a table of contents read top to bottom): the inspector first where it is beside the
 * diagram, else between the timeline and the databases.
 */
const PANELS = [
  ['actions-title', 'actions.title'],
  ['instances-title', 'instances.title'],
  ['events-title', 'events.title'],
  ['bp-title', 'debugger.bp.title'],
  ['timeline-title', 'debugger.timeline.title'],
  ['inspector-title', 'debugger.inspector.title'],
  ['db-title', 'debugger.db.title'],
] as const;

const INSPECTOR_FIRST = [
  ...PANELS.filter(([id]) => id === 'inspector-title'),
  ...PANELS.filter(([id]) => id !== 'inspector-title'),
];

/**
 * A line of the panels under the diagram, each a button that brings it on screen: the
 * debugger's panels are a long scroll below a laptop's first screen. Buttons, not links: the
 * page's hash is the share link's.
 */
export function PanelLinks({ inspectorBeside }: { inspectorBeside: boolean }) {
  const { t } = useTranslation();
  return (
    <nav className="panel-links" aria-label={t('panelLinks.label')} data-testid="panel-links">
      <span className="panel-links-label">{t('panelLinks.label')}</span>
      {(inspectorBeside ? INSPECTOR_FIRST : PANELS).map(([id, title]) => (
        <button
          key={id}
          type="button"
          className="link"
          // beside the diagram the inspector is on screen already: the keyboard is taken to
          // it, past the panels before it in the page's order, and the page stays
          onClick={() => goToPanel(id, !(inspectorBeside && id === 'inspector-title'))}
        >
          {t(title)}
        </button>
      ))}
    </nav>
  );
}
