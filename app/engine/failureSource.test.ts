import { describe, expect, it } from 'vitest';
import type { RestEvent, TraceEvent } from './trace';
import {
  dropObjectAction,
  IMG,
  loadScenarioFile,
  notifications,
  restOp,
  runScenario,
  states,
  testScenario,
} from './testing';

/** Failure paths read against Nova 26.2.2's source (a third audit). */

const requestsBy = (events: TraceEvent[], from: string) =>
  events.filter(
    (e): e is RestEvent =>
      e.type === 'rest' &&
      e.phase === 'request' &&
      e.from === from &&
      (e.to === 'placement-api' || e.to === 'neutron-server'),
  );

describe('a spawn that fails inside the resource claim (reschedule.json)', () => {
  const { events } = runScenario(loadScenarioFile('reschedule.json'));
  const failed = events.findIndex((e) => e.type === 'hypervisor' && e.phase === 'error');

  it('aborts the claim with the same _update as the claim: the provider allocations, then each consumer', () => {
    // compute/claims.py Claim.__exit__ -> abort -> resource_tracker.abort_instance_claim ->
    // _unset_instance_host_and_node (the save) and _update -> _update_to_placement ->
    // report.get_allocations_for_provider_tree; the allocation is deleted only later
    expect(requestsBy(events.slice(failed), 'nova-compute@host1').map(restOp)).toEqual([
      // _build_resources -> _shutdown_instance -> get_instance_nw_info
      'list_ports',
      'list_networks',
      'list_networks',
      // abort_instance_claim -> _update
      'GET /resource_providers/{uuid}/allocations',
      'GET /allocations/{uuid}',
      // _do_build_and_run_instance -> _cleanup_allocated_networks -> get_instance_nw_info
      'list_ports',
      'list_networks',
      'list_networks',
      // delete_allocation_for_instance(force=True)
      'DELETE /allocations/{uuid}',
    ]);
  });

  it('reads the allocations after the host and node are unset and before instance.create.error', () => {
    const after = events.slice(failed);
    const unset = after.findIndex((e) => e.type === 'state' && e.host === null);
    const read = after.findIndex(
      (e) =>
        e.type === 'rest' &&
        e.phase === 'request' &&
        e.from === 'nova-compute@host1' &&
        e.path.endsWith('/allocations') &&
        e.path.startsWith('/resource_providers/'),
    );
    const error = after.findIndex(
      (e) => e.type === 'notification' && e.event_type === 'instance.create.error',
    );
    expect(unset).toBeGreaterThan(-1);
    expect(read).toBeGreaterThan(unset);
    expect(error).toBeGreaterThan(read);
  });
});

describe('the resource tracker on a host that holds several instances', () => {
  it('reads the allocations of every consumer on its provider (get_allocations_for_provider_tree)', () => {
    const boot = (name: string, at: number) => ({
      at,
      name,
      flavorRef: '1',
      imageRef: IMG,
      networks: 'none',
    });
    const { events } = runScenario(
      testScenario({ seed: 1, requests: [boot('vm1', 0), boot('vm2', 20000)] }),
    );
    const vms = events.flatMap((e) =>
      e.type === 'rpc' && e.phase === 'send' && e.method === 'build_and_run_instance'
        ? [e.instance!]
        : [],
    );
    expect(vms).toHaveLength(2);
    const second = requestsBy(events, 'nova-compute@host1').filter((e) => e.instance === vms[1]);
    const after = second.slice(
      second.findIndex((e) => e.path.startsWith('/resource_providers/')) + 1,
    );
    // the first GET /allocations/{uuid} after the provider's: one per consumer, vm1 and vm2
    expect(
      after
        .slice(0, 2)
        .map((e) => e.path)
        .sort(),
    ).toEqual([`/allocations/${vms[0]}`, `/allocations/${vms[1]}`].sort());
    expect(after.slice(2).some((e) => e.path.startsWith('/allocations/'))).toBe(false);
  });
});

describe('a host forced down (host-down.json)', () => {
  const { events } = runScenario(loadScenarioFile('host-down.json'));

  it('registers the service like any other, then forces it down: service.update after every service.create', () => {
    // nova-compute creates its service record with forced_down False; the force-down is a
    // Service.save() (objects/service.py save -> _send_status_update_notification)
    expect(notifications(events).slice(0, 7)).toEqual([
      ...Array<string>(6).fill('service.create'),
      'service.update',
    ]);
    const update = events.find(
      (e) => e.type === 'notification' && e.event_type === 'service.update',
    );
    expect(update).toMatchObject({
      publisher: 'nova-compute:host1',
      payload: { 'nova_object.data': { host: 'host1', forced_down: true } },
    });
    const created = events.filter(
      (e) => e.type === 'notification' && e.event_type === 'service.create',
    );
    // Zed's SERVICE_VERSION (objects/service.py), in the payload and in the services row
    for (const c of created)
      expect(c).toMatchObject({
        payload: { 'nova_object.data': { forced_down: false, version: 64 } },
      });
    expect(update).toMatchObject({ payload: { 'nova_object.data': { version: 64 } } });
  });

  it('still lands on host3: ComputeFilter rejects the forced-down host1 and the silent host2', () => {
    const casts = events.flatMap((e) =>
      e.type === 'rpc' && e.phase === 'send' && e.method === 'build_and_run_instance'
        ? [e.server]
        : [],
    );
    expect(casts).toEqual(['host3']);
  });
});

describe('a save lost inside rt.instance_claim (before its `with` block is entered)', () => {
  const base = loadScenarioFile('one-boot.json') as Record<string, unknown>;
  const afterTimeout = (events: TraceEvent[]) =>
    events.slice(events.findIndex((e) => e.type === 'mq' && e.op === 'timeout'));

  const onHost = { vm_state: 'building', task_state: null, power_state: 0 };
  it.each([
    // The lost save's changes are never reset (remotable), so the next Instance.save(),
    // _cleanup_allocated_networks' network_allocated, writes host and node after all.
    [
      'the host/node save (_set_instance_host_and_node)',
      { launched_on: 'compute' },
      [{ ...onHost, host: 'compute', node: 'fake-mini' }],
    ],
    ['the ComputeNode save of its _update', { vcpus_used: 1 }, []],
  ])('%s: no abort_instance_claim, straight to the reschedule save', (_, changes, first) => {
    const events = afterTimeout(dropObjectAction(base, changes));
    // then _do_build_and_run_instance's save (_nil_out_instance_obj_host_and_node + task_state
    // scheduling); no placement read
    expect(states(events)).toEqual([
      ...first,
      { vm_state: 'building', task_state: 'scheduling', power_state: 0, host: null, node: null },
      // one host, no alternate: the conductor's MaxRetriesExceeded
      { vm_state: 'error', task_state: null, power_state: 0, host: null, node: null },
    ]);
    expect(requestsBy(events, 'nova-compute@compute').map(restOp)).toEqual([
      'list_ports',
      'list_networks',
      'list_networks',
      'DELETE /allocations/{uuid}',
    ]);
    expect(notifications(events)).toEqual([
      'instance.create.error',
      'compute_task.build_instances.error',
    ]);
  });
});
