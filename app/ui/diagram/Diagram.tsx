import {
  type AriaLabelConfig,
  ControlButton,
  Controls,
  type NodeMouseHandler,
  ReactFlow,
  ReactFlowProvider,
  useKeyPress,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from '../icons';
import { revealInspector } from '../revealInspector';
import { useAppStore, useStoreApi } from '../StoreContext';
import { edgeTypes, type TransportEdgeType } from './edges';
import { type BoxKind, computeLayout, type Layout, segment, titleStrips } from './layout';
import { Legend, SelectionBar } from './Legend';
import { type BoxNode, nodeTypes } from './nodes';
import { TokenLayer } from './TokenLayer';
import { useCloseUp } from './useCloseUp';
import { usePresentingCloseUp } from './usePresentingCloseUp';
import './diagram.css';

const FIT = { padding: 0.03, duration: 0 } as const;

/** Boxes the compute band draws itself: hundreds of React Flow nodes would be too slow. */
const IN_BAND = new Set(['hostGroup', 'compute', 'hypervisor']);

/**
 * The wheel scrolls the page (the diagram fills most of a laptop's screen); it zooms with
 * Ctrl or ⌘ held, as a pinch does.
 */
const ZOOM_KEYS = ['Meta', 'Control'];

const ignore = () => undefined;

function toFlow(layout: Layout, t: TFunction): { nodes: BoxNode[]; edges: TransportEdgeType[] } {
  const hostBoxes = layout.boxes.filter((b) => IN_BAND.has(b.kind));
  const nodes: BoxNode[] = layout.boxes
    .filter((b) => !IN_BAND.has(b.kind))
    .map((box) => ({
      id: box.id,
      type: box.band === 'compute' ? 'computeBand' : box.kind,
      position: { x: box.rect.x, y: box.rect.y },
      width: box.rect.w,
      height: box.rect.h,
      data: box.band === 'compute' ? { box, hosts: hostBoxes } : { box },
      draggable: false,
      selectable: false,
      connectable: false,
      // React Flow's role description ("node", in English) means nothing on a box with no role
      domAttributes: { 'aria-roledescription': undefined },
      // a click on a band's background is a click on the pane (it clears the selection)
      ...(box.kind === 'band' ? { zIndex: -1, style: { pointerEvents: 'none' as const } } : {}),
    }));
  // An edge to a host is attached to the band node; it is drawn to the host's own box.
  const nodeIds = new Set(nodes.map((n) => n.id));
  const flowId = (id: string) => (nodeIds.has(id) ? id : 'band-compute');
  const name = (id: string) => (id === 'band-compute' ? t('diagram.everyCompute') : id);
  const edges: TransportEdgeType[] = layout.links.map((l) => ({
    id: l.id,
    source: flowId(l.source),
    target: flowId(l.target),
    type: 'transport',
    selectable: false,
    // React Flow would say "Edge from … to …", in English
    ariaLabel: t('diagram.edgeLabel', {
      transport: t(`diagram.edge_${l.transport}`),
      source: name(l.source),
      target: name(l.target),
    }),
    domAttributes: { 'aria-roledescription': t('diagram.edgeRole') },
    data: {
      transport: l.transport,
      points: segment(layout.rects.get(l.source)!, layout.rects.get(l.target)!),
    },
  }));
  return { nodes, edges };
}

/** React Flow's zoom buttons, in the page's language. */
function useFlowLabels(t: TFunction): Partial<AriaLabelConfig> {
  return useMemo(
    () => ({
      'controls.ariaLabel': t('diagram.flow.controls'),
      'controls.zoomIn.ariaLabel': t('diagram.flow.zoomIn'),
      'controls.zoomOut.ariaLabel': t('diagram.flow.zoomOut'),
      'controls.fitView.ariaLabel': t('diagram.flow.fitView'),
    }),
    [t],
  );
}

/**
 * Fits the whole cloud in view when the layout changes or the container is resized, unless
 * the close-up frames the event at the cursor instead (useCloseUp). Returns the fit, over
 * `ms`.
 */
function useFitOnChange(
  layout: Layout,
  container: React.RefObject<HTMLDivElement | null>,
): (ms: number) => void {
  const flow = useReactFlow();
  const store = useStoreApi();
  const fitWhole = useCallback((ms: number) => void flow.fitView({ ...FIT, duration: ms }), [flow]);
  useEffect(() => {
    const fit = () => {
      if (!store.getState().closeUp) fitWhole(0);
    };
    const frame = requestAnimationFrame(fit);
    const el = container.current;
    const ro = el ? new ResizeObserver(fit) : null;
    if (el) ro?.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      ro?.disconnect();
    };
  }, [fitWhole, store, layout, container]);
  return fitWhole;
}

/**
 * The close-up's camera, apart from the diagram's component: it follows every event, which
 * would otherwise draw the whole diagram again at each.
 */
