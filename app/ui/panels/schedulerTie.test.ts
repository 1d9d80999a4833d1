import { describe, expect, it } from 'vitest';
import type { SchedulerDecision, SchedulerHostRow } from '../../protocol/views';
import { tiedWithChosen } from './schedulerTie';

const row = (host: string, weight: number | null, over: Partial<SchedulerHostRow> = {}) =>
  ({
    host,
    filters: [{ result: 'pass' }],
    noCapacity: false,
    shortfalls: [],
    weight,
    weights: weight === null ? null : { RAMWeigher: weight },
    role: null,
    ...over,
  }) satisfies SchedulerHostRow;

const decision = (chosen: string | null, hosts: SchedulerHostRow[]) =>
  ({ chosen, hosts }) as unknown as SchedulerDecision;

describe('a tie for the chosen host', () => {
  it('names the hosts that weighed exactly as much, in their order', () => {
    const s = decision('h1', [row('h1', 2), row('h2', 1.5), row('h3', 2), row('h4', 2)]);
    expect(tiedWithChosen(s)).toEqual(['h3', 'h4']);
  });

  it('is none when the weighers put the chosen host ahead', () => {
    expect(tiedWithChosen(decision('h1', [row('h1', 2), row('h2', 1.999)]))).toEqual([]);
  });

  it('leaves out hosts a filter or placement turned away, and a decision with no host', () => {
    const s = decision('h1', [
      row('h1', 1),
      row('h2', 1, { filters: [{ result: 'fail', reason: 'down' }] }),
      row('h3', 1, { noCapacity: true }),
    ]);
    expect(tiedWithChosen(s)).toEqual([]);
    expect(tiedWithChosen(decision(null, [row('h1', 1), row('h2', 1)]))).toEqual([]);
  });
});
