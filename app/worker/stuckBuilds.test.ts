import { describe, expect, it } from 'vitest';
import { bootRequest, loadScenarioFile, runScenario, testScenario } from '../engine/testing';
import { stuckBuilds } from './stuckBuilds';

describe('where the builds stand still at the end of a run that gave up', () => {
  it('a finished run has none', () => {
    expect(stuckBuilds(runScenario(loadScenarioFile('one-boot.json')).events)).toEqual([]);
  });

  it('a dropped cast: its method and queue, dropped', () => {
    const { events, engine } = runScenario(
      testScenario({ faults: [{ kind: 'message-drop', method: 'build_and_run_instance' }] }),
    );
    expect(engine.gaveUp).toBe(true);
    const [stuck] = stuckBuilds(events);
    expect(stuck).toEqual({
      instance: expect.any(String),
      method: 'build_and_run_instance',
      queue: 'compute.host1',
      dropped: true,
    });
    // the instance whose cast RabbitMQ dropped
    expect(
      events.some((e) => e.type === 'mq' && e.op === 'drop' && e.instance === stuck!.instance),
    ).toBe(true);
  });

  it('a cast to a stopped nova-compute it was still counted up for: it waits in its queue', () => {
    const { events, engine } = runScenario(
      testScenario({
        // big is weighed first; its nova-compute stops before the request, and Nova sees it
        // up for a minute more
        cloud: {
          hosts: [
            { name: 'big', vcpus: 64, memory_mb: 65536, disk_gb: 1000 },
            { name: 'small', vcpus: 8, memory_mb: 8192, disk_gb: 100 },
          ],
          flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
          images: [{ id: '155d900f-4e14-4e4c-a73d-069cbf4541e6', name: 'cirros' }],
        },
        requests: [bootRequest('vm1', 2000), bootRequest('vm2', 2500)],
        faults: [{ kind: 'service-down', host: 'big', at: 1000 }],
      }),
    );
    expect(engine.gaveUp).toBe(true);
    const stuck = stuckBuilds(events);
    expect(stuck).toHaveLength(2);
    for (const s of stuck)
      expect(s).toMatchObject({
        method: 'build_and_run_instance',
        queue: 'compute.big',
        dropped: false,
      });
    // every other cast of theirs arrived
    const delivered = events.filter(
      (e) =>
        e.type === 'rpc' && e.kind === 'cast' && e.phase === 'deliver' && e.queue === 'compute.big',
    );
    expect(delivered).toEqual([]);
  });
});
