import { describe, expect, it } from 'vitest';
import { fitChips } from './chipFit';
import { failedNames } from './boxParts';
import { dropMark, queueProcess } from './nodes';

// The client box leaves 162×69 flow units for its chips (measured in the browser, both languages).
const CLIENT = { w: 162, h: 69 };

describe('fitChips', () => {
  it('names the chips while they all fit (two columns, two rows)', () => {
    expect(fitChips(0, CLIENT)).toEqual({ compact: false, shown: 0, more: 0 });
    expect(fitChips(4, CLIENT)).toEqual({ compact: false, shown: 4, more: 0 });
  });

  it('shows marks only when the names do not fit: twelve servers are all on screen', () => {
    expect(fitChips(5, CLIENT)).toEqual({ compact: true, shown: 5, more: 0 });
    expect(fitChips(12, CLIENT)).toEqual({ compact: true, shown: 12, more: 0 });
    expect(fitChips(18, CLIENT)).toEqual({ compact: true, shown: 18, more: 0 });
  });

  it('counts the rest on "+N", which takes two cells', () => {
    expect(fitChips(19, CLIENT)).toEqual({ compact: true, shown: 16, more: 3 });
    expect(fitChips(300, CLIENT)).toEqual({ compact: true, shown: 16, more: 284 });
  });

  it('never loses a server: what is shown and "+N" add up to the count', () => {
    for (const area of [CLIENT, { w: 60, h: 20 }, { w: 0, h: 0 }, { w: 400, h: 300 }])
      for (let n = 0; n <= 500; n += 7) {
        const fit = fitChips(n, area);
        expect(fit.shown + fit.more).toBe(n);
        expect(fit.shown).toBeGreaterThanOrEqual(0);
      }
  });

  it('with no room at all, shows only "+N"', () => {
    expect(fitChips(3, { w: 0, h: 0 })).toEqual({ compact: true, shown: 0, more: 3 });
  });
});

describe('queueProcess', () => {
  it('opens a queue from its own row', () => {
    expect(queueProcess('scheduler')).toBe('queue:scheduler');
    expect(queueProcess('compute.host1')).toBe('queue:compute.host1');
  });

  it('leaves a row of alike queues to the broker', () => {
    for (const row of ['compute.*', 'reply_*', '*_fanout_*'])
      expect(queueProcess(row)).toBe(undefined);
  });
});

describe('the servers whose spawn failed on a host', () => {
  it('are named once each, the latest two, the rest counted', () => {
    expect(failedNames(['vm1'])).toBe('vm1');
    expect(failedNames(['vm1', 'vm1'])).toBe('vm1');
    expect(failedNames(['a', 'b', 'c', 'd'])).toBe('c, d +2');
  });
});

describe("a queue's drop mark", () => {
  it('says the drop in words beside a short name, by its ✕ alone where the words would push the counts out', () => {
    expect(dropMark('scheduler', 'dropped', 1)).toBe('✕ dropped');
    expect(dropMark('scheduler', '破棄', 1)).toBe('✕ 破棄');
    expect(dropMark('compute.* ×2', 'dropped', 1)).toBe('✕');
    expect(dropMark('compute.host1', '2 dropped', 2)).toBe('✕2');
    // a wide character takes two
    expect(dropMark('conductor.conductor', '破棄', 1)).toBe('✕');
  });
});
