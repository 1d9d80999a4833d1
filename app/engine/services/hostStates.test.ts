import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine';
import { parseScenario } from '../scenario';
import type { HostStates } from './hostStates';

const IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

/** Three hosts, nothing booted: the scheduler's host states, and a way to save a node as nova-compute does. */
function cloud() {
  const engine = createEngine(
    parseScenario({
      format: 'nova-boot-visualizer/scenario@1',
      name: 'host states',
      seed: 1,
      cloud: {
        hosts: [
          { name: 'h1', vcpus: 8, memory_mb: 8192, disk_gb: 100 },
          { name: 'h2', vcpus: 8, memory_mb: 8192, disk_gb: 100 },
          { name: 'h3', vcpus: 8, memory_mb: 8192, disk_gb: 100 },
        ],
        flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
        images: [{ id: IMAGE, name: 'cirros' }],
      },
      requests: [],
    }),
    { sink: () => {} },
  );
  const { cloud, scheduler } = engine.internals;
  const hs = (scheduler as unknown as { hosts: HostStates }).hosts;
  const uuids = cloud.placement.providers.map((p) => p.uuid);
  const saveNode = (i: number, memoryUsed: number, at: number) =>
    cloud.cell1.compute_nodes.update({ by: 'nova-conductor' }, uuids[i]!, {
      memory_mb_used: memoryUsed,
      updated_ms: at,
    });
  const saveService = (
    i: number,
    fields: { disabled?: boolean; forced_down?: boolean; last_seen_ms?: number },
  ) => cloud.cell1.services.update({ by: 'nova-conductor' }, `h${i + 1}/nova-compute`, fields);
  return { hs, saveNode, saveService, all: Int32Array.from(uuids.keys()) };
}

/** ComputeFilter's verdict on one state, as its check reads it */
const up = (hs: HostStates, i: number, now: number, downMs: number) =>
  !hs.disabled[i] && !hs.forcedDown[i] && now - hs.lastSeenMs[i]! <= downMs;

describe('HostStates', () => {
  it("a request reads again only its own candidates: another's consumption elsewhere stands", () => {
    const { hs, saveNode, all } = cloud();
    hs.refreshAll(all);
    const free = hs.freeRamMb[0]!;
    // one request placed an instance on h1, then h1's node was saved (not counting it yet)
    hs.consume(0, 1, 512, 1);
    saveNode(0, 2048, 1000);
    // an overlapping request whose only candidate is h3 leaves h1 as the first one left it
    hs.refreshAll(Int32Array.of(2));
    expect(hs.freeRamMb[0]).toBe(free - 512);
    // a request with every host a candidate reads h1 again, as its node now says
    hs.refreshAll(all);
    expect(hs.freeRamMb[0]).toBe(8192 - 2048);
  });

  it('reads a node again after each write once every host is a candidate, and not otherwise', () => {
    const { hs, saveNode, all } = cloud();
    hs.refreshAll(all);
    hs.consume(1, 1, 512, 1);
    const consumed = hs.freeRamMb[1]!;
    // not written since: what was consumed stands
    hs.refreshAll(all);
    expect(hs.freeRamMb[1]).toBe(consumed);
    saveNode(1, 2048, 2000);
    hs.refreshAll(all);
    expect(hs.freeRamMb[1]).toBe(8192 - 2048);
    // written while only other hosts were asked about: still read on its next turn
    saveNode(1, 4096, 3000);
    hs.refreshAll(Int32Array.of(0));
    expect(hs.freeRamMb[1]).toBe(8192 - 2048);
    hs.refreshAll(all);
    expect(hs.freeRamMb[1]).toBe(8192 - 4096);
  });

  it('says every service is up exactly when each state, looked at, is', () => {
    const change = fc.record({
      host: fc.integer({ min: 0, max: 2 }),
      disabled: fc.option(fc.boolean(), { nil: undefined }),
      forced_down: fc.option(fc.boolean(), { nil: undefined }),
      seen: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
      now: fc.integer({ min: 0, max: 200_000 }),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), fc.boolean(), (changes, readFirst) => {
        const { hs, saveService, all } = cloud();
        const downMs = 60_000;
        // states are read on first use: the services may change before or after
        if (readFirst) hs.refreshAll(all);
        for (const c of changes) {
          saveService(c.host, {
            ...(c.disabled !== undefined ? { disabled: c.disabled } : {}),
            ...(c.forced_down !== undefined ? { forced_down: c.forced_down } : {}),
            ...(c.seen !== undefined ? { last_seen_ms: c.seen } : {}),
          });
          hs.refreshAll(all);
          const each = [0, 1, 2].every((i) => up(hs, i, c.now, downMs));
          expect(hs.allUp(c.now, downMs)).toBe(each);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds every service up again once the oldest has reported', () => {
    const { hs, saveService, all } = cloud();
    hs.refreshAll(all);
    expect(hs.allUp(1000, 60_000)).toBe(true);
    expect(hs.allUp(61_000, 60_000)).toBe(false);
    saveService(0, { last_seen_ms: 50_000 });
    saveService(1, { last_seen_ms: 50_000 });
    expect(hs.allUp(61_000, 60_000)).toBe(false);
    saveService(2, { last_seen_ms: 55_000 });
    expect(hs.allUp(61_000, 60_000)).toBe(true);
    saveService(1, { forced_down: true });
    expect(hs.allUp(61_000, 60_000)).toBe(false);
    saveService(1, { forced_down: false });
    expect(hs.allUp(61_000, 60_000)).toBe(true);
  });
});
