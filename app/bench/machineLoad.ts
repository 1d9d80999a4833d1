import { availableParallelism, loadavg } from 'node:os';

/**
 * The machine's load while a benchmark ran: on two cores, another busy process halves what
 * the engine or the page gets, and the figures move by a third or more (the session
 * histories in HISTORY.md). Printed beside them, so that a figure can be read for what it is.
 */
export interface MachineLoad {
  /** the 1-minute load average when the benchmark began and when it ended */
  start: number;
  end: number;
  cores: number;
}

const now = () => Math.round(loadavg()[0]! * 100) / 100;

/** Starts watching; `done()` gives the load from then to now. */
export function watchLoad(): { done(): MachineLoad } {
  const start = now();
  return { done: () => ({ start, end: now(), cores: availableParallelism() }) };
}

/**
 * One line for the human-readable output, with a warning when other work was running as the
 * benchmark began (its end's load is the benchmark's own too: the engine's core, or the
 * browser's two).
 */
export function loadLine(l: MachineLoad): string {
  const busy = l.start > l.cores / 2;
  return `machine load (1-minute average): ${l.start} at the start, ${l.end} at the end, on ${l.cores} cores${busy ? ' — busy: other work was running, these figures are low' : ''}`;
}
