import { describe, expect, it } from 'vitest';
import { runScenario } from '../testing';
import type { ScheduleEvent } from '../trace';

const IMG = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

/** Three host shapes, each best at something: RAM (c), CPU and disk (b), neither (a). */
const scenario = {
  format: 'nova-boot-visualizer/scenario@1',
  name: 'weighers',
  seed: 3,
  cloud: {
    hosts: [
      { name: 'a', count: 3, vcpus: 8, memory_mb: 16384, disk_gb: 200 },
      { name: 'b', count: 2, vcpus: 16, memory_mb: 8192, disk_gb: 400 },
      { name: 'c', count: 15, vcpus: 4, memory_mb: 32768, disk_gb: 100 },
    ],
    flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
    images: [{ id: IMG, name: 'cirros' }],
  },
  requests: [{ at: 0, name: 'vm', flavorRef: '1', imageRef: IMG, networks: 'none' }],
};

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * nova.weights written out plainly: every weigher's value normalised over all hosts (RAM,
 * CPU, Disk and IoOps against 0), times its multiplier, summed; then a stable sort, best first.
 */
function expectedWeighing(nodes: Record<string, number | string>[]) {
  const n = (r: Record<string, number | string>, k: string) => r[k] as number;
  const inputs = nodes.map((r) => ({
    host: r.host as string,
    RAMWeigher: n(r, 'memory_mb') - n(r, 'memory_mb_used'),
    CPUWeigher: n(r, 'vcpus') * n(r, 'cpu_allocation_ratio') - n(r, 'vcpus_used'),
    DiskWeigher: (n(r, 'local_gb') - n(r, 'local_gb_used')) * 1024,
    IoOpsWeigher: 0,
    BuildFailureWeigher: n(r, 'failed_builds'),
  }));
  const weighers = [
    ['RAMWeigher', 1],
    ['CPUWeigher', 1],
    ['DiskWeigher', 1],
    ['IoOpsWeigher', -1],
    ['BuildFailureWeigher', -1e6],
  ] as const;
  const scored = inputs.map((h) => ({
    host: h.host,
    weight: 0,
    weights: {} as Record<string, number>,
  }));
  for (const [name, multiplier] of weighers) {
    const values = inputs.map((h) => h[name]);
    const lo = name === 'BuildFailureWeigher' ? Math.min(...values) : 0;
    const span = Math.max(...values) - lo;
    values.forEach((v, i) => {
      const w = multiplier * (span === 0 ? 0 : (v - lo) / span);
      scored[i]!.weight += w;
      scored[i]!.weights[name] = round6(w);
    });
  }
  return scored
    .map((s, order) => ({ ...s, order }))
    .sort((x, y) => y.weight - x.weight || x.order - y.order)
    .slice(0, 12)
    .map(({ host, weight, weights }) => ({ host, weight: round6(weight), weights }));
}

describe('the scheduler weighs as nova.weights does', () => {
  it('ranks hosts of three shapes by their summed, normalised weights, ties in host order', () => {
    const { events } = runScenario(scenario);
    const nodes = events.flatMap((e) =>
      e.type === 'db' && e.table === 'compute_nodes' && e.op === 'insert'
        ? [e.fields as Record<string, number | string>]
        : [],
    );
    expect(nodes).toHaveLength(20);
    const decision = events.find((e): e is ScheduleEvent => e.type === 'schedule')!;
    const expected = expectedWeighing(nodes);
    expect(decision.weighed).toEqual(expected);
    // the two big-CPU, big-disk hosts first, then ten of the fifteen big-RAM ones, in order
    expect(expected.map((w) => w.host)).toEqual([
      'b1',
      'b2',
      ...Array.from({ length: 10 }, (_, i) => `c${i + 1}`),
    ]);
    expect(decision.chosen).toBe('b1');
  });
});
