import { spawn, wait, type Proc, type Thunk } from '../kernel/coroutine';
import { isoSeconds } from '../kernel/clock';
import type { HostSpec } from '../scenario';
import type { Incoming, RpcAgent, SendOptions } from '../mq/rpc';
import type { BdmRow } from '../objects';
import type { World } from '../world';
import { launchedAt } from './apiViews';
import type { Cloud } from './cloud';
import { bootRoles, newRequestId, serviceContext } from './context';
import {
  instanceFields,
  obj,
  POWER,
  VM,
  type BootSpec,
  type InstanceFields,
  type InstanceView,
  type NovaObjectRef,
  type Retry,
  type Selection,
} from './model';
import { ComputeNetwork, type Allocation } from './computeNetwork';
import { Hypervisor, nodenameOf } from './hypervisor';
import {
  BUILD_LINES,
  buildAbort,
  callTimeout,
  exceptionPayload,
  type Raised,
  rescheduleTraceback,
  saveTimeoutDetails,
  spawnError,
} from './buildErrors';
import { instanceActionPayload, instanceCreatePayload } from './instancePayload';
import { publish } from './notifier';
import { allocationsPath, RESERVED_HOST_MEMORY_MB } from './placement';
import type { RestRequest, RestResponse } from './rest';

class Stopped extends Error {}

/** The conductor's topic, to which every object_action goes (only read). */
const CONDUCTOR = { topic: 'conductor' } as const;

/** What an object_action carries besides the object's changes, as objects.ts reads it. */
type ObjectView =
  | (InstanceView & { firstSave: boolean })
  | { node: Record<string, unknown>; wireChanges: readonly string[] }
  | { service: Record<string, unknown> }
  | { spec: BootSpec; row: BdmRow; wireChanges: string[] };

/** object_action's arguments: the object (its changes, and how it stands) and the method. */
function objectActionArgs(
  name: string,
  key: string,
  changes: Record<string, unknown>,
  objmethod: 'save' | 'create',
  view: ObjectView | undefined,
): Record<string, unknown> {
  return { objinst: obj(name, { key, changes, ...view }), objmethod, args: [], kwargs: {} };
}

/** The fields of a ComputeNode save that nova-compute changed (saveNode), in its order: read only. */
const NODE_USAGE: readonly string[] = [
  'vcpus_used',
  'memory_mb_used',
  'local_gb_used',
  'running_vms',
  'num_instances',
  'io_workload',
  'failed_builds',
];

/** How far a build got: a save that times out is handled by the code around it. */
type Stage =
  'start' | 'claim' | 'networking' | 'block_device_mapping' | 'spawning' | 'active' | 'failed';

/** The root disk's device name as the recordings' driver names it (libvirt would say /dev/vda). */
const ROOT_DEVICE_NAME = '/dev/sda';

/** One build_and_run_instance on this host. */
interface Build {
  spec: BootSpec;
  /** this nova-compute's copy of the instance: its fields as they were sent and set since */
  inst: InstanceFields;
  /** its system_metadata changed since the last save */
  sysmetaChanged: boolean;
  /** a save of it has gone through */
  saved: boolean;
  ids: { request_id: string; instance: string };
  opts: SendOptions;
  /** the RequestSpec it was sent (a reschedule's is the conductor's from_primitives one) */
  requestSpec: NovaObjectRef;
  /** filter_properties['retry']: absent when max_attempts is 1 */
  retry: Retry | undefined;
  /** filter_properties['limits'], kept to send back with a reschedule */
  filterLimits: { limits?: Record<string, number> };
  /** the alternates the conductor sent along */
  hostList: Selection[];
  /** the root disk's mapping as it came: the first host to build it names its device */
  rootBdm: BdmRow;
  save: (changes: Record<string, unknown>) => Thunk<void>;
  /** changes a save that timed out did not write: still changed, they go with the next save */
  unsaved: Record<string, unknown> | null;
  stage: Stage;
  claimed: boolean;
  /** the ports allocate_for_instance bound, while they are */
  allocation: Allocation | null;
  /** whether the instance's network info cache holds them (get_instance_nw_info ran) */
  nwCached: boolean;
}

