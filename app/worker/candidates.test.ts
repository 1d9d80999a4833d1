import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario';
import { Zones } from '../engine/services/zones';
import { loadScenarioFile, runScenario } from '../engine/testing';
import type { DbEvent, RestEvent, ScheduleEvent, TraceEvent } from '../engine/trace';
import {
  CANDIDATES_SHOWN,
  candidatesQuery,
  isRebuiltCandidates,
  placementAt,
  rebuildCandidates,
  shortfalls,
} from './candidates';
import { TraceIndex } from './traceIndex';

const IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

/** Every allocation-candidates response of a run, rebuilt, with the scheduler's view of it. */
function rebuilt(scenario: unknown) {
  const resolved = parseScenario(scenario);
  const events = runScenario(scenario).events as TraceEvent[];
  const index = new TraceIndex(events);
  index.update();
  const zones = new Zones(resolved);
  const names = new Map(
    events
      .filter(
        (e): e is DbEvent =>
          e.type === 'db' && e.table === 'resource_providers' && e.op === 'insert',
      )
      .map((e) => [e.key, String(e.fields.name)]),
  );
  return events
    .filter((e): e is RestEvent => e.type === 'rest' && isRebuiltCandidates(e))
    .map((response) => {
      const r = rebuildCandidates(response, events, index.dbWrites, (h) =>
        zones.aggregate(zones.ofHost(h)),
      );
      // the scheduler's decision that follows: how many candidates it got, and which hosts not
      const decision = events.find(
        (e): e is ScheduleEvent =>
          e.type === 'schedule' && e.seq > response.seq && e.request_id === response.request_id,
      )!;
      return {
        r,
        decision,
        hosts: Object.keys(r.body.provider_summaries).map((u) => names.get(u)),
      };
    });
}

describe("placement's allocation candidates, rebuilt from the trace", () => {
  it('are the candidates the scheduler got: as many, none of the hosts without room', () => {
    for (const file of ['one-boot.json', 'ten-boots-three-hosts.json', 'no-valid-host.json']) {
      const all = rebuilt(loadScenarioFile(file));
      expect(all.length, file).toBeGreaterThan(0);
      for (const { r, decision, hosts } of all) {
        expect(r.total, file).toBe(decision.candidate_count);
        for (const h of hosts) expect(decision.no_capacity).not.toContain(h);
      }
    }
  });

  it('count what placement has used: the summaries say capacity and use as they were', () => {
    const [first, second] = rebuilt(loadScenarioFile('ten-boots-three-hosts.json'));
    const used = (x: typeof first) =>
      Object.values(x!.r.body.provider_summaries).map(
        (p) => (p as { resources: { VCPU: { used: number } } }).resources.VCPU.used,
      );
    expect(used(first).every((u) => u === 0)).toBe(true);
    // the first boot's claim is in placement by the second request's candidates
    expect(used(second).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const summary = Object.values(first!.r.body.provider_summaries)[0] as {
      resources: Record<string, { capacity: number }>;
      root_provider_uuid: string;
    };
    expect(Object.keys(summary.resources)).toEqual(['VCPU', 'MEMORY_MB', 'DISK_GB']);
    expect(first!.r.body.allocation_requests[0]).toMatchObject({
      allocations: { [summary.root_provider_uuid]: { resources: { VCPU: 1 } } },
      mappings: { '': [summary.root_provider_uuid] },
    });
  });

  it("keep to the zone's aggregate when the request names a zone (member_of)", () => {
    const zoned = {
      format: 'nova-boot-visualizer/scenario@1',
      name: 'zones',
      seed: 42,
      cloud: {
        hosts: [
          { name: 'host1', vcpus: 32, memory_mb: 65536, disk_gb: 500, az: 'az1' },
          { name: 'host2', vcpus: 8, memory_mb: 8192, disk_gb: 100, az: 'az2' },
        ],
        flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
        images: [{ id: IMAGE, name: 'cirros' }],
      },
      requests: [
        {
          at: 0,
          name: 'vm1',
          flavorRef: '1',
          imageRef: IMAGE,
          networks: 'none',
          availability_zone: 'az2',
        },
      ],
    };
    const [only] = rebuilt(zoned);
    expect(only!.hosts).toEqual(['host2']);
    expect(only!.r.total).toBe(only!.decision.candidate_count);
  });

  it(`show the first ${CANDIDATES_SHOWN} of a big cloud's, and say how many there were`, () => {
    const [first] = rebuilt(loadScenarioFile('cloud-100-hosts-300-boots.json'));
    expect(first!.r.total).toBe(100);
    expect(first!.r.shown).toBe(CANDIDATES_SHOWN);
    expect(first!.r.body.allocation_requests).toHaveLength(CANDIDATES_SHOWN);
    expect(Object.keys(first!.r.body.provider_summaries)).toHaveLength(CANDIDATES_SHOWN);
  });
});

describe('what placement lacked on a host', () => {
  // small: 4 vCPUs of its own (64 with the ratio); big: room for two of these in memory
  // ((4096 − 512 reserved) × 1.5 = 5376 MB), so the third request finds neither
  const crowded = {
    format: 'nova-boot-visualizer/scenario@1',
    name: 'too wide and too full',
    seed: 2,
    cloud: {
      hosts: [
        { name: 'small', vcpus: 4, memory_mb: 16384, disk_gb: 100 },
        { name: 'big', vcpus: 16, memory_mb: 4096, disk_gb: 100 },
      ],
      flavors: [{ id: '8', name: 'c8', vcpus: 8, ram: 2048, disk: 1 }],
      images: [{ id: IMAGE, name: 'cirros' }],
      quotas: { instances: -1, cores: -1, ram: -1 },
    },
    requests: [
      {
        at: 0,
        name: 'wide',
        flavorRef: '8',
        imageRef: IMAGE,
        networks: 'none',
        repeat: 3,
        every: 20000,
      },
    ],
  };

  it('is what the rebuilt candidates leave out: a class over its max_unit, or over what is free', () => {
    const all = rebuilt(crowded);
    expect(all.map((x) => x.r.total)).toEqual([1, 1, 0]);
    expect(all[2]!.decision.no_capacity).toEqual(['small', 'big']);
    const events = runScenario(crowded).events;
    const index = new TraceIndex(events);
    index.update();
    const response = events.filter(
      (e): e is RestEvent => e.type === 'rest' && isRebuiltCandidates(e),
    )[2]!;
    const { want } = candidatesQuery(response.path);
    expect(want).toEqual({ VCPU: 8, MEMORY_MB: 2048, DISK_GB: 1 });
    const [small, big] = [...placementAt(response.seq, events, index.dbWrites).values()];
    expect(shortfalls(small!, want)).toEqual([{ rc: 'VCPU', asked: 8, maxUnit: 4 }]);
    expect(shortfalls(big!, want)).toEqual([{ rc: 'MEMORY_MB', asked: 2048, free: 5376 - 4096 }]);
    // every class short, not the first alone: fixing that one would still be NoValidHost
    expect(shortfalls(small!, { VCPU: 8, MEMORY_MB: 1_000_000, DISK_GB: 1 })).toEqual([
      { rc: 'VCPU', asked: 8, maxUnit: 4 },
      { rc: 'MEMORY_MB', asked: 1_000_000, maxUnit: small!.inventory.MEMORY_MB!.maxUnit },
    ]);
    expect(shortfalls(big!, { VCPU: 1, MEMORY_MB: 1, DISK_GB: 1 })).toEqual([]);
  });
});
