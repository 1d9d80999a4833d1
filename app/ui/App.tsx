import { Activity, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionsPanel } from './actions/ActionsPanel';
import { Controls } from './Controls';
import { Diagram } from './diagram/Diagram';
import { Legend } from './diagram/Legend';
import { ErrorBanner } from './ErrorBanner';
import { EventCounts } from './EventCounts';
import { Header } from './Header';
import { BreakpointHitBanner } from './panels/BreakpointHitBanner';
import { Debugger } from './panels/Debugger';
import { InspectorPanel } from './panels/InspectorPanel';
import { PresentingInspector } from './panels/PresentingInspector';
import { InstancesTable } from './InstancesTable';
import { KeysDialog } from './KeysDialog';
import { Narration } from './Narration';
import { Offscreen } from './Offscreen';
import { PanelLinks } from './PanelLinks';
import { RunBar } from './RunBar';
import { RecentEvents } from './RecentEvents';
import { ScenarioBar } from './ScenarioBar';
import { StatusPanel } from './StatusPanel';
import { storyText } from './summaryText';
import { tourDwellMs, tourOf } from './tour';
import { useAppStore, useStoreApi } from './StoreContext';
import { useKeyboard } from './useKeyboard';
import { useMediaQuery } from './useMediaQuery';
import { usePresenting } from './usePresenting';
import { usePublishedTop } from './usePublishedTop';
import { currentShareUrl } from './automation';

/** Keeps i18next and <html lang> in step with the store's language. */
function useLanguageSync() {
  const { i18n } = useTranslation();
  const language = useAppStore((s) => s.language);
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
    try {
      localStorage.setItem('novaviz.language', language);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, [i18n, language]);
}

/**
 * Wide enough for the inspector to sit beside the diagram: stepping through a request, the
 * message and the diagram are on screen together. From 1260 px, so that a 1280 laptop has
 * it (one column, the inspector was thousands of pixels under the diagram); the diagram keeps
 * about 770 px there. Narrower, it is one column.
 */
export const WIDE_LAYOUT = '(min-width: 1260px)';

/**
 * The page's body: the diagram and its panels, in one column or, wide (WIDE_LAYOUT), with the
 * inspector beside them. The elements stay the same either way, so crossing the width (or
 * presenting) keeps what the forms hold; only the inspector moves.
 */
function Workspace({ presenting, legend }: { presenting: boolean; legend: boolean }) {
  const wide = useMediaQuery(WIDE_LAYOUT);
  // presenting, the panels keep their state but are neither shown nor rendered again
  const panels = presenting ? 'hidden' : 'visible';
  const self = useRef<HTMLDivElement>(null);
  // the diagram ends with the first screen (styles/offscreen.css)
  usePublishedTop(self, '--workspace-top');
  return (
    <div className={`workspace${wide ? ' wide' : ''}`} data-testid="workspace" ref={self}>
      <div className="work-main">
        <div className="stage">
          <Diagram legend={legend} presenting={presenting} />
          {presenting && <PresentingInspector />}
          <Activity mode={panels}>
            <PanelLinks inspectorBeside={wide} />
            <Offscreen>
              <StatusPanel />
            </Offscreen>
            <Offscreen>
              <EventCounts />
            </Offscreen>
            {/* above the lists that grow as servers come and events go by: its buttons stay
                where one aims at them while the run plays */}
            <Offscreen>
              <ActionsPanel />
            </Offscreen>
            <Offscreen>
              <InstancesTable />
            </Offscreen>
            <Offscreen>
              <RecentEvents />
            </Offscreen>
          </Activity>
        </div>
        <Activity mode={panels}>
          <Debugger withInspector={!wide} />
        </Activity>
      </div>
      {wide && (
        <Activity mode={panels}>
          <div className="work-side">
            <InspectorPanel />
          </div>
        </Activity>
      )}
    </div>
  );
}

/**
 * A projector wider than 3:2, and tall enough (styles/presenting.css's media query of the same name):
 * presenting, the controls and the narration are a column beside the diagram, and the legend
 * goes to the foot of that column, where it gives the diagram its rows. Less tall (720 or 768
 * px), it would leave the narration no room: it stays under the diagram.
 */
export const PRESENTING_SIDE_LEGEND = '(min-aspect-ratio: 3/2) and (min-height: 1000px)';

export function App() {
  const store = useStoreApi();
  const [presenting, togglePresenting] = usePresenting();
  const sideLegend = useMediaQuery(PRESENTING_SIDE_LEGEND) && presenting;
  useKeyboard(store, togglePresenting);
  const { i18n } = useTranslation();
  useEffect(
    () =>
      void tourOf(store, (s) => {
        const told = s.recentEvents[s.recentEvents.length - 1];
        return tourDwellMs(told ? storyText(told.story, i18n.t).length : 0, s.language);
      }),
    [store, i18n],
  );
  useLanguageSync();
  const closeUp = useAppStore((s) => s.closeUp);
  return (
    <div
      className={`app${presenting ? ' presenting' : ''}${closeUp ? ' close-up' : ''}`}
      data-testid="app"
    >
      <Header />
      <KeysDialog />
      <main>
        <ScenarioBar shareUrl={() => currentShareUrl(store)} />
        <RunBar>
          <Controls presenting={presenting} onPresent={togglePresenting} />
          <ErrorBanner />
          {/* why play stopped, in the narration's room: the sentence under it tells that event */}
          <Narration presenting={presenting} banner={<BreakpointHitBanner />} />
        </RunBar>
        {sideLegend && <Legend />}
        <Workspace presenting={presenting} legend={!sideLegend} />
      </main>
    </div>
  );
}
