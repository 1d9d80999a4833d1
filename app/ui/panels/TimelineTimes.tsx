import { memo } from 'react';
import type { TimelineMessage } from '../../protocol/views';
import { seconds } from '../format';

/**
 * The rows' virtual times, in a column that stays at the left while the lanes scroll
 * sideways: a row far to the right still says when it happened. A click seeks, as on the row.
 */
export const TimelineTimes = memo(function TimelineTimes({
  messages,
  current,
  width,
  rowHeight,
  onSeek,
}: {
  messages: readonly TimelineMessage[];
  current: number;
  width: number;
  rowHeight: number;
  onSeek(seq: number): void;
}) {
  return (
    <svg className="tl-times" width={width} height={messages.length * rowHeight} aria-hidden="true">
      {messages.map((m, i) => {
        const y = i * rowHeight;
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