/**
 * nova-compute on one host. It has no database access: every save is an object_action call
 * to nova-conductor (nova/cmd/compute.py sets NovaObject.indirection_api), which is why a
 * build is a conversation with the conductor and not only with the hypervisor.
 */
export class Compute {
  readonly process: string;
  readonly nodename: string;
  readonly hypervisor: Hypervisor;
  alive = true;
  /** resource tracker: what this node has claimed */
  readonly usage = { vcpus: 0, memory_mb: 0, disk_gb: 0, instances: 0 };
  failedBuilds = 0;
  /** instances the resource tracker counts as BUILDING: its stats' io_workload */
  private readonly building = new Set<string>();
  /** instance → what its claim took, so a failed build gives it back */
  private claims = new Map<string, { vcpus: number; ram: number; disk: number }>();
  /** consumer → its GET /allocations path (consumerPath) */
  private readonly consumerPaths = new Map<string, string>();
  /** GET /resource_providers/{node}/allocations's path, made once, as `consumerPath`'s */
  private readonly providerAllocationsPath: string;
  private readonly network = new ComputeNetwork((method, path, ids, body) =>
    wait(this.rest('neutron-server', method, path, ids, body)),
  );

  constructor(
    private readonly cloud: Cloud,
    private readonly rpc: RpcAgent,
    readonly spec: HostSpec,
    readonly nodeUuid: string,
  ) {
    this.process = `nova-compute@${spec.name}`;
    this.nodename = nodenameOf(spec.name);
    this.hypervisor = new Hypervisor(cloud.world, spec.name);
    this.providerAllocationsPath = ['/resource_providers/', nodeUuid, '/allocations'].join('');
  }

  private get world(): World {
    return this.cloud.world;
  }

  start(): void {
    this.rpc.serve('compute', this.spec.name, (m) => this.dispatch(m));
    const first = this.world.rng.int(1, this.world.config.report_interval * 1000);
    this.world.sim.after(first, () => this.heartbeat(), false);
  }

  /** The process dies: it stops consuming and heartbeating; its queue keeps what arrives. */
  stop(): void {
    if (!this.alive) return;
    this.alive = false;
    this.rpc.stop();
    this.world.emit({ type: 'service', host: this.spec.name, binary: 'nova-compute', op: 'stop' });
  }

  /** servicegroup's DB driver: Service.save() every report_interval, through the conductor. */
  private heartbeat(): void {
    if (!this.alive) return;
    const w = this.world;
    const reqId = newRequestId(w.rng);
    const row = this.cloud.cell1.services.get(`${this.spec.name}/nova-compute`)!;
    const started = w.now;
    // the database stamps last_seen_up and updated_at when it writes (service_update)
    const changes = { report_count: row.report_count + 1 };
    spawn(
      this.world.sim,
      wait(
        this.conductorSave(
          'Service',
          `${this.spec.name}/nova-compute`,
          changes,
          { context: serviceContext(reqId, w.now), request_id: null, instance: null },
          'save',
          // the object as nova-compute holds it: its report_count raised; the database stamps
          // last_seen_up and updated_at (service_update)
          { service: { ...row, report_count: changes.report_count } },
        ),
      ),
      () => {
        // a FixedIntervalLoopingCall: the next report is an interval after this one started,
        // or at once when this one took longer (a save that timed out held the loop up)
        w.sim.at(
          Math.max(started + w.config.report_interval * 1000, w.now),
          () => this.heartbeat(),
          false,
        );
      },
    );
  }

  /**
   * `done`, unless this process died while it waited: the process stops there. The waits
   * of a build are thunks yielded by buildAndRun itself, not processes of their own resumed
   * through `yield*`: a claim's tracker update alone makes a dozen of them.
   */
  private whileAlive<T>(
    done: (err: Error | null, value?: T) => void,
  ): (err: Error | null, value?: T) => void {
    return (err, value) => {
      if (err) done(err);
      else if (!this.alive) done(new Stopped());
      else done(null, value);
    };
  }

