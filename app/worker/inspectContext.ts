import type { TraceEvent } from '../engine/trace';
import type { InstanceRow } from '../protocol/messages';
import type { DbTables } from './tables';
import type { TraceIndex } from './traceIndex';

/** What the inspector reads: the trace, its index, the tables and instances at the cursor. */
export interface InspectContext {
  events: readonly TraceEvent[];
  index: TraceIndex;
  /** the tables at `seq` (moved there when read) */
  readonly tables: DbTables;
  instances: ReadonlyMap<string, InstanceRow>;
  /** the cursor: events 0 … seq-1 have happened */
  seq: number;
  /** the placement aggregate of a resource provider (by its name) of a zone, if any */
  aggregateOf?: (node: string) => string | null;
  /** the scenario's service_down_time, s */
  serviceDownTime?: number;
}
