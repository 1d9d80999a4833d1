import { describe, expect, it } from 'vitest';
import type { DbEvent, RestEvent, TraceEvent } from './trace';
import {
  bootRequest,
  conductorRequestsAfterError,
  finalServer,
  loadScenarioFile,
  notifications,
  runScenario,
  states,
} from './testing';

/** Failure paths checked against Nova 26.2.2's source, step by step (a second audit). */
const IMG = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
const FLAVOR = { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 };
const host = (name: string, memory_mb = 8192) => ({ name, vcpus: 8, memory_mb, disk_gb: 100 });

function scenario(
  cloud: Record<string, unknown>,
  requests: unknown[],
  rest: Record<string, unknown> = {},
) {
  return {
    format: 'nova-boot-visualizer/scenario@1',
    name: 'audit',
    seed: 3,
    cloud: {
      hosts: [host('host1')],
      flavors: [FLAVOR],
      images: [{ id: IMG, name: 'cirros' }],
      ...cloud,
    },
    requests,
    ...rest,
  };
}

const posted = (events: TraceEvent[]) =>
  events.filter(
    (e): e is RestEvent =>
      e.type === 'rest' && e.phase === 'response' && e.from === 'nova-api' && e.method === 'POST',
  );
const faults = (events: TraceEvent[]) =>
  events.filter(
    (e): e is DbEvent => e.type === 'db' && e.table === 'instance_faults' && e.op === 'insert',
  );

describe('a reschedule whose every alternate fails its claim', () => {
  // two hosts with room for one m1.tiny each ((1024 - 512 reserved) x 1.5); vm1's spawn fails on
  // host1, and by then vm2 holds host2, vm1's only alternate
  const s = scenario(
    { hosts: [host('host1', 1024), host('host2', 1024)] },
    [bootRequest('vm1'), bootRequest('vm2', 500)],
    { faults: [{ kind: 'spawn-fails', host: '*', times: 1 }] },
  );
  const { events, engine } = runScenario(s);
  const f = faults(events)[0]!;
  const vm1 = f.instance!;

  it('ends in ERROR with MaxRetriesExceeded and the details of no exception (build_instances never raises it)', () => {
    expect(engine.internals.client.outcomes.get('vm1')).toBe('ERROR');
    expect(f.fields.message).toBe(
      `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${vm1}.`,
    );
    // compute_utils._get_fault_details: traceback.format_exception(*sys.exc_info()) outside an except block
    expect(f.fields.details).toBe('NoneType: None\n');
    expect(states(events, vm1).at(-1)).toEqual({
      vm_state: 'error',
      task_state: null,
      power_state: 0,
      host: null,
      node: null,
    });
  });

  it('sends no compute_task.build_instances.error and does not clean up the networks: ExceptionPayload.from_exception raises first', () => {
    expect(notifications(events)).not.toContain('compute_task.build_instances.error');
    const claim = events.findIndex(
      (e) =>
        e.type === 'rest' &&
        e.phase === 'request' &&
        e.from === 'nova-conductor' &&
        e.method === 'PUT',
    );
    const after = events
      .slice(claim + 1)
      .filter(
        (e) =>
          e.instance === vm1 &&
          e.type === 'db' &&
          e.by === 'nova-conductor' &&
          e.table === 'instances',
      );
    expect(after.map((e) => (e.type === 'db' ? Object.keys(e.fields) : []))).toEqual([
      ['vm_state', 'task_state', 'updated_at'],
    ]);
  });
});

describe('quota check in nova-api (compute.utils.check_num_instances_quota)', () => {
  const refusal = (quotas: Record<string, number>, extra: Record<string, unknown> = {}) => {
    const post = posted(
      runScenario(scenario({ quotas }, [bootRequest('vm', 0, extra)])).events,
    )[0]!;
    return post.status === 403
      ? (post.body as { forbidden: { message: string } }).forbidden.message
      : post.status;
  };

  it.each([
    [
      { instances: 0, cores: 20, ram: 51200 },
      {},
      'Quota exceeded for instances: Requested 1, but already used 0 of 0 instances',
    ],
    [
      { instances: 10, cores: 0, ram: 51200 },
      {},
      'Quota exceeded for cores: Requested 1, but already used 0 of 0 cores',
    ],
    [
      { instances: 10, cores: 20, ram: 256 },
      {},
      'Quota exceeded for ram: Requested 512, but already used 0 of 256 ram',
    ],
    // min_count above what fits: the range is reported, and cores and ram for max_count
    [
      { instances: 2, cores: 20, ram: 51200 },
      { min_count: 3, max_count: 5 },
      'Quota exceeded for instances: Requested 3-5, but already used 0 of 2 instances',
    ],
  ])('refuses %j %j with "%s"', (quotas, extra, message) => {
    expect(refusal(quotas, extra)).toBe(message);
  });

  it('builds what fits when min_count fits', () => {
    const { events } = runScenario(
      scenario({ quotas: { instances: 2, cores: 20, ram: 51200 } }, [
        bootRequest('vm', 0, { min_count: 1, max_count: 5 }),
      ]),
    );
    expect(posted(events)[0]!.status).toBe(202);
    expect(new Set(events.flatMap((e) => (e.type === 'state' ? [e.instance] : []))).size).toBe(2);
  });

  it('with an unlimited instances quota, refuses a request over its ram quota instead of cutting it down (get_headroom: -1 - used)', () => {
    expect(refusal({ instances: -1, cores: 20, ram: 1024 }, { min_count: 1, max_count: 3 })).toBe(
      'Quota exceeded for ram: Requested 1536, but already used 0 of 1024 ram',
    );
  });
});

