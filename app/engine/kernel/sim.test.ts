import { describe, expect, it } from 'vitest';
import { Sim } from './sim';

describe('Sim', () => {
  it('runs equal-time actions in the order they were queued', () => {
    const sim = new Sim();
    const ran: string[] = [];
    for (const name of ['a', 'b', 'c']) sim.at(5, () => ran.push(name));
    while (sim.step()) {
      /* run */
    }
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('runs an action queued later at a reserved place exactly where it would have run', () => {
    const sim = new Sim();
    const ran: string[] = [];
    const place = sim.reservePlaces(2);
    sim.at(10, () => ran.push('queued after the reservation'));
    sim.atPlace(0, place, () => {
      ran.push('first');
      // queued at t=0 but placed before the action above, as if queued up front
      sim.atPlace(10, place + 1, () => ran.push('second, from its reserved place'));
    });
    while (sim.step()) {
      /* run */
    }
    expect(ran).toEqual([
      'first',
      'second, from its reserved place',
      'queued after the reservation',
    ]);
  });
});