  /** An object_action call; the process stops here if it died meanwhile. */
  private conductorSave(
    name: string,
    key: string,
    changes: Record<string, unknown>,
    opts: SendOptions,
    objmethod: 'save' | 'create' = 'save',
    view?: ObjectView,
  ): Thunk<unknown> {
    const args = objectActionArgs(name, key, changes, objmethod, view);
    return (done) =>
      this.rpc.callNow(CONDUCTOR, 'object_action', args, '3.0', opts, this.whileAlive(done));
  }

  /**
   * Instance.save() through the conductor. When the call times out, oslo.versionedobjects
   * never resets the object's changes (remotable), so the next save writes them too.
   */
  private saveInstance(b: Build, changes: Record<string, unknown>): Thunk<void> {
    // system_metadata is one dict: a change to some of its keys saves it whole
    let c = changes;
    if (changes.system_metadata !== undefined || b.sysmetaChanged) {
      const merged = {
        ...b.inst.system_metadata,
        ...(changes.system_metadata as object | undefined),
      };
      c = { ...changes, system_metadata: merged };
      b.sysmetaChanged = false;
    }
    const inst = b.inst as unknown as Record<string, unknown>;
    for (const k in c) if (k in inst) inst[k] = c[k];
    const all = b.unsaved === null ? c : { ...b.unsaved, ...c };
    b.unsaved = all;
    // its obj_what_changed is worked out from `all` when the message is read (objects.ts);
    // written as one literal, where a spread of the view after the key and changes is a
    // runtime copy, for every save of every build
    const args = {
      objinst: obj('Instance', {
        key: b.spec.uuid,
        changes: all,
        spec: b.spec,
        fields: { ...b.inst },
        firstSave: !b.saved,
      }),
      objmethod: 'save',
      args: [],
      kwargs: {},
    };
    // one callback for the reply, the process's liveness (whileAlive) checked in it
    return (done) =>
      this.rpc.callNow(CONDUCTOR, 'object_action', args, '3.0', b.opts, (err, result) => {
        if (err) {
          done(err);
          return;
        }
        if (!this.alive) {
          done(new Stopped());
          return;
        }
        const [updates] = result as [{ updated_at?: string } | undefined];
        b.unsaved = null;
        b.saved = true;
        // _from_db_object: the copy takes what the database wrote
        if (updates?.updated_at !== undefined) b.inst.updated_at = updates.updated_at;
        done(null);
      });
  }

  /** InstanceFault.create(): also an object_action, with objmethod 'create'. */
  private conductorCreate(
    name: string,
    key: string,
    fields: Record<string, unknown>,
    opts: SendOptions,
  ): Thunk<unknown> {
    return this.conductorSave(name, key, fields, opts, 'create');
  }

  private dispatch(m: Incoming): void {
    if (m.payload.method !== 'build_and_run_instance') return;
    const a = m.payload.args as {
      instance: { data: Partial<InstanceView> };
      request_spec: NovaObjectRef & { data: { spec: BootSpec } };
      filter_properties: { limits?: Record<string, number>; retry?: Retry };
      host_list: Selection[];
      block_device_mapping: { data: { row: BdmRow } };
    };
    const spec = a.request_spec.data.spec;
    const ids = { request_id: spec.request_id, instance: spec.uuid };
    const opts: SendOptions = {
      context: spec.context,
      request_id: ids.request_id,
      instance: ids.instance,
    };
    const build: Build = {
      spec,
      inst: instanceFields(a.instance.data.fields ?? {}),
      sysmetaChanged: false,
      saved: false,
      ids,
      opts,
      requestSpec: a.request_spec,
      retry: a.filter_properties.retry,
      filterLimits:
        a.filter_properties.limits !== undefined ? { limits: a.filter_properties.limits } : {},
      hostList: a.host_list,
      rootBdm: a.block_device_mapping.data.row,
      save: (changes) => this.saveInstance(build, changes),
      unsaved: null,
      stage: 'start',
      claimed: false,
      allocation: null,
      nwCached: false,
    };
    spawn(this.world.sim, this.buildAndRun(build), (err) => {
      if (!err || err instanceof Stopped) return;
      if (err.name !== 'MessagingTimeout') throw err;
      spawn(this.world.sim, this.saveFailed(build, err), (e2) => {
        if (e2 && !(e2 instanceof Stopped) && e2.name !== 'MessagingTimeout') throw e2;
      });
    });
  }

