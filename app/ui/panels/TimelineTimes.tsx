import { memo } from 'react';
import type { TimelineMessage } from '../../protocol/views';
import { seconds } from '../format';
import type { RowLayout } from './timelineRows';

/**
 * The rows' virtual times, in a column that stays at the left while the lanes scroll
 * sideways: a row far to the right still says when it happened. A click seeks, as on the row.
 */
export const TimelineTimes = memo(function TimelineTimes({
  messages,
  layout,
  gapHeight,
  current,
  width,
  rowHeight,
  onSeek,
}: {
  messages: readonly TimelineMessage[];
  /** where the rows go, and the waits between them (drawn across the lanes too) */
  layout: RowLayout;
  gapHeight: number;
  current: number;
  width: number;
  rowHeight: number;
  onSeek(seq: number): void;
}) {
  return (
    <svg className="tl-times" width={width} height={layout.height} aria-hidden="true">
      {layout.gaps.map((g) => (
        <rect key={g.y} className="tl-gap-band" x={0} y={g.y} width={width} height={gapHeight} />
      ))}
      {messages.map((m, i) => {
        const y = layout.tops[i]!;
        const state = i === current ? 'current' : i < current ? 'past' : 'future';
        return (
          <g key={m.seq} className={`tl-time-row ${state}`} onClick={() => onSeek(m.seq)}>
            <rect className="tl-time-band" x={0} y={y} width={width} height={rowHeight} />
            <text className="tl-time" x={width - 8} y={y + rowHeight / 2 + 4} textAnchor="end">
              {seconds(m.t)}
            </text>
          </g>
        );
      })}
    </svg>
  );
});
