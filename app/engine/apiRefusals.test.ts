import { describe, expect, it } from 'vitest';
import { runScenario } from './testing';
import type { RestEvent, TraceEvent } from './trace';

const IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

function scenario(request: Record<string, unknown>) {
  return {
    format: 'nova-boot-visualizer/scenario@1',
    name: 'refusals',
    seed: 7,
    cloud: {
      hosts: [{ name: 'host1', vcpus: 8, memory_mb: 8192, disk_gb: 100 }],
      flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
      images: [{ id: IMAGE, name: 'cirros' }],
    },
    requests: [
      { at: 0, name: 'vm1', flavorRef: '1', imageRef: IMAGE, networks: 'none', ...request },
    ],
  };
}

const rest = (events: TraceEvent[]) => events.filter((e): e is RestEvent => e.type === 'rest');
const postAnswer = (events: TraceEvent[]) =>
  rest(events).find((e) => e.phase === 'response' && e.method === 'POST')!;

describe('POST /servers with a flavor the cloud does not have', () => {
  // ServersController.create looks the flavor up before compute.API.create asks glance
  it('is refused with 400 before glance is asked for the image', () => {
    const { events } = runScenario(scenario({ flavorRef: '99' }));
    const post = postAnswer(events);
    expect(post.status).toBe(400);
    expect(post.body).toEqual({
      badRequest: { code: 400, message: 'Flavor 99 could not be found.' },
    });
    expect(rest(events).some((e) => e.to === 'glance-api')).toBe(false);
    expect(events.some((e) => e.type === 'rpc')).toBe(false);
  });

  it('is refused for its flavor even in a zone that is not available: the flavor comes first', () => {
    const { events } = runScenario(scenario({ flavorRef: '99', availability_zone: 'az9' }));
    expect(
      (postAnswer(events).body as { badRequest: { message: string } }).badRequest.message,
    ).toBe('Flavor 99 could not be found.');
  });

  it('with a flavor it has, glance is asked for the image as before', () => {
    const { events } = runScenario(scenario({}));
    expect(postAnswer(events).status).toBe(202);
    expect(rest(events).some((e) => e.to === 'glance-api')).toBe(true);
  });
});
