import type { SchedulerDecision } from '../../protocol/views';

/**
 * The hosts that weighed exactly what the chosen one did, in the table's order: with none
 * ahead by weight, the chosen one came first only by the order the filters passed them in
 * (Python's sorted() is stable, and [filter_scheduler] shuffle_best_same_weighed_hosts is
 * off by default). Empty when the weighers alone decided.
 */
export function tiedWithChosen(s: SchedulerDecision): string[] {
  const chosen = s.hosts.find((h) => h.host === s.chosen);
  if (!chosen || chosen.weight === null) return [];
  return s.hosts
    .filter((h) => h !== chosen && h.weight === chosen.weight && !h.noCapacity)
    .filter((h) => h.filters.every((f) => f.result === 'pass'))
    .map((h) => h.host);
}