  /**
   * A save through the conductor timed out (its message was dropped or the conductor is
   * gone). What Nova does depends on where in the build it happened (compute/manager.py).
   */
  private *saveFailed(b: Build, err: Error): Proc<void> {
    const { spec, ids, opts } = b;
    const publisher = `nova-compute:${this.spec.name}`;
    switch (b.stage) {
      case 'start':
      case 'failed':
        // the first save is outside every handler: the decorators of
        // _do_build_and_run_instance add the fault, revert task_state and notify; the server
        // stays BUILD and its allocation is removed (build_results.FAILED)
        if (b.stage === 'start') this.failedBuilds++;
        yield this.conductorCreate(
          'InstanceFault',
          spec.uuid,
          this.faultFields(spec.uuid, 'MessagingTimeout', saveTimeoutDetails('start', err.message)),
          opts,
        );
        yield b.save({ task_state: null });
        yield* publish(
          this.cloud,
          publisher,
          'compute.exception',
          {
            'nova_object.name': 'ExceptionPayload',
            'nova_object.data': {
              exception: 'MessagingTimeout',
              exception_message: err.message,
              module_name: 'oslo_messaging._drivers.amqpdriver',
              function_name: 'get',
            },
          },
          ids,
        );
        yield this.rest('placement-api', 'DELETE', `/allocations/${spec.uuid}`, ids);
        return;
      case 'claim':
        // rt.instance_claim itself raised (the host/node save or the ComputeNode save of its
        // _update): the `with` block was never entered, so no Claim.__exit__ and no
        // abort_instance_claim (no host/node save, no placement reads). The tracker's usage
        // is given back here, as the next update_available_resource would.
        this.release(spec.uuid);
        b.claimed = false;
        yield* this.failBuild(b, callTimeout(err, BUILD_LINES.claim), 'reschedule');
        return;
      case 'spawning':
        // inside the claim: a generic failure, rescheduled like a failed spawn
        yield* this.shutdownInstance(b, publisher);
        yield* this.failBuild(b, callTimeout(err, BUILD_LINES.spawningSave), 'reschedule');
        return;
      case 'networking':
        yield* this.failBuild(
          b,
          buildAbort(spec.uuid, 'Failed to allocate the network(s), not rescheduling.'),
          'abort',
        );
        return;
      case 'block_device_mapping':
        // _build_resources_cleanup waits for the allocation's greenthread to finish first
        yield* this.finishNetworkInfo(b);
        yield* this.failBuild(b, buildAbort(spec.uuid, 'Failure prepping block device.'), 'abort');
        return;
      case 'active': {
        // after the claim: "Unexpected build failure, not rescheduling build." The claim is
        // not aborted, and the fault of a non-Nova exception is its class name.
        this.building.delete(spec.uuid);
        this.failedBuilds++;
        yield* this.cleanupAllocatedNetworks(b);
        const fault = this.faultFields(
          spec.uuid,
          err.name,
          saveTimeoutDetails('active', err.message),
        );
        yield* this.errorOut(b, fault);
        return;
      }
    }
  }

  /**
   * A build that ends here: the fault (add_instance_fault_from_exc), the instance in ERROR
   * without its host (_nil_out_instance_obj_host_and_node, _set_instance_obj_error_state)
   * and its allocation deleted.
   */
  private *errorOut(b: Build, fault: Record<string, unknown>): Proc<void> {
    const uuid = b.spec.uuid;
    yield this.conductorCreate('InstanceFault', uuid, fault, b.opts);
    yield b.save({
      vm_state: VM.ERROR,
      task_state: null,
      host: null,
      node: null,
      launched_on: null,
      availability_zone: null,
    });
    yield this.rest('placement-api', 'DELETE', `/allocations/${uuid}`, b.ids);
  }

  private faultFields(uuid: string, message: string, details: string): Record<string, unknown> {
    return {
      instance_uuid: uuid,
      code: 500,
      message: message.slice(0, 255),
      details,
      host: this.spec.name,
      created_at: isoSeconds(this.world.now),
    };
  }

