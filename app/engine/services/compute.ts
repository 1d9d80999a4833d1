import { spawn, wait, type Proc, type Thunk } from '../kernel/coroutine';
import { isoMicros, isoSeconds } from '../kernel/clock';
import type { HostSpec } from '../scenario';
import type { Incoming, RpcAgent, SendOptions } from '../mq/rpc';
import type { World } from '../world';
import { launchedAt } from './apiViews';
import type { Cloud } from './cloud';
import { serviceContext } from './context';
import { obj, POWER, VM, type BootSpec, type Retry, type Selection } from './model';
import { notify } from './notifier';
import { PRIVATE_NET } from './peers';
import { RESERVED_HOST_MEMORY_MB } from './placement';

/** The hypervisor under one nova-compute: spawning takes virtual seconds. */
export class Hypervisor {
  readonly process: string;
  readonly vms = new Map<string, { name: string; power_state: number }>();

  constructor(
    private readonly world: World,
    readonly host: string,
  ) {
    this.process = `hypervisor@${host}`;
  }

  spawn(uuid: string, name: string, fails: boolean, ids: { request_id: string }): Thunk<void> {
    return (done) => {
      const w = this.world;
      w.emit({ type: 'hypervisor', host: this.host, op: 'spawn', phase: 'start', request_id: ids.request_id, instance: uuid });
      w.sim.after(w.work(this.process, w.config.spawn_seconds * 1000), () => {
        if (fails) {
          w.emit({ type: 'hypervisor', host: this.host, op: 'spawn', phase: 'error', request_id: ids.request_id, instance: uuid });
          done(new Error(`Virtual machine ${name} failed to start: internal error: process exited while connecting to monitor`));
          return;
        }
        this.vms.set(uuid, { name, power_state: POWER.RUNNING });
        w.emit({ type: 'hypervisor', host: this.host, op: 'spawn', phase: 'end', request_id: ids.request_id, instance: uuid });
        done(null);
      });
    };
  }

  destroy(uuid: string, ids: { request_id: string }): void {
    this.vms.delete(uuid);
    this.world.emit({ type: 'hypervisor', host: this.host, op: 'destroy', phase: 'end', request_id: ids.request_id, instance: uuid });
  }
}

