import { describe, expect, it } from 'vitest';
import type { RestEvent, TraceEvent } from './trace';
import { dropObjectAction, finalServer, loadScenarioFile, runScenario } from './testing';

/** nova-compute's neutron calls against nova/network/neutron.py (Zed) allocate_for_instance and its cleanup. */
const IMG = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
const NET = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';
const PROJECT = '6f70656e737461636b20342065766572';
const host = (name: string) => ({ name, vcpus: 8, memory_mb: 8192, disk_gb: 100 });

function scenario(networks: unknown, hosts = [host('host1')], faults: unknown[] = []) {
  return {
    format: 'nova-boot-visualizer/scenario@1',
    name: 'compute network',
    seed: 3,
    cloud: {
      hosts,
      flavors: [{ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }],
      images: [{ id: IMG, name: 'cirros' }],
    },
    requests: [{ at: 0, name: 'vm1', flavorRef: '1', imageRef: IMG, networks }],
    faults,
  };
}

const computeCalls = (events: TraceEvent[]) =>
  events.filter(
    (e): e is RestEvent =>
      e.type === 'rest' &&
      e.phase === 'request' &&
      e.from.startsWith('nova-compute') &&
      e.to === 'neutron-server',
  );

/** A call in neutronclient's words, with its query and the instance's uuid and the ports' ids masked. */
function op(e: RestEvent, uuid: string): string {
  const [path, query] = e.path
    .replaceAll(uuid, '{vm}')
    .replace(/\/ports\/[0-9a-f-]{36}/, '/ports/{id}')
    .split('?');
  const coll = path!.includes('/ports') ? 'port' : 'network';
  if (e.method === 'GET') return query !== undefined ? `list_${coll}s?${query}` : `show_${coll}`;
  return `${e.method === 'PUT' ? 'update' : e.method === 'POST' ? 'create' : 'delete'}_${coll}`;
}

const instanceOf = (events: TraceEvent[]) => events.find((e) => e.type === 'state')!.instance!;
const ops = (events: TraceEvent[]) => computeCalls(events).map((e) => op(e, instanceOf(events)));

/** get_instance_nw_info -> _build_network_info_model for one port on the fixture's network (two subnets) */
const NW_INFO = [
  `list_ports?tenant_id=${PROJECT}&device_id={vm}`,
  `list_ports?network_id=${NET}&device_owner=network%3Adhcp`,
  `list_ports?network_id=${NET}&device_owner=network%3Adhcp`,
  'show_network',
];

describe('allocate_for_instance on nova-compute', () => {
  it("auto: the project's networks that are up and the shared ones, create_port, update_port, then the network info", () => {
    expect(ops(runScenario(scenario('auto')).events)).toEqual([
      `list_networks?tenant_id=${PROJECT}&shared=False&admin_state_up=True`,
      'list_networks?shared=True',
      'create_port',
      'update_port',
      ...NW_INFO,
    ]);
  });

  it('a network by uuid: list_networks by id, create_port, update_port, then the network info', () => {
    expect(ops(runScenario(scenario([{ uuid: NET }])).events)).toEqual([
      `list_networks?id=${NET}`,
      'create_port',
      'update_port',
      ...NW_INFO,
    ]);
  });

  it('a port of the user: show_port, list_networks by its network, update_port, then the network info', () => {
    expect(ops(runScenario(loadScenarioFile('boot-with-port.json')).events)).toEqual([
      'show_port',
      `list_networks?id=${NET}`,
      'update_port',
      ...NW_INFO,
    ]);
  });

  it('none: no call', () => {
    expect(ops(runScenario(scenario('none')).events)).toEqual([]);
  });

  it('creates the port unbound (_create_port_minimal) and binds it with update_port (_update_ports_for_instance)', () => {
    const { events } = runScenario(scenario([{ uuid: NET }]));
    const calls = computeCalls(events);
    const uuid = instanceOf(events);
    expect(calls.find((e) => e.method === 'POST')!.body).toEqual({
      port: { device_id: uuid, network_id: NET, admin_state_up: true, tenant_id: PROJECT },
    });
    expect(calls.find((e) => e.method === 'PUT')!.body).toEqual({
      port: { device_id: uuid, device_owner: 'compute:nova', 'binding:host_id': 'host1' },
    });
    expect(finalServer(events)!.status).toBe('ACTIVE');
  });

  it("binds the ports before the block_device_mapping save and builds the network info after it (the recording's order)", () => {
    const { events } = runScenario(scenario('auto'));
    const bdm = events.findIndex(
      (e) => e.type === 'state' && e.task_state === 'block_device_mapping',
    );
    const calls = computeCalls(events);
    expect(calls.filter((e) => e.seq < bdm).map((e) => e.method)).toEqual([
      'GET',
      'GET',
      'POST',
      'PUT',
    ]);
    expect(calls.filter((e) => e.seq > bdm)).toHaveLength(NW_INFO.length);
  });
});