  private rest(
    to: string,
    method: string,
    path: string,
    ids: { request_id: string; instance: string },
    body?: unknown,
  ): Thunk<RestResponse> {
    const req = this.restRequest(method, path, ids);
    if (body !== undefined) req.body = body;
    return (done) => this.cloud.rest.send(to, req, this.whileAlive(done));
  }

  /** One shape for every request: a claim's tracker update makes one per consumer on the host. */
  private restRequest(
    method: string,
    path: string,
    ids: { request_id: string; instance: string },
  ): RestRequest {
    return { from: this.process, method, path, request_id: ids.request_id, instance: ids.instance };
  }

  private *sleep(ms: number): Proc<void> {
    yield this.world.work(this.process, ms);
    if (!this.alive) throw new Stopped();
  }

  /** Whether an injected spawn-fails fault takes this spawn; the trace says so when it does. */
  private spawnFails(ids: { request_id: string; instance: string }): boolean {
    for (const f of this.cloud.spawnFaults) {
      if (
        f.remaining > 0 &&
        this.world.now >= f.from &&
        (f.host === '*' || f.host === this.spec.name)
      ) {
        f.remaining--;
        this.world.emit({
          type: 'fault',
          kind: 'spawn-fails',
          target: `hypervisor@${this.spec.name}`,
          detail: `the hypervisor on ${this.spec.name} fails this spawn`,
          request_id: ids.request_id,
          instance: ids.instance,
        });
        return true;
      }
    }
    return false;
  }

  private *buildAndRun(b: Build): Proc<void> {
    const { spec, ids, opts, save } = b;
    const uuid = spec.uuid;
    const publisher = `nova-compute:${this.spec.name}`;
    const w = this.world;

    // _do_build_and_run_instance
    yield save({ vm_state: VM.BUILDING, task_state: null });
    yield* this.sleep(3);
    // sent before rt.instance_claim sets the host, so host and node are still None
    yield* publish(
      this.cloud,
      publisher,
      'instance.create.start',
      this.payload('InstanceCreatePayload', b, 'building', null, false),
      ids,
    );
    // the keystone roles of the request, kept with the instance (saved with its next save).
    // A rescheduled build's instance has them already: set again to the same value, the
    // dict is unchanged (Instance.obj_what_changed compares it with the one it came with)
    const roles = bootRoles(spec.context);
    if (b.inst.system_metadata?.boot_roles !== roles) {
      b.inst.system_metadata = { ...b.inst.system_metadata, boot_roles: roles };
      b.sysmetaChanged = true;
    }
    yield this.rest('placement-api', 'GET', this.consumerPath(uuid), ids);

    // rt.instance_claim (Zed's claim test checks only NUMA and PCI: placement did the rest)
    b.stage = 'claim';
    const f = spec.flavor;
    const u = this.usage;
    u.memory_mb += f.ram;
    u.vcpus += f.vcpus;
    u.disk_gb += f.disk;
    u.instances++;
    this.claims.set(uuid, { vcpus: f.vcpus, ram: f.ram, disk: f.disk });
    this.building.add(uuid);
    b.claimed = true;
    yield save({ host: this.spec.name, node: this.nodename, launched_on: this.spec.name });
    yield this.updateTracker(opts, ids);

    // _build_resources
    b.stage = 'networking';
    yield save({ vm_state: VM.BUILDING, task_state: 'networking' });
    // _allocate_network_async runs in a greenthread (NetworkInfoAsyncWrapper): the recording
    // shows its ports bound before the block_device_mapping save and the network info built after
    b.allocation = yield* this.network.allocate(
      spec,
      ids,
      this.spec.name,
      this.availabilityZone(uuid),
    );
    b.stage = 'block_device_mapping';
    // _default_block_device_names: a root mapping with no device name (the instance's first
    // host) gets the driver's default, saved through the conductor; it names the root device
    // on the instance too, saved with the next save
    if (!b.rootBdm.device_name) {
      const row = { ...b.rootBdm, device_name: ROOT_DEVICE_NAME };
      yield this.conductorSave(
        'BlockDeviceMapping',
        String(row.id),
        { device_name: ROOT_DEVICE_NAME },
        b.opts,
        'save',
        { spec, row, wireChanges: ['device_name'] },
      );
      b.rootBdm = row;
    }
    yield save({
      vm_state: VM.BUILDING,
      task_state: 'block_device_mapping',
      root_device_name: ROOT_DEVICE_NAME,
    });
    yield* this.finishNetworkInfo(b);
    // _allocate_network_async ends by marking the networks allocated (saved with the next
    // save); with "none" it returns before (no_allocate)
    if (spec.networks !== 'none') {
      b.inst.system_metadata = { ...b.inst.system_metadata, network_allocated: 'True' };
      b.sysmetaChanged = true;
    }
    b.stage = 'spawning';
    yield save({ vm_state: VM.BUILDING, task_state: 'spawning' });
    try {
      yield this.hypervisor.spawn(uuid, spec.display_name, this.spawnFails(ids), ids);
      if (!this.alive) throw new Stopped();
    } catch (e) {
      if (e instanceof Stopped) throw e;
      // _build_resources tears the half-built guest down before the claim is aborted
      yield* this.shutdownInstance(b, publisher);
      yield* this.failBuild(b, spawnError((e as Error).message), 'reschedule');
      return;
    }

    // only a reschedule reads network_allocated: it is dropped once the guest runs
    if (b.inst.system_metadata && 'network_allocated' in b.inst.system_metadata) {
      const { network_allocated: _done, ...sysmeta } = b.inst.system_metadata;
      b.inst.system_metadata = sysmeta;
      b.sysmetaChanged = true;
    }
    b.stage = 'active';
    yield save({
      vm_state: VM.ACTIVE,
      task_state: null,
      power_state: POWER.RUNNING,
      launched_at: launchedAt(w.now),
    });
    // _build_succeeded: the failure count the BuildFailureWeigher reads starts over
    this.failedBuilds = 0;
    // the tracker's stats see the instance leave BUILDING at its next update
    this.building.delete(uuid);
    yield* this.rpc.cast(
      { topic: 'scheduler', fanout: true },
      'update_instance_info',
      {
        host_name: this.spec.name,
        instance_info: obj('InstanceList', [{ spec, fields: { ...b.inst }, changes: ['ec2_ids'] }]),
      },
      '4.2',
      opts,
    );
    yield* publish(
      this.cloud,
      publisher,
      'instance.create.end',
      this.payload('InstanceCreatePayload', b, 'active', null),
      ids,
    );
  }

