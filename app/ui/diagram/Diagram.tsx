import { Controls, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, useStoreApi } from '../StoreContext';
import { edgeTypes, type TransportEdgeType } from './edges';
import { computeLayout, type Layout, segment } from './layout';
import { Legend, SelectionBar } from './Legend';
import { type BoxNode, nodeTypes } from './nodes';
import { TokenLayer } from './TokenLayer';
import './diagram.css';

const FIT = { padding: 0.03, duration: 0 } as const;

/** Boxes the compute band draws itself: hundreds of React Flow nodes would be too slow. */
const IN_BAND = new Set(['hostGroup', 'compute', 'hypervisor']);

function toFlow(layout: Layout): { nodes: BoxNode[]; edges: TransportEdgeType[] } {
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
      focusable: false,
      ...(box.kind === 'band' ? { zIndex: -1 } : {}),
    }));
  // An edge to a host is attached to the band node; it is drawn to the host's own box.
  const nodeIds = new Set(nodes.map((n) => n.id));
  const flowId = (id: string) => (nodeIds.has(id) ? id : 'band-compute');
  const edges: TransportEdgeType[] = layout.links.map((l) => ({
    id: l.id,
    source: flowId(l.source),
    target: flowId(l.target),
    type: 'transport',
    selectable: false,
    focusable: false,
    data: {
      transport: l.transport,
      points: segment(layout.rects.get(l.source)!, layout.rects.get(l.target)!),
    },
  }));
  return { nodes, edges };
}

/** Fits the whole cloud in view when the layout changes or the container is resized. */
function useFitOnChange(layout: Layout, container: React.RefObject<HTMLDivElement | null>) {
  const flow = useReactFlow();
  useEffect(() => {
    const fit = () => void flow.fitView(FIT);
    const frame = requestAnimationFrame(fit);
    const el = container.current;
    const ro = el ? new ResizeObserver(fit) : null;
    if (el) ro?.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      ro?.disconnect();
    };
  }, [flow, layout, container]);
}

function DiagramFlow() {
  const { t } = useTranslation();
  const hostNames = useAppStore(useShallow((s) => s.hostNames));
  const store = useStoreApi();
  const layout = useMemo(() => computeLayout(hostNames), [hostNames]);
  const { nodes, edges } = useMemo(() => toFlow(layout), [layout]);
  const wrapper = useRef<HTMLDivElement>(null);
  useFitOnChange(layout, wrapper);
  return (
    <div
      className={`dg-wrapper scale-${layout.hostScale}`}
      ref={wrapper}
      data-testid="diagram"
      data-hosts={hostNames.length}
      aria-label={t('diagram.label')}
      role="figure"
    >
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
        onPaneClick={() => store.getState().select(null)}
      >
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
      <TokenLayer rects={layout.rects} />
      <SelectionBar />
    </div>
  );
}

/** The live diagram: processes, queues, hosts and databases, with the messages in flight. */
export function Diagram() {
  return (
    <section className="panel diagram-panel">
      <ReactFlowProvider>
        <DiagramFlow />
      </ReactFlowProvider>
      <Legend />
    </section>
  );
}
