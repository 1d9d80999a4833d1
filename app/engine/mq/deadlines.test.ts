import { describe, expect, it } from 'vitest';
import { Sim } from '../kernel/sim';
import { DeadlineQueue } from './deadlines';

describe('DeadlineQueue', () => {
  it('fires each live deadline once, in order, at its own time', () => {
    const sim = new Sim();
    const q = new DeadlineQueue(sim, 100);
    const fired: [string, number][] = [];
    q.add(() => fired.push(['a', sim.now]));
    sim.after(10, () => {
      const b = q.add(() => fired.push(['b', sim.now]));
      q.add(() => fired.push(['c', sim.now]));
      sim.after(50, () => b.cancel());
    });
    while (sim.step()) {
      /* run */
    }
    expect(fired).toEqual([
      ['a', 100],
      ['c', 110],
    ]);
  });

  it('keeps the run alive only while something waits', () => {
    const sim = new Sim();
    const q = new DeadlineQueue(sim, 60_000);
    const h = q.add(() => {
      throw new Error('must not fire');
    });
    expect(sim.alive).toBe(true);
    h.cancel();
    expect(sim.alive).toBe(false);
    h.cancel();
    const fired: number[] = [];
    q.add(() => fired.push(sim.now));
    while (sim.step()) {
      /* run */
    }
    expect(fired).toEqual([60_000]);
  });
});
