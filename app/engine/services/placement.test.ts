import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine';
import { parseScenario } from '../scenario';
import { allocationCandidatesPath, type CandidateResult, type Resources } from './placement';

const IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

/** Small hosts, some in a zone of their own aggregate, so claims fill them within a few steps. */
function placement(hosts: number) {
  const engine = createEngine(
    parseScenario({
      format: 'nova-boot-visualizer/scenario@1',
      name: 'placement',
      seed: 1,
      cloud: {
        hosts: Array.from({ length: hosts }, (_, i) => ({
          name: `h${i}`,
          vcpus: 2,
          memory_mb: 2048,
          disk_gb: 10,
          ...(i % 3 === 2 ? { az: 'az1' } : {}),
        })),
        flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
        images: [{ id: IMAGE, name: 'cirros' }],
      },
      requests: [],
    }),
    { sink: () => {} },
  );
  const { placement, zones } = engine.internals.cloud;
  const ask = (method: string, path: string, body?: unknown) =>
    placement.handle.answer({
      from: 'nova-scheduler',
      method,
      path,
      request_id: 'req-test',
      instance: null,
      ...(body === undefined ? {} : { body }),
    });
  return { placement, aggregate: zones.aggregate('az1'), ask };
}

const WANTS: Resources[] = [
  { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 },
  { VCPU: 2, MEMORY_MB: 1024, DISK_GB: 5 },
  { VCPU: 8, MEMORY_MB: 512, DISK_GB: 1 },
];

const op = fc.oneof(
  fc.record({
    kind: fc.constant('claim' as const),
    consumer: fc.integer({ min: 0, max: 11 }),
    host: fc.nat(),
    want: fc.integer({ min: 0, max: 1 }),
  }),
  fc.record({ kind: fc.constant('free' as const), consumer: fc.integer({ min: 0, max: 11 }) }),
  fc.record({
    kind: fc.constant('ask' as const),
    want: fc.integer({ min: 0, max: 2 }),
    zoned: fc.boolean(),
  }),
);

describe('Placement allocation candidates', () => {
  it('answers a query asked again as a scan of every provider would, whatever was claimed or freed in between', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(op, { minLength: 1, maxLength: 60 }),
        (hosts, ops) => {
          const { placement: p, aggregate, ask } = placement(hosts);
          for (const o of ops) {
            const consumer = `00000000-0000-4000-8000-${String('consumer' in o ? o.consumer : 0).padStart(12, '0')}`;
            if (o.kind === 'claim') {
              const rp = p.providers[o.host % hosts]!.uuid;
              ask('PUT', `/allocations/${consumer}`, {
                allocations: { [rp]: { resources: WANTS[o.want] } },
                consumer_generation: p.consumerGeneration(consumer),
                project_id: 'p',
                user_id: 'u',
              });
            } else if (o.kind === 'free') {
              ask('DELETE', `/allocations/${consumer}`);
            } else {
              const want = WANTS[o.want]!;
              const memberOf = o.zoned ? aggregate : null;
              const res = ask('GET', allocationCandidatesPath(want, memberOf));
              const got = res.body as CandidateResult;
              const scanned = p.candidates(want, memberOf);
              expect([...got.fit]).toEqual([...scanned.fit]);
              expect(got.unfit).toEqual(scanned.unfit);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a full host drops out of a kept answer, and comes back once freed', () => {
    const { placement: p, ask } = placement(2);
    const path = allocationCandidatesPath(WANTS[1]!);
    const fitOf = () => [...(ask('GET', path).body as CandidateResult).fit];
    expect(fitOf()).toEqual([0, 1]);
    const consumer = '00000000-0000-4000-8000-000000000001';
    const claim = {
      allocations: { [p.providers[0]!.uuid]: { resources: WANTS[1] } },
      consumer_generation: null,
      project_id: 'p',
      user_id: 'u',
    };
    // h0 has room for two of these: 2,304 MB of RAM for instances (1.5 × (2048 − 512)) and
    // 10 GB of disk
    expect(ask('PUT', `/allocations/${consumer}`, claim).status).toBe(204);
    expect(fitOf()).toEqual([0, 1]);
    const second = '00000000-0000-4000-8000-000000000002';
    expect(ask('PUT', `/allocations/${second}`, claim).status).toBe(204);
    expect(fitOf()).toEqual([1]);
    expect((ask('GET', path).body as CandidateResult).unfit).toEqual(['h0']);
    expect(ask('DELETE', `/allocations/${second}`).status).toBe(204);
    expect(fitOf()).toEqual([0, 1]);
  });

  it('offers no provider for more of a class than its max_unit, whatever the allocation ratio', () => {
    const { placement: p, ask } = placement(2);
    // 8 vCPUs fit 2 × 16.0 of capacity, but a host has 2 of its own: max_unit is 2
    const wide = WANTS[2]!;
    const got = ask('GET', allocationCandidatesPath(wide)).body as CandidateResult;
    expect([...got.fit]).toEqual([]);
    expect(got.unfit).toEqual(['h0', 'h1']);
    const put = ask('PUT', '/allocations/00000000-0000-4000-8000-000000000003', {
      allocations: { [p.providers[0]!.uuid]: { resources: wide } },
      consumer_generation: null,
      project_id: 'p',
      user_id: 'u',
    });
    expect(put.status).toBe(409);
    expect(put.body).toEqual({
      errors: [
        {
          code: 'placement.undefined_code',
          title: 'Conflict',
          detail: `Unable to allocate inventory: Unable to create allocation for 'VCPU' on resource provider '${p.providers[0]!.uuid}'. The requested amount would violate inventory constraints.`,
        },
      ],
    });
  });

  it('refuses a claim over the capacity with the class and the provider it would overfill', () => {
    const { placement: p, ask } = placement(1);
    const rp = p.providers[0]!.uuid;
    const claim = (n: number) =>
      ask('PUT', `/allocations/00000000-0000-4000-8000-00000000000${n}`, {
        allocations: { [rp]: { resources: WANTS[1] } },
        consumer_generation: null,
        project_id: 'p',
        user_id: 'u',
      });
    expect(claim(1).status).toBe(204);
    expect(claim(2).status).toBe(204);
    const third = claim(3);
    expect(third.status).toBe(409);
    // 2,304 MB of RAM for instances: the third 1,024 MB is the first class that overflows
    expect(third.body).toMatchObject({
      errors: [
        {
          detail: `Unable to allocate inventory: Unable to create allocation for 'MEMORY_MB' on resource provider '${rp}'. The requested amount would exceed the capacity.`,
        },
      ],
    });
  });
});
