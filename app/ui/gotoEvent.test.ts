import { describe, expect, it } from 'vitest';
import { gotoTarget } from './GotoEvent';

describe('an event number typed to go to', () => {
  it('puts the cursor just past that event, so it is the one at the cursor', () => {
    expect(gotoTarget('165', 279, true)).toEqual({ seq: 166 });
    expect(gotoTarget(' #0 ', 279, true)).toEqual({ seq: 1 });
    expect(gotoTarget('278', 279, true)).toEqual({ seq: 279 });
  });

  it('refuses what is no number, and a number past the end of a finished run', () => {
    expect(gotoTarget('abc', 279, true)).toEqual({ problem: 'notNumber' });
    expect(gotoTarget('-3', 279, true)).toEqual({ problem: 'notNumber' });
    expect(gotoTarget('', 279, true)).toEqual({ problem: 'notNumber' });
    expect(gotoTarget('279', 279, true)).toEqual({ problem: 'pastEnd' });
  });

  it('leaves a run still computing to compute up to it', () => {
    expect(gotoTarget('5000', 279, false)).toEqual({ seq: 5001 });
  });
});
