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
  return { hs, saveNode, all: Int32Array.from(uuids.keys()) };
}

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
});