describe('GET /servers/{id} while only the BuildRequest exists', () => {
  it('still lists the ports for the security groups (views/servers.py show -> _add_security_grps)', () => {
    // select_destinations is lost: for 60 s the server is a BuildRequest
    const { events } = runScenario(
      scenario({}, [bootRequest('vm1')], {
        faults: [{ kind: 'message-drop', method: 'select_destinations', times: 1 }],
      }),
    );
    const get = events.find(
      (e): e is RestEvent =>
        e.type === 'rest' && e.phase === 'request' && e.to === 'nova-api' && e.method === 'GET',
    )!;
    const answer = events.find(
      (e) =>
        e.type === 'rest' && e.phase === 'response' && e.from === 'nova-api' && e.method === 'GET',
    )!;
    const between = events.filter(
      (e): e is RestEvent =>
        e.seq > get.seq &&
        e.seq < answer.seq &&
        e.type === 'rest' &&
        e.phase === 'request' &&
        e.from === 'nova-api',
    );
    expect(
      (answer.type === 'rest' ? (answer.body as { server: { status: string } }).server : null)
        ?.status,
    ).toBe('BUILD');
    expect(between.map((e) => `${e.method} ${e.path.split('=')[0]}`)).toEqual([
      'GET /v2.0/ports?device_id',
    ]);
  });
});

describe('nova-api validates the networks asked for (neutron validate_networks, create_resource_requests)', () => {
  const NET = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';
  /** nova-api's neutron calls in neutronclient's words, up to its answer to the POST */
  function apiNeutronOps(networks: unknown) {
    const { events } = runScenario(scenario({}, [bootRequest('vm1', 0, { networks })]));
    const answered = posted(events)[0]!.seq;
    return events
      .filter(
        (e): e is RestEvent =>
          e.seq < answered &&
          e.type === 'rest' &&
          e.phase === 'request' &&
          e.from === 'nova-api' &&
          e.to === 'neutron-server',
      )
      .map((e) => {
        const [path, query] = e.path.split('?');
        if (path!.startsWith('/v2.0/quotas/')) return 'show_quota';
        const coll = path!.includes('/ports') ? 'port' : 'network';
        return query !== undefined || !/\/(ports|networks)\/./.test(path!)
          ? `list_${coll}s?${query}`
          : `show_${coll}`;
      });
  }

  it("auto: the project's networks, the shared ones, then the port quota", () => {
    expect(apiNeutronOps('auto')).toEqual([
      'list_networks?tenant_id=6f70656e737461636b20342065766572&shared=False',
      'list_networks?shared=True',
      'show_quota',
    ]);
  });

  it('a network by uuid: list_networks by id, the port quota, then show_network for its physnet', () => {
    expect(apiNeutronOps([{ uuid: NET }])).toEqual([
      `list_networks?id=${NET}`,
      'show_quota',
      'show_network',
    ]);
  });

  it('none: no neutron call', () => {
    expect(apiNeutronOps('none')).toEqual([]);
  });
});

describe('retries exhausted for a server booted with a port of the user', () => {
  it('the conductor unbinds the port again though the compute already did (deallocate_for_instance -> _unbind_ports for every requested port)', () => {
    const base = loadScenarioFile('boot-with-port.json') as { cloud: Record<string, unknown> };
    const hosts = [host('host1'), host('host2')];
    const { events } = runScenario({
      ...base,
      cloud: { ...base.cloud, hosts },
      faults: [{ kind: 'spawn-fails', host: '*' }],
    });
    const after = conductorRequestsAfterError(events);
    expect(after.map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, '{id}')}`)).toEqual([
      'GET /v2.0/ports?device_id={id}',
      'GET /v2.0/ports/{id}',
      'GET /v2.0/networks/{id}',
      'PUT /v2.0/ports/{id}',
    ]);
    expect(finalServer(events)!.status).toBe('ERROR');
  });
});

describe('deallocate_for_instance with two ports of the user on one network', () => {
  it('shows the network once: _unbind_ports keeps the networks it fetched (the conductor as nova-compute)', () => {
    const base = loadScenarioFile('boot-with-port.json') as {
      cloud: Record<string, unknown>;
      requests: { networks: { port: string }[] }[];
    };
    const second = '8a0f5e4c-3c39-4c57-9f0c-2f6b0b7a1d21';
    const requests = base.requests.map((r) => ({
      ...r,
      networks: [...r.networks, { port: second }],
    }));
    const { events } = runScenario({
      ...base,
      requests,
      cloud: { ...base.cloud, hosts: [host('host1'), host('host2')] },
      faults: [{ kind: 'spawn-fails', host: '*' }],
    });
    const byConductor = conductorRequestsAfterError(events);
    expect(
      byConductor.map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, '{id}')}`),
    ).toEqual([
      'GET /v2.0/ports?device_id={id}',
      'GET /v2.0/ports/{id}',
      'GET /v2.0/networks/{id}',
      'PUT /v2.0/ports/{id}',
      'GET /v2.0/ports/{id}',
      'PUT /v2.0/ports/{id}',
    ]);
  });
});