class Stopped extends Error {}

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
  /** instance → what its claim took, so a failed build gives it back */
  private claims = new Map<string, { vcpus: number; ram: number; disk: number }>();

  constructor(
    private readonly cloud: Cloud,
    private readonly rpc: RpcAgent,
    readonly spec: HostSpec,
    readonly nodeUuid: string,
  ) {
    this.process = `nova-compute@${spec.name}`;
    this.nodename = spec.name;
    this.hypervisor = new Hypervisor(cloud.world, spec.name);
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
    const reqId = `req-${w.rng.uuid()}`;
    const row = this.cloud.cell1.services.get(`${this.spec.name}/nova-compute`)!;
    spawn(
      this.world.sim,
      this.conductorSave('Service', `${this.spec.name}/nova-compute`, { report_count: row.report_count + 1, last_seen_up: isoSeconds(w.now), last_seen_ms: w.now, updated_at: isoSeconds(w.now) }, { context: serviceContext(reqId, w.now), request_id: null, instance: null }),
      () => {},
    );
    w.sim.after(w.config.report_interval * 1000, () => this.heartbeat(), false);
  }

  /** An object_action call; the process stops here if it died meanwhile. */
  private *conductorSave(name: string, key: string, changes: Record<string, unknown>, opts: SendOptions): Proc<void> {
    yield* wait(this.rpc.call({ topic: 'conductor' }, 'object_action', { objinst: obj(name, { key, changes }), objmethod: 'save', args: [], kwargs: {} }, '3.0', opts));
    if (!this.alive) throw new Stopped();
  }

  private dispatch(m: Incoming): void {
    if (m.payload.method !== 'build_and_run_instance') return;
    spawn(this.world.sim, this.buildAndRun(m), (err) => {
      if (!err || err instanceof Stopped) return;
      if (err.name !== 'MessagingTimeout') throw err;
      spawn(this.world.sim, this.unexpectedFailure(m, err), (e2) => {
        if (e2 && !(e2 instanceof Stopped) && e2.name !== 'MessagingTimeout') throw e2;
      });
    });
  }

  /**
   * _do_build_and_run_instance's `except Exception`: "Unexpected build failure, not
   * rescheduling build." The fault of a non-Nova exception is its class name.
   */
  private *unexpectedFailure(m: Incoming, err: Error): Proc<void> {
    const spec = (m.payload.args as { request_spec: { data: { spec: BootSpec } } }).request_spec.data.spec;
    const ids = { request_id: spec.request_id, instance: spec.uuid };
    const opts: SendOptions = { context: spec.context, ...ids };
    const w = this.world;
    this.release(spec.uuid);
    yield* this.conductorSave('InstanceFault', spec.uuid, { instance_uuid: spec.uuid, code: 500, message: err.name, details: `Traceback (most recent call last):\noslo_messaging.exceptions.MessagingTimeout: ${err.message}\n`, host: this.spec.name, created_at: isoSeconds(w.now) }, opts);
    yield* this.conductorSave('Instance', spec.uuid, { vm_state: VM.ERROR, task_state: null, host: null, node: null, launched_on: null, availability_zone: null }, opts);
    yield* this.rest('placement-api', 'DELETE', `/allocations/${spec.uuid}`, ids);
  }

  private *rest(to: string, method: string, path: string, ids: { request_id: string; instance: string }, body?: unknown) {
    const r = yield* wait(this.cloud.rest.request(to, { from: this.process, method, path, ...ids, ...(body !== undefined ? { body } : {}) }));
    if (!this.alive) throw new Stopped();
    return r;
  }

  private *sleep(ms: number): Proc<void> {
    yield this.world.work(this.process, ms);
    if (!this.alive) throw new Stopped();
  }

  private spawnFails(): boolean {
    for (const f of this.cloud.spawnFaults) {
      if (f.remaining > 0 && this.world.now >= f.from && (f.host === '*' || f.host === this.spec.name)) {
        f.remaining--;
        return true;
      }
    }
    return false;
  }

  private *buildAndRun(m: Incoming): Proc<void> {
    const a = m.payload.args as { request_spec: { data: { spec: BootSpec } }; filter_properties: { retry?: Retry }; host_list: Selection[] };
    const spec = a.request_spec.data.spec;
    const uuid = spec.uuid;
    const ids = { request_id: spec.request_id, instance: uuid };
    const opts: SendOptions = { context: spec.context, ...ids };
    const save = (changes: Record<string, unknown>) => this.conductorSave('Instance', uuid, changes, opts);
    const publisher = `nova-compute:${this.spec.name}`;
    const w = this.world;

    // _do_build_and_run_instance
    yield* save({ vm_state: VM.BUILDING, task_state: null });
    yield* this.sleep(3);
    notify(w, publisher, 'instance.create.start', this.payload('InstanceCreatePayload', spec, 'building', null), ids);
    yield* this.rest('placement-api', 'GET', `/allocations/${uuid}`, ids);

    // rt.instance_claim
    const f = spec.flavor;
    const u = this.usage;
    const capRam = (this.spec.memory_mb - RESERVED_HOST_MEMORY_MB) * w.config.ram_allocation_ratio;
    const fits = u.memory_mb + f.ram <= capRam && u.vcpus + f.vcpus <= this.spec.vcpus * w.config.cpu_allocation_ratio && u.disk_gb + f.disk <= this.spec.disk_gb * w.config.disk_allocation_ratio;
    let claimed = false;
    let failure: string | null = null;
    if (!fits) {
      failure = `Insufficient compute resources: Free memory ${capRam - u.memory_mb} MB < requested ${f.ram} MB.`;
    } else {
      claimed = true;
      u.memory_mb += f.ram;
      u.vcpus += f.vcpus;
      u.disk_gb += f.disk;
      u.instances++;
      this.claims.set(uuid, { vcpus: f.vcpus, ram: f.ram, disk: f.disk });
      yield* save({ host: this.spec.name, node: this.nodename, launched_on: this.spec.name });
      yield* this.saveNode(opts);
      yield* this.rest('placement-api', 'GET', `/resource_providers/${this.nodeUuid}/allocations`, ids);
      yield* this.rest('placement-api', 'GET', `/allocations/${uuid}`, ids);
    }
    let createdPort: string | null = null;
    if (failure === null) {
      // _build_resources
      yield* save({ vm_state: VM.BUILDING, task_state: 'networking' });
      createdPort = yield* this.allocateNetwork(spec, ids);
      yield* save({ vm_state: VM.BUILDING, task_state: 'block_device_mapping' });
      if (spec.networks !== 'none') {
        for (let i = 0; i < 3; i++) yield* this.rest('neutron-server', 'GET', `/v2.0/ports?device_id=${uuid}`, ids);
        yield* this.rest('neutron-server', 'GET', `/v2.0/networks/${PRIVATE_NET.id}`, ids);
      }
      yield* save({ vm_state: VM.BUILDING, task_state: 'spawning' });
      try {
        yield* wait(this.hypervisor.spawn(uuid, spec.display_name, this.spawnFails(), ids));
        if (!this.alive) throw new Stopped();
      } catch (e) {
        if (e instanceof Stopped) throw e;
        failure = (e as Error).message;
        // _shutdown_instance: the half-built guest is destroyed
        this.hypervisor.destroy(uuid, ids);
      }
    }
    if (failure === null) {
      yield* save({ vm_state: VM.ACTIVE, task_state: null, power_state: POWER.RUNNING, launched_at: launchedAt(w.now) });
      this.rpc.cast({ topic: 'scheduler', fanout: true }, 'update_instance_info', { host_name: this.spec.name, instance_info: obj('InstanceList', [uuid]) }, '4.2', opts);
      notify(w, publisher, 'instance.create.end', this.payload('InstanceCreatePayload', spec, 'active', null), ids);
      return;
    }

    // a failed build: instance.create.error, then reschedule (or ERROR without retry info)
    if (claimed) {
      // Claim.abort(): usage returned, host/node unset
      this.release(uuid);
      yield* save({ host: null, node: null });
      this.failedBuilds++;
      yield* this.saveNode(opts);
    }
    notify(w, publisher, 'instance.create.error', this.payload('InstanceCreatePayload', spec, 'building', failure), ids);
    const retry = a.filter_properties.retry;
    if (createdPort) yield* this.rest('neutron-server', 'DELETE', `/v2.0/ports/${createdPort}`, ids);
    if (!retry) {
      yield* this.conductorSave('InstanceFault', uuid, { instance_uuid: uuid, code: 500, message: failure.slice(0, 255), details: `Traceback (most recent call last):\nnova.exception.RescheduledException: Build of instance ${uuid} was re-scheduled: ${failure}\n`, host: this.spec.name, created_at: isoSeconds(w.now) }, opts);
      yield* save({ vm_state: VM.ERROR, task_state: null, host: null, node: null, launched_on: null, availability_zone: null });
      yield* this.rest('placement-api', 'DELETE', `/allocations/${uuid}`, ids);
      return;
    }
    yield* save({ task_state: 'scheduling', host: null, node: null, launched_on: null, availability_zone: null });
    yield* this.rest('placement-api', 'DELETE', `/allocations/${uuid}`, ids);
    const nextRetry: Retry = { ...retry, hosts: retry.hosts.slice(), exc_reason: failure };
    this.rpc.cast(
      { topic: 'conductor' },
      'build_instances',
      {
        instances: [obj('Instance', { uuid })],
        image: obj('image', spec.image),
        filter_properties: { retry: nextRetry },
        admin_password: spec.admin_password,
        injected_files: [],
        requested_networks: obj('NetworkRequestList', spec.networks),
        security_groups: ['default'],
        request_spec: obj('RequestSpec', { spec }),
        host_lists: [a.host_list],
      },
      '1.19',
      { ...opts, namespace: 'compute_task' },
    );
  }

  private release(uuid: string): void {
    const c = this.claims.get(uuid);
    if (!c) return;
    this.claims.delete(uuid);
    this.usage.memory_mb -= c.ram;
    this.usage.vcpus -= c.vcpus;
    this.usage.disk_gb -= c.disk;
    this.usage.instances--;
  }

  /** ComputeNode.save() after the resource tracker's usage changed. */
  private *saveNode(opts: SendOptions): Proc<void> {
    const u = this.usage;
    yield* this.conductorSave(
      'ComputeNode',
      this.nodeUuid,
      { vcpus_used: u.vcpus, memory_mb_used: u.memory_mb + RESERVED_HOST_MEMORY_MB, local_gb_used: u.disk_gb, running_vms: u.instances, failed_builds: this.failedBuilds, updated_at: isoSeconds(this.world.now), updated_ms: this.world.now },
      opts,
    );
  }

  /** network_api.allocate_for_instance; returns the port nova created (to delete on failure). */
  private *allocateNetwork(spec: BootSpec, ids: { request_id: string; instance: string }): Proc<string | null> {
    if (spec.networks === 'none') return null;
    const host = this.spec.name;
    if (Array.isArray(spec.networks) && spec.networks[0]?.port) {
      const port = spec.networks[0].port;
      yield* this.rest('neutron-server', 'GET', `/v2.0/ports/${port}`, ids);
      yield* this.rest('neutron-server', 'GET', `/v2.0/networks?id=${PRIVATE_NET.id}`, ids);
      yield* this.rest('neutron-server', 'PUT', `/v2.0/ports/${port}`, ids, { port: { device_id: spec.uuid, device_owner: 'compute:nova', 'binding:host_id': host } });
      return null;
    }
    yield* this.rest('neutron-server', 'GET', `/v2.0/networks?id=${PRIVATE_NET.id}`, ids);
    const r = yield* this.rest('neutron-server', 'POST', '/v2.0/ports', ids, { port: { network_id: PRIVATE_NET.id, device_id: spec.uuid, device_owner: 'compute:nova', 'binding:host_id': host } });
    return ((r.body as { port?: { id: string } } | undefined)?.port?.id) ?? null;
  }

  private payload(name: string, spec: BootSpec, state: string, fault: string | null): Record<string, unknown> {
    return {
      'nova_object.name': name,
      'nova_object.namespace': 'nova',
      'nova_object.version': '1.12',
      'nova_object.data': {
        uuid: spec.uuid,
        display_name: spec.display_name,
        host: this.spec.name,
        node: this.nodename,
        state,
        flavor: { name: spec.flavor.name, vcpus: spec.flavor.vcpus, memory_mb: spec.flavor.ram, root_gb: spec.flavor.disk },
        image_uuid: spec.image.id,
        request_id: spec.request_id,
        fault: fault === null ? null : { exception: 'Exception', exception_message: fault, module_name: 'nova.virt.driver' },
        created_at: isoMicros(spec.created_t),
      },
    };
  }
}