describe('cleanup of a failed build (_cleanup_allocated_networks -> deallocate_for_instance)', () => {
  it('a failed spawn deletes the port nova created, and the alternate host creates its own', () => {
    const { events } = runScenario(
      scenario(
        'auto',
        [host('host1'), host('host2')],
        [{ kind: 'spawn-fails', host: '*', times: 1 }],
      ),
    );
    const calls = computeCalls(events);
    const first = calls
      .filter((e) => e.from === 'nova-compute@host1')
      .map((e) => op(e, instanceOf(events)));
    expect(first.slice(-2)).toEqual(['list_ports?device_id={vm}', 'delete_port']);
    const created = calls.filter((e) => e.method === 'POST').map((e) => e.from);
    expect(created).toEqual(['nova-compute@host1', 'nova-compute@host2']);
    const deleted = calls.find((e) => e.method === 'DELETE')!.path;
    const firstPort = events.find(
      (e): e is RestEvent =>
        e.type === 'rest' &&
        e.phase === 'request' &&
        e.method === 'PUT' &&
        e.from === 'nova-compute@host1',
    )!.path;
    expect(deleted).toBe(firstPort);
    expect(finalServer(events)!.status).toBe('ACTIVE');
  });

  /** The build with the object_action that carries `changes` dropped (found in a clean run, then replayed). */
  function dropSave(networks: unknown, changes: Record<string, unknown>) {
    return dropObjectAction(scenario(networks), changes);
  }

  it('the networking save lost: nothing was allocated, the empty cache is refreshed, then deallocate lists the ports', () => {
    const events = dropSave([{ uuid: NET }], { task_state: 'networking' });
    expect(ops(events)).toEqual([
      `list_ports?tenant_id=${PROJECT}&device_id={vm}`,
      `list_networks?tenant_id=${PROJECT}&shared=False`,
      'list_networks?shared=True',
      'list_ports?device_id={vm}',
    ]);
    expect(finalServer(events)!.status).toBe('ERROR');
  });

  it('the block_device_mapping save lost: the allocation finishes (network_info.wait), then its port is deleted', () => {
    const events = dropSave([{ uuid: NET }], { task_state: 'block_device_mapping' });
    expect(ops(events)).toEqual([
      `list_networks?id=${NET}`,
      'create_port',
      'update_port',
      ...NW_INFO,
      'list_ports?device_id={vm}',
      'delete_port',
    ]);
    expect(finalServer(events)!.status).toBe('ERROR');
  });

  it('a port of the user is unbound, never deleted', () => {
    const base = loadScenarioFile('boot-with-port.json') as { cloud: Record<string, unknown> };
    const { events } = runScenario({
      ...base,
      cloud: { ...base.cloud, hosts: [host('host1'), host('host2')] },
      faults: [{ kind: 'spawn-fails', host: '*', times: 1 }],
    });
    const first = computeCalls(events)
      .filter((e) => e.from === 'nova-compute@host1')
      .map((e) => op(e, instanceOf(events)));
    expect(first.slice(-4)).toEqual([
      'list_ports?device_id={vm}',
      'show_port',
      'show_network',
      'update_port',
    ]);
    expect(computeCalls(events).some((e) => e.method === 'DELETE')).toBe(false);
  });
});

describe("nova-api's check of a requested port (validate_networks)", () => {
  it('answers 409 PortInUse to a second server asking for a port the first is bound to', () => {
    const request = (name: string, at: number) => ({
      at,
      name,
      flavorRef: '1',
      imageRef: IMG,
      networks: [{ port: 'p1' }],
    });
    const { events } = runScenario({
      format: 'nova-boot-visualizer/scenario@1',
      name: 'one port, two servers',
      seed: 1,
      cloud: { hosts: [host('host1')] },
      requests: [request('a', 0), request('b', 20_000)],
    });
    const answers = events.filter(
      (e): e is RestEvent =>
        e.type === 'rest' && e.phase === 'response' && e.to === 'client' && e.method === 'POST',
    );
    expect(answers.map((e) => e.status)).toEqual([202, 409]);
    expect(answers[1]!.body).toEqual({
      conflictingRequest: { code: 409, message: 'Port p1 is still in use.' },
    });
    // the second request goes no further than nova-api
    const second = answers[1]!.request_id;
    expect(events.some((e) => e.type === 'rpc' && e.request_id === second)).toBe(false);
  });
});