  /**
   * A build that failed inside the claim: the claim is aborted (usage back, host and node
   * unset), instance.create.error is sent, the networks are cleaned up. Then either
   * RescheduledException (retry on an alternate, or ERROR when there is no retry info) or
   * BuildAbortException (ERROR, never rescheduled).
   */
  private *failBuild(b: Build, raised: Raised, how: 'reschedule' | 'abort'): Proc<void> {
    const { spec, ids, opts, save, retry } = b;
    const uuid = spec.uuid;
    const reason = raised.message;
    const failedAt = b.stage;
    b.stage = 'failed';
    if (b.claimed) {
      // Claim.__exit__ -> abort_instance_claim: the usage given back, host and node unset,
      // then the same _update as the claim's (the allocation is still there: it is deleted
      // only after this)
      this.release(uuid);
      yield save({ host: null, node: null });
      yield this.updateTracker(opts, ids);
    }
    // _build_failed: counted now, written with the node's next update
    this.failedBuilds++;
    // sent from the handlers around the claim: an aborted claim has unset host and node
    yield* publish(
      this.cloud,
      `nova-compute:${this.spec.name}`,
      'instance.create.error',
      this.payload(
        'InstanceCreatePayload',
        b,
        'building',
        raised,
        !b.claimed,
        failedAt === 'networking' || failedAt === 'block_device_mapping' || failedAt === 'spawning'
          ? failedAt
          : null,
      ),
      ids,
    );
    yield* this.cleanupAllocatedNetworks(b);
    if (how === 'abort' || !retry) {
      const fault =
        how === 'abort'
          ? this.faultFields(
              uuid,
              reason,
              `Traceback (most recent call last):\n${raised.cls}: ${reason}\n`,
            )
          : // add_instance_fault_from_exc in the RescheduledException handler: its whole chain
            this.faultFields(uuid, reason, rescheduleTraceback(uuid, raised).join(''));
      yield* this.errorOut(b, fault);
      return;
    }
    yield save({
      task_state: 'scheduling',
      host: null,
      node: null,
      launched_on: null,
      availability_zone: null,
    });
    yield this.rest('placement-api', 'DELETE', `/allocations/${uuid}`, ids);
    // the filter_properties it was given, with the failure added for the conductor
    const nextRetry: Retry = {
      num_attempts: retry.num_attempts,
      hosts: retry.hosts.slice(),
      exc: rescheduleTraceback(uuid, raised),
      exc_reason: reason,
    };
    yield* this.rpc.cast(
      { topic: 'conductor' },
      'build_instances',
      {
        instances: [obj('Instance', { spec, fields: { ...b.inst }, changes: ['ec2_ids'] })],
        image: obj('image', { spec }),
        filter_properties: { ...b.filterLimits, retry: nextRetry },
        admin_password: spec.admin_password,
        injected_files: [],
        requested_networks: obj('NetworkRequestList', spec.networks),
        security_groups: ['default'],
        // the one it was given, sent back as it is
        request_spec: b.requestSpec,
        host_lists: [b.hostList],
      },
      '1.19',
      { ...opts, namespace: 'compute_task' },
    );
  }

