import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from './invariants';
import type { ScenarioInput } from './scenario';
import { runScenario } from './testing';

const IMG = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
const FLAVORS = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 },
  { id: '3', name: 'm1.large', vcpus: 4, ram: 8192, disk: 80 },
  { id: '4', name: 'm1.huge', vcpus: 16, ram: 65536, disk: 500 },
];

const host = fc.record({
  vcpus: fc.integer({ min: 1, max: 16 }),
  memory_mb: fc.integer({ min: 1024, max: 16384 }),
  disk_gb: fc.integer({ min: 10, max: 200 }),
  forced_down: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
});

const request = fc.record({
  at: fc.integer({ min: 0, max: 40_000 }),
  flavorRef: fc.constantFrom('1', '2', '3', '4', '9'),
  networks: fc.constantFrom('none', 'auto'),
  count: fc.integer({ min: 1, max: 3 }),
});

/** Faults Nova recovers from: every request must end ACTIVE, ERROR or refused. */
function recoverable(hosts: number) {
  const hostName = fc.oneof(
    fc.constant('*'),
    fc.integer({ min: 1, max: hosts }).map((i) => `host${i}`),
  );
  return fc.oneof(
    fc.record({
      kind: fc.constant('spawn-fails' as const),
      host: hostName,
      times: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    }),
    fc.record({
      kind: fc.constant('broker-down' as const),
      at: fc.integer({ min: 0, max: 30_000 }),
      for: fc.integer({ min: 100, max: 90_000 }),
    }),
    fc.record({
      kind: fc.constant('slow' as const),
      process: fc.constantFrom(
        'nova-scheduler',
        'nova-conductor',
        'placement-api',
        'hypervisor@host1',
      ),
      factor: fc.integer({ min: 2, max: 50 }),
    }),
    fc.record({
      kind: fc.constant('message-drop' as const),
      method: fc.constant('select_destinations'),
      times: fc.integer({ min: 1, max: 3 }),
    }),
  );
}

/** Any fault at all, including those that leave a server in BUILD for ever (as in real Nova). */
function anyFault(hosts: number) {
  return fc.oneof(
    recoverable(hosts),
    fc.record({
      kind: fc.constant('service-down' as const),
      host: fc.integer({ min: 1, max: hosts }).map((i) => `host${i}`),
      at: fc.integer({ min: 0, max: 30_000 }),
    }),
    fc.record({
      kind: fc.constant('message-drop' as const),
      topic: fc.constantFrom('conductor', 'scheduler', 'compute'),
      times: fc.integer({ min: 1, max: 2 }),
    }),
    // a lost first save of a build leaves the server in BUILD, as in Nova
    fc.record({
      kind: fc.constant('message-drop' as const),
      method: fc.constant('object_action'),
      times: fc.integer({ min: 1, max: 3 }),
    }),
  );
}

function scenarioArb(faultArb: (hosts: number) => fc.Arbitrary<unknown>) {
  return fc.integer({ min: 1, max: 5 }).chain((nHosts) =>
    fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
      hosts: fc.array(host, { minLength: nHosts, maxLength: nHosts }),
      quotas: fc.record({
        instances: fc.integer({ min: 1, max: 10 }),
        cores: fc.integer({ min: 1, max: 40 }),
        ram: fc.integer({ min: 512, max: 65536 }),
      }),
      maxAttempts: fc.integer({ min: 1, max: 3 }),
      requests: fc.array(request, { minLength: 1, maxLength: 5 }),
      faults: fc.array(faultArb(nHosts), { maxLength: 3 }),
    }),
  );
}

function build(s: {
  seed: number;
  hosts: { vcpus: number; memory_mb: number; disk_gb: number; forced_down: boolean }[];
  quotas: { instances: number; cores: number; ram: number };
  maxAttempts: number;
  requests: { at: number; flavorRef: string; networks: string; count: number }[];
  faults: unknown[];
}): ScenarioInput {
  return {
    format: 'nova-boot-visualizer/scenario@1',
    name: 'property',
    seed: s.seed,
    cloud: {
      hosts: s.hosts.map((h, i) => ({ name: `host${i + 1}`, ...h })),
      quotas: s.quotas,
      flavors: FLAVORS,
      images: [{ id: IMG, name: 'cirros' }],
    },
    config: { max_attempts: s.maxAttempts },
    requests: s.requests.map((r, i) => ({
      at: r.at,
      name: `vm${i}`,
      flavorRef: r.flavorRef,
      imageRef: IMG,
      networks: r.networks as 'none',
      min_count: 1,
      max_count: r.count,
    })),
    faults: s.faults as ScenarioInput['faults'],
  };
}

describe('invariants over random scenarios', () => {
  it('hold with faults Nova recovers from, and every request ends ACTIVE, ERROR or refused (300 runs)', () => {
    fc.assert(
      fc.property(scenarioArb(recoverable), (s) => {
        const { events, engine } = runScenario(build(s));
        expect(checkInvariants(events, engine.internals)).toEqual([]);
        expect(engine.internals.client.outstanding).toBe(0);
        for (const status of engine.internals.client.outcomes.values())
          expect(status).toMatch(/^(ACTIVE|ERROR|rejected 4\d\d)$/);
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it('hold with any fault, a stuck build always having a recorded cause (200 runs)', () => {
    fc.assert(
      fc.property(scenarioArb(anyFault), (s) => {
        const { events, engine } = runScenario(build(s));
        expect(checkInvariants(events, engine.internals)).toEqual([]);
      }),
      { numRuns: 200, seed: 4242 },
    );
  });
});
