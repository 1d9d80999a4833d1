import { describe, expect, it } from 'vitest';
import { runScenario } from './testing';
import type { RestEvent, RpcEvent, ScheduleEvent, TraceEvent } from './trace';

const IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

/** Two hosts in two zones (host1 roomier: the weighers prefer it, and only it has the disk of m1.big), one request. */
function scenario(request: Record<string, unknown>) {
  return {
    format: 'nova-boot-visualizer/scenario@1',
    name: 'zones',
    seed: 42,
    cloud: {
      hosts: [
        { name: 'host1', vcpus: 32, memory_mb: 65536, disk_gb: 500, az: 'az1' },
        { name: 'host2', vcpus: 8, memory_mb: 8192, disk_gb: 100, az: 'az2' },
      ],
      flavors: [
        { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
        { id: '2', name: 'm1.big', vcpus: 2, ram: 4096, disk: 200 },
      ],
      images: [{ id: IMAGE, name: 'cirros' }],
    },
    requests: [
      { at: 0, name: 'vm1', flavorRef: '1', imageRef: IMAGE, networks: 'none', ...request },
    ],
  };
}

const rest = (events: TraceEvent[]) => events.filter((e): e is RestEvent => e.type === 'rest');
const candidatesQuery = (events: TraceEvent[]) =>
  rest(events).find((e) => e.phase === 'request' && e.path.startsWith('/allocation_candidates'))
    ?.path;
const finalServer = (events: TraceEvent[]) =>
  (
    rest(events)
      .filter((e) => e.phase === 'response' && e.to === 'client' && e.method === 'GET')
      .pop()!.body as { server: Record<string, unknown> }
  ).server;

describe('availability zones', () => {
  it('refuses a zone no service is in with 400, before anything else is asked', () => {
    const { events } = runScenario(scenario({ availability_zone: 'az9' }));
    const post = rest(events).find((e) => e.phase === 'response' && e.method === 'POST')!;
    expect(post.status).toBe(400);
    expect(post.body).toEqual({
      badRequest: { code: 400, message: 'The requested availability zone is not available' },
    });
    expect(rest(events).some((e) => e.to === 'glance-api')).toBe(false);
    expect(events.some((e) => e.type === 'rpc' && (e as RpcEvent).method.includes('build'))).toBe(
      false,
    );
  });

  it('gives a server the zone of the host it was built on when none was asked for', () => {
    const { events } = runScenario(scenario({}));
    expect(candidatesQuery(events)).not.toContain('member_of');
    const server = finalServer(events);
    expect(server.status).toBe('ACTIVE');
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('host1');
    expect(server['OS-EXT-AZ:availability_zone']).toBe('az1');
  });

  it("asks placement for the zone's aggregate only, and builds there", () => {
    const { events } = runScenario(scenario({ availability_zone: 'az2' }));
    expect(candidatesQuery(events)).toMatch(
      /^\/allocation_candidates\?limit=1000&member_of=in%3A[0-9a-f-]{36}&resources=/,
    );
    const schedule = events.find((e): e is ScheduleEvent => e.type === 'schedule')!;
    expect(schedule.candidate_count).toBe(1);
    const server = finalServer(events);
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('host2');
    expect(server['OS-EXT-AZ:availability_zone']).toBe('az2');
  });

  it('a zone without room is no valid host, however much room the others have', () => {
    const { events } = runScenario(scenario({ availability_zone: 'az2', flavorRef: '2' }));
    const server = finalServer(events);
    expect(server.status).toBe('ERROR');
    expect((server.fault as { message: string }).message).toBe('No valid host was found. ');
  });

  it("'nova', the default zone, has no aggregate: any host may be chosen", () => {
    const s = scenario({ availability_zone: 'nova' });
    s.cloud.hosts[1]!.az = 'nova';
    const { events } = runScenario(s);
    expect(candidatesQuery(events)).not.toContain('member_of');
    expect(finalServer(events).status).toBe('ACTIVE');
  });
});
