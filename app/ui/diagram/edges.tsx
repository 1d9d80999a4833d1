import type { Edge, EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { Point, Transport } from './layout';

export type TransportEdgeType = Edge<{ points: [Point, Point]; transport: Transport }, 'transport'>;

/**
 * A straight line from border to border, styled by transport. The token layer moves tokens
 * along the same two points (layout.segment), so a token always rides on its edge.
 */
export const TransportEdge = memo(function TransportEdge({ data }: EdgeProps<TransportEdgeType>) {
  if (!data) return null;
  const [a, b] = data.points;
  return (
    <path
      className={`dg-edge dg-edge-${data.transport}`}
      d={`M ${a.x} ${a.y} L ${b.x} ${b.y}`}
      fill="none"
    />
  );
});

export const edgeTypes = { transport: TransportEdge };