  /**
   * _shutdown_instance(notify=True): shutdown.start, the network info (refreshed from neutron
   * when the instance's cache is empty, e.g. no network was asked for), driver.destroy,
   * shutdown.end. It deallocates nothing when the build had network info
   * (_build_resources: try_deallocate_networks=False), and "none" has nothing to deallocate.
   */
  private *shutdownInstance(b: Build, publisher: string): Proc<void> {
    const { spec, ids } = b;
    yield* publish(
      this.cloud,
      publisher,
      'instance.shutdown.start',
      this.payload('InstanceActionPayload', b, 'building', null, true, 'spawning'),
      ids,
    );
    if (!b.nwCached) yield* this.network.refresh(spec, ids);
    yield this.hypervisor.destroy(spec.uuid, ids);
    if (!this.alive) throw new Stopped();
    yield* publish(
      this.cloud,
      publisher,
      'instance.shutdown.end',
      this.payload('InstanceActionPayload', b, 'building', null, true, 'spawning'),
      ids,
    );
  }

  /** The allocation's greenthread ends with get_instance_nw_info, which fills the cache. */
  private *finishNetworkInfo(b: Build): Proc<void> {
    if (!b.allocation || b.nwCached) return;
    const vifs = yield* this.network.buildInfo(b.spec, b.ids, b.allocation);
    b.nwCached = true;
    // update_instance_cache_with_nw_info saved the cache
    b.inst.network_info = JSON.stringify(vifs);
    b.inst.info_cache_updated_at = isoSeconds(this.world.now);
  }

  /**
   * _cleanup_allocated_networks after a failed build (ComputeNetwork.cleanup); then
   * deallocate_for_instance has emptied the cache and the instance's system_metadata records
   * network_allocated=False.
   */
  private *cleanupAllocatedNetworks(b: Build): Proc<void> {
    yield* this.network.cleanup(b.spec, b.ids, b.nwCached);
    if (b.spec.networks !== 'none') {
      b.allocation = null;
      b.nwCached = false;
    }
    yield b.save({ system_metadata: { network_allocated: 'False' } });
  }

  /** instance.availability_zone as the conductor set it: the ports' device_owner is compute:<az>. */
  private availabilityZone(uuid: string): string {
    const az = this.cloud.cell1.instances.get(uuid)?.availability_zone;
    return typeof az === 'string' && az !== '' ? az : 'nova';
  }

  private release(uuid: string): void {
    const c = this.claims.get(uuid);
    if (!c) return;
    this.claims.delete(uuid);
    this.building.delete(uuid);
    this.usage.memory_mb -= c.ram;
    this.usage.vcpus -= c.vcpus;
    this.usage.disk_gb -= c.disk;
    this.usage.instances--;
  }