function CloseUpCamera({
  layout,
  fit,
  presenting,
}: {
  layout: Layout;
  fit: (ms: number) => void;
  presenting: boolean;
}) {
  usePresentingCloseUp(layout, presenting, FIT.padding);
  useCloseUp(layout, fit);
  return null;
}

/** Boxes whose body shows something (rows, queues, VMs): token labels keep off them. */
const SHOWS_SOMETHING = new Set<BoxKind>([
  'process',
  'broker',
  'database',
  'compute',
  'hypervisor',
]);

function DiagramFlow({ presenting }: { presenting: boolean }) {
  const { t } = useTranslation();
  const hostNames = useAppStore(useShallow((s) => s.hostNames));
  const store = useStoreApi();
  const layout = useMemo(() => computeLayout(hostNames), [hostNames]);
  const { nodes, edges } = useMemo(() => toFlow(layout, t), [layout, t]);
  const bodies = useMemo(
    () => layout.boxes.filter((b) => SHOWS_SOMETHING.has(b.kind)).map((b) => b.rect),
    [layout],
  );
  // a band's label runs past a narrow band's edge: labels keep off all of it
  const names = useMemo(
    () => titleStrips(layout, (band) => t(`diagram.band_${band}`)),
    [layout, t],
  );
  const ariaLabelConfig = useFlowLabels(t);
  const zoomKeyHeld = useKeyPress(ZOOM_KEYS);
  const wrapper = useRef<HTMLDivElement>(null);
  const fitWhole = useFitOnChange(layout, wrapper);
  const closeUp = useAppStore((s) => s.closeUp);
  // A box opens its process in the inspector, as the inspector's own picker does. Not only
  // the processes the picker lists: off screen, the inspector's lists wait (debugSession).
  const onNodeClick = useCallback<NodeMouseHandler>(
    (event) => {
      const box = event.target instanceof Element ? event.target.closest('[data-process]') : null;
      const id = box && event.currentTarget.contains(box) ? box.getAttribute('data-process') : null;
      if (!id) return;
      void store.getState().selectProcess(id).catch(ignore);
      revealInspector();
    },
    [store],
  );
  return (
    <div
      className={`dg-wrapper scale-${layout.hostScale}`}
      ref={wrapper}
      data-testid="diagram"
      data-hosts={hostNames.length}
      aria-label={t('diagram.label')}
      aria-describedby="dg-help"
      role="figure"
    >
      {/* React Flow's own help is off with its keyboard handling: the figure says it instead */}
      <p id="dg-help" className="visually-hidden">
        {t('diagram.flow.nodeHelp')} {t('diagram.flow.edgeHelp')}
      </p>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        fitView
        fitViewOptions={FIT}
        minZoom={0.05}
        maxZoom={3}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        // React Flow's own node focus would select and move nodes: a box's name is a button
        // instead (nodes.tsx), which Tab reaches and Enter opens in the inspector
        nodesFocusable={false}
        edgesFocusable={false}
        disableKeyboardA11y
        ariaLabelConfig={ariaLabelConfig}
        zoomOnScroll={false}
        zoomActivationKeyCode={ZOOM_KEYS}
        // React Flow zooms on ⌘+wheel only while it may cancel the page's scrolling
        preventScrolling={zoomKeyHeld}
        onNodeClick={onNodeClick}
        onPaneClick={() => store.getState().select(null)}
      >
        <CloseUpCamera layout={layout} fit={fitWhole} presenting={presenting} />
        {/* fitting the whole cloud leaves the close-up, or its next event would zoom back */}
        <Controls
          showInteractive={false}
          position="top-left"
          onFitView={() => store.getState().setCloseUp(false)}
        >
          <ControlButton
            className={closeUp ? 'is-on' : undefined}
            aria-pressed={closeUp}
            aria-label={t('diagram.flow.closeUp')}
            title={t('diagram.flow.closeUp')}
            data-testid="close-up"
            onClick={() => store.getState().setCloseUp(!closeUp)}
          >
            <Icon name="closeUp" />
          </ControlButton>
        </Controls>
      </ReactFlow>
      <TokenLayer rects={layout.rects} names={names} bodies={bodies} />
      <SelectionBar />
    </div>
  );
}

/**
 * The live diagram: processes, queues, hosts and databases, with the messages in flight; its
 * legend below, unless the page shows it elsewhere (presenting on a wide screen). Presenting, a
 * cloud too small to read whole is shown in close-up (usePresentingCloseUp).
 */
export function Diagram({
  legend = true,
  presenting = false,
}: {
  legend?: boolean;
  presenting?: boolean;
}) {
  return (
    <section className="panel diagram-panel">
      <ReactFlowProvider>
        <DiagramFlow presenting={presenting} />
      </ReactFlowProvider>
      {legend && <Legend />}
    </section>
  );
}