  /**
   * ResourceTracker._update (compute/resource_tracker.py): ComputeNode.save(), then
   * _update_to_placement, whose get_allocations_for_provider_tree (scheduler/client/report.py)
   * reads the node provider's allocations and then GET /allocations/{consumer} for every
   * consumer found there. The provider tree is cached and nothing changed, so nothing is written.
   */
  private updateTracker(
    opts: SendOptions,
    ids: { request_id: string; instance: string },
  ): Thunk<void> {
    // one wait for the build, its steps chained here: each consumer's GET, a dozen of them
    // late in a big cloud, resumed no generator (the build's, through a nested one)
    return (done) =>
      this.saveNode(opts)((err) => {
        if (err) return done(err);
        this.rest(
          'placement-api',
          'GET',
          this.providerAllocationsPath,
          ids,
        )((err, r) => {
          if (err) return done(err);
          const consumers = Object.keys(
            (r!.body as { allocations?: Record<string, unknown> } | undefined)?.allocations ?? {},
          );
          let next = 0;
          // each GET answered here, the process's liveness checked as `rest` does: no thunk
          // and no callback made per consumer
          const each = (err: Error | null): void => {
            if (err) done(err);
            else if (!this.alive) done(new Stopped());
            else if (next === consumers.length) done(null);
            else {
              const path = this.consumerPath(consumers[next++]!);
              this.cloud.rest.send('placement-api', this.restRequest('GET', path, ids), each);
            }
          };
          each(null);
        });
      });
  }

  /**
   * GET /allocations/{consumer}'s path for a consumer on this host, made once: every later
   * claim here reads it again, and placement finds the answer by the path, whose hash a
   * string computes once.
   */
  private consumerPath(consumer: string): string {
    let path = this.consumerPaths.get(consumer);
    if (path === undefined) {
      path = this.cloud.placement.pathOf(consumer) ?? allocationsPath(consumer);
      this.consumerPaths.set(consumer, path);
    }
    return path;
  }

  /** ComputeNode.save() after the resource tracker's usage changed. */
  private saveNode(opts: SendOptions): Thunk<unknown> {
    const u = this.usage;
    const changes = {
      vcpus_used: u.vcpus,
      memory_mb_used: u.memory_mb + RESERVED_HOST_MEMORY_MB,
      local_gb_used: u.disk_gb,
      running_vms: u.instances,
      num_instances: u.instances,
      io_workload: this.building.size,
      failed_builds: this.failedBuilds,
      updated_at: isoSeconds(this.world.now),
      updated_ms: this.world.now,
    };
    // the tracker's ComputeNode object as it stands, for the wire (objects.ts): its usage,
    // not the times the database stamps. The row copied, then the usage set on the copy in
    // the order of `changes`: a spread of the usage after the row's was a generic copy of
    // twenty fields, and the rest pattern that made the usage another, at every claim
    const node: Record<string, unknown> = { ...this.cloud.cell1.compute_nodes.get(this.nodeUuid) };
    node.vcpus_used = changes.vcpus_used;
    node.memory_mb_used = changes.memory_mb_used;
    node.local_gb_used = changes.local_gb_used;
    node.running_vms = changes.running_vms;
    node.num_instances = changes.num_instances;
    node.io_workload = changes.io_workload;
    node.failed_builds = changes.failed_builds;
    return this.conductorSave('ComputeNode', this.nodeUuid, changes, opts, 'save', {
      node,
      wireChanges: NODE_USAGE,
    });
  }

  /**
   * An instance notification's payload: the instance as this service holds it, with the
   * state, host and task the notification is sent at.
   */
  private payload(
    name: 'InstanceCreatePayload' | 'InstanceActionPayload',
    b: Build,
    state: string,
    fault: Raised | null,
    onHost = true,
    taskState: string | null = null,
  ): Record<string, unknown> {
    const at = {
      state,
      // InstancePowerStateField: the power state's name
      power: state === 'active' ? 'running' : 'pending',
      task: taskState,
      host: onHost ? this.spec.name : null,
      node: onHost ? this.nodename : null,
    };
    const reason = fault === null ? null : exceptionPayload(fault);
    return name === 'InstanceActionPayload'
      ? instanceActionPayload(b.spec, b.inst, at, reason)
      : instanceCreatePayload(b.spec, b.inst, at, reason);
  }
}
