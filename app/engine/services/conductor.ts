import { spawn, wait, type Proc } from '../kernel/coroutine';
import { isoSeconds } from '../kernel/clock';
import type { CellDb, InstanceRow } from '../db/schema';
import { CELL0 } from '../db/schema';
import type { Incoming, RpcAgent } from '../mq/rpc';
import type { BdmRow } from '../objects';
import type { World } from '../world';
import { cellDb, projectUsage, type Cloud } from './cloud';
import {
  faultDetails,
  formatTb,
  FRAMES,
  payloadTraceback,
  scheduleFailureFrames,
  truncate255,
  type Frame,
} from './faults';
import { asBuildError, raisedIn, type BuildError } from './conductorErrors';
import { insertCreateAction, insertImageBdm, rootBdmUuid } from './cellRows';
import { instanceFields, obj, POWER, VM, type BootSpec, type Retry, type Selection } from './model';
import { publish } from './notifier';
import { requestSpecPayload } from './requestSpecPayload';
import { claimResources } from './claimResources';
import { deallocateForInstance } from './computeNetwork';
import type { AllocationBody } from './placement';

export const STATE_FIELDS = ['vm_state', 'task_state', 'power_state', 'host', 'node'] as const;

/**
 * nova-conductor: the ComputeTaskManager (schedule_and_build_instances, build_instances)
 * and the ConductorManager that does every database write nova-compute asks for
 * (object_action), since nova-compute has no database access of its own.
 */
export class Conductor {
  readonly process = 'nova-conductor';
  /** builds the conductor is working on: instance uuid → what it is doing */
  readonly inFlight = new Map<string, string>();
  /** each instance's root disk mapping row in the cell, for build_and_run_instance */
  private readonly bdmIds = new Map<string, number>();

  constructor(
    private readonly cloud: Cloud,
    private readonly rpc: RpcAgent,
  ) {}

  private get world(): World {
    return this.cloud.world;
  }

  start(): void {
    this.rpc.serve('conductor', 'conductor', (m) => this.dispatch(m));
  }

  private dispatch(m: Incoming): void {
    const p = m.payload;
    if (p.namespace === 'compute_task' && p.method === 'schedule_and_build_instances')
      spawn(this.world.sim, this.scheduleAndBuild(m), rethrow);
    else if (p.namespace === 'compute_task' && p.method === 'build_instances')
      spawn(this.world.sim, this.buildInstances(m), rethrow);
    else if (p.namespace === null && p.method === 'object_action')
      // a while's work, then the write: a timer rather than a coroutine, as this runs for
      // every save nova-compute makes
      this.world.sim.atWith(
        this.world.now + this.world.work(this.process, 2),
        objectAction,
        this,
        m,
      );
    else
      m.fail({
        class: 'UnsupportedVersion',
        module: 'oslo_messaging.rpc.dispatcher',
        message: `Endpoint does not support RPC method ${p.method}`,
        tb: [],
        args: [],
        kwargs: {},
      });
  }

  /** object_action(objinst, objmethod='save', ...): the write nova-compute cannot do itself. */
  objectAction(m: Incoming): void {
    const a = m.payload.args as {
      objinst: { $nova: string; data: { key: string; changes: Record<string, unknown> } };
      objmethod: 'save' | 'create';
    };
    const { $nova: name, data } = a.objinst;
    let id: number | undefined;
    const ctx = {
      by: this.process,
      request_id: m.event.request_id ?? null,
      instance: m.event.instance ?? null,
    };
    if (name === 'Instance') {
      const db = this.instanceCell(data.key);
      this.saveInstance(db, data.key, data.changes, ctx);
    } else if (name === 'Service') {
      // db.service_update: a raised report_count is a state report, stamped last_seen_up when
      // written (after an outage, the time it got through, not the time it was sent)
      const row = this.cloud.cell1.services.get(data.key);
      const now = this.world.now;
      const reported = row !== undefined && Number(data.changes.report_count) > row.report_count;
      this.cloud.cell1.services.update(ctx, data.key, {
        ...data.changes,
        ...(reported ? { last_seen_up: isoSeconds(now), last_seen_ms: now } : {}),
        updated_at: isoSeconds(now),
      });
    } else if (name === 'ComputeNode') {
      this.cloud.cell1.compute_nodes.update(ctx, data.key, data.changes);
    } else if (name === 'BlockDeviceMapping' && ctx.instance !== null) {
      this.instanceCell(ctx.instance).block_device_mapping.update(ctx, data.key, {
        ...data.changes,
        updated_at: isoSeconds(this.world.now),
      });
    } else if (name === 'InstanceFault') {
      const db = this.instanceCell(data.key);
      id = db.instance_faults.nextId();
      db.instance_faults.insert(ctx, { id, ...(data.changes as object) } as never);
    } else if (name === 'InstanceActionEvent') {
      const db = this.instanceCell(data.key);
      id = db.instance_actions_events.nextId();
      db.instance_actions_events.insert(ctx, { id, ...(data.changes as object) });
    }
    // conductor.manager.object_action: the fields the database changed on the object, and
    // obj_what_changed() after the write (nothing is left to save)
    const now = isoSeconds(this.world.now);
    m.reply([
      a.objmethod === 'create'
        ? { id, created_at: now, obj_what_changed: [] }
        : { updated_at: now, obj_what_changed: [] },
      null,
    ]);
  }

  /**
   * The root disk mapping as the cell database has it: a reschedule's build reads it again
   * (BlockDeviceMappingList.get_by_instance_uuid), with the device name the first host gave it.
   */
  private bdmRow(spec: BootSpec): BdmRow {
    const id = this.bdmIds.get(spec.uuid) ?? 1;
    const row = this.cloud.cell1.block_device_mapping.get(String(id));
    return {
      id,
      // the row's own, derived when it was written: derived again only without one
      uuid:
        row !== undefined && row.instance_uuid === spec.uuid
          ? (row.uuid as string)
          : rootBdmUuid(spec),
      device_name: (row?.device_name as string | null | undefined) ?? null,
      updated_at: (row?.updated_at as string | null | undefined) ?? null,
    };
  }

  private instanceCell(uuid: string): CellDb {
    const mapping = this.cloud.apiDb.instance_mappings.get(uuid);
    return cellDb(this.cloud, mapping?.cell_id as string | undefined);
  }

  /** Instance.save() in a cell DB; a `state` event when a state field changed. */
  saveInstance(
    db: CellDb,
    uuid: string,
    changes: Record<string, unknown>,
    ctx: { by: string; request_id: string | null; instance: string | null },
  ): void {
    // the changes with the time the database stamps, set on a copy: written as one literal
    // ({ ...changes, updated_at }), the store after a spread of any of a save's shapes missed
    // V8's megamorphic cache at every save, a runtime call each (node --log-ic)
    const fields: Record<string, unknown> = { ...changes };
    fields.updated_at = isoSeconds(this.world.now);
    const row = db.instances.update(ctx, uuid, fields as Partial<InstanceRow>);
    if (!row) return;
    if (changesState(changes)) {
      this.world.emit({
        type: 'state',
        request_id: ctx.request_id,
        instance: uuid,
        vm_state: row.vm_state,
        task_state: row.task_state,
        power_state: row.power_state,
        host: row.host,
        node: row.node,
        seq: 0,
        t: 0,
      });
    }
  }

  private *scheduleAndBuild(m: Incoming): Proc<void> {
    const w = this.world;
    const args = m.payload.args as { build_requests: { data: BootSpec }[] };
    const specs = args.build_requests.map((b) => b.data);
    const first = specs[0]!;
    const ids = { request_id: first.request_id, instance: first.uuid };
    for (const s of specs) this.inFlight.set(s.uuid, 'scheduling');
    yield w.work(this.process, 5);
    let hostLists: Selection[][];
    try {
      hostLists = (yield this.rpc.call(
        { topic: 'scheduler' },
        'select_destinations',
        {
          instance_uuids: specs.map((s) => s.uuid),
          spec_obj: obj('RequestSpec', { spec: first }),
          return_objects: true,
          return_alternates: true,
        },
        '4.5',
        {
          context: first.context,
          monitored: true,
          timeout: w.config.long_rpc_timeout,
          request_id: ids.request_id,
          instance: ids.instance,
        },
      )) as Selection[][];
    } catch (e) {
      yield* this.buryInCell0(specs, asBuildError(e as Error));
      for (const s of specs) this.inFlight.delete(s.uuid);
      return;
    }
    const created: { spec: BootSpec; hosts: Selection[] }[] = [];
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i]!;
      // every host is in cell1 (its host mapping); the AZ is the selected host's
      this.createInstance(
        this.cloud.cell1,
        spec,
        this.cloud.zones.ofHost(hostLists[i]![0]!.service_host),
        { by: this.process, request_id: spec.request_id, instance: spec.uuid },
      );
      created.push({ spec, hosts: hostLists[i]! });
    }
    const over = this.recheckQuota(first, specs.length);
    if (over !== null) {
      // _cleanup_build_artifacts: ERROR in the cell, its BDMs, mapped, build request and spec gone.
      // The allocations stay in placement until the server is deleted, as in Nova.
      for (const { spec } of created) {
        const ctx = { by: this.process, request_id: spec.request_id, instance: spec.uuid };
        // _get_fault_details keeps a traceback only for code 500
        yield* this.setErrorAndNotify(
          this.cloud.cell1,
          spec,
          { cls: 'TooManyInstances', message: over, nova: true },
          null,
          413,
        );
        // the BDMs are stored in the cell, for the volumes' clean-up on delete
        this.bdmIds.set(spec.uuid, insertImageBdm(this.cloud.cell1, ctx, spec));
        this.cloud.apiDb.instance_mappings.update(ctx, spec.uuid, {
          cell_id: this.cloud.cell1Uuid,
        });
        this.cloud.apiDb.build_requests.delete(ctx, spec.uuid);
        this.cloud.apiDb.request_specs.delete(ctx, spec.uuid);
        this.inFlight.delete(spec.uuid);
      }
      return;
    }
    for (const { spec, hosts } of created) {
      const ctx = { by: this.process, request_id: spec.request_id, instance: spec.uuid };
      const host = hosts[0]!;
      const alternates = hosts.slice(1);
      const retry: Retry | null =
        w.config.max_attempts > 1
          ? { num_attempts: 1, hosts: [[host.service_host, host.nodename]] }
          : null;
      const cell = this.cloud.cell1;
      insertCreateAction(cell, ctx, spec, null);
      this.bdmIds.set(spec.uuid, insertImageBdm(cell, ctx, spec));
      this.cloud.apiDb.instance_mappings.update(ctx, spec.uuid, { cell_id: this.cloud.cell1Uuid });
      this.cloud.apiDb.build_requests.delete(ctx, spec.uuid);
      yield* this.castBuild(spec, host, alternates, retry);
      this.inFlight.delete(spec.uuid);
    }
  }

  /**
   * [quota]recheck_quota: check_num_instances_quota with deltas of 0 once the instances
   * exist, which catches concurrent requests that each passed nova-api's check. The message
   * reports the limit as "used" (get_over_quota_detail gets the zero deltas as headroom).
   */
  private recheckQuota(spec: BootSpec, requested: number): string | null {
    const q = this.cloud.scenario.cloud.quotas;
    const used = projectUsage(this.cloud, String(spec.context.project_id));
    const limits = { cores: q.cores, instances: q.instances, ram: q.ram };
    const overs = (['cores', 'instances', 'ram'] as const).filter(
      (r) => limits[r] >= 0 && used[r] > limits[r],
    );
    if (overs.length === 0) return null;
    const req = {
      instances: requested,
      cores: requested * spec.flavor.vcpus,
      ram: requested * spec.flavor.ram,
    };
    const j = (f: (r: 'cores' | 'instances' | 'ram') => number) =>
      overs.map((r) => String(f(r))).join(', ');
    const names = overs.join(', ');
    return `Quota exceeded for ${names}: Requested ${j((r) => req[r])}, but already used ${j((r) => limits[r])} of ${j((r) => limits[r])} ${names}`;
  }

  /**
   * The instance's row in a cell, in the zone given (the chosen host's, or the one asked for):
   * one literal, as a spread of a field after the others is a runtime copy, for every boot.
   */
  private createInstance(
    db: CellDb,
    spec: BootSpec,
    availabilityZone: string | null,
    ctx: { by: string; request_id: string; instance: string },
  ): InstanceRow {
    const u = projectUsage(this.cloud, String(spec.context.project_id));
    u.instances++;
    u.cores += spec.flavor.vcpus;
    u.ram += spec.flavor.ram;
    return db.instances.insert(ctx, {
      id: db.instances.nextId(),
      uuid: spec.uuid,
      display_name: spec.display_name,
      hostname: spec.hostname,
      project_id: String(spec.context.project_id),
      user_id: 'admin',
      image_ref: spec.image.id,
      instance_type_id: spec.flavorDbId,
      flavor: spec.flavor.name,
      vcpus: spec.flavor.vcpus,
      memory_mb: spec.flavor.ram,
      root_gb: spec.flavor.disk,
      vm_state: VM.BUILDING,
      task_state: 'scheduling',
      power_state: POWER.NOSTATE,
      host: null,
      node: null,
      launched_on: null,
      launched_at: null,
      availability_zone: availabilityZone,
      reservation_id: spec.reservation_id,
      launch_index: spec.launch_index,
      created_at: isoSeconds(spec.created_t),
      updated_at: null,
      deleted: 0,
    });
  }

  private *castBuild(
    spec: BootSpec,
    host: Selection,
    alternates: Selection[],
    retry: Retry | null,
    rescheduled = false,
  ): Proc {
    const row = this.cloud.cell1.instances.get(spec.uuid);
    yield* this.rpc.cast(
      { topic: 'compute', server: host.service_host },
      'build_and_run_instance',
      {
        instance: obj('Instance', {
          spec,
          fields: instanceFields(row ?? {}),
          // schedule_and_build_instances sets the tags; a rescheduled instance comes back from
          // nova-compute, where only ec2_ids (a child object) is still changed
          changes: rescheduled ? ['ec2_ids'] : ['ec2_ids', 'tags'],
        }),
        image: obj('image', { spec }),
        // a reschedule's is RequestSpec.from_primitives of the legacy dicts, with the retry
        request_spec: obj(
          'RequestSpec',
          rescheduled && retry ? { spec, retry, limits: limitsDict(host.limits) } : { spec },
        ),
        filter_properties: {
          limits: limitsDict(host.limits),
          ...(retry ? { retry: { ...retry, hosts: retry.hosts.slice() } } : {}),
        },
        admin_password: spec.admin_password,
        injected_files: [],
        requested_networks: obj('NetworkRequestList', spec.networks),
        security_groups: ['default'],
        block_device_mapping: obj('BlockDeviceMappingList', {
          spec,
          row: this.bdmRow(spec),
        }),
        node: host.nodename,
        limits: limitsDict(host.limits),
        host_list: alternates,
        accel_uuids: [],
      },
      '6.0',
      { context: spec.context, request_id: spec.request_id, instance: spec.uuid },
    );
  }

  /** _bury_in_cell0: the instance is created in cell0 and put in ERROR with a fault. */
  private *buryInCell0(specs: BootSpec[], err: BuildError): Proc<void> {
    const cell0 = this.cloud.cell0;
    const raisedAt = scheduleFailureFrames(err.cls, err.message);
    for (const spec of specs) {
      const ctx = { by: this.process, request_id: spec.request_id, instance: spec.uuid };
      this.createInstance(cell0, spec, spec.availability_zone, ctx);
      this.cloud.apiDb.instance_mappings.update(ctx, spec.uuid, { cell_id: CELL0.uuid });
      // _create_instance_action_for_cell0: the action; its event started (action_event_start
      // touches the action), then finished with the failure (action_event_finish touches it
      // again and marks its message 'Error')
      const action = insertCreateAction(cell0, ctx, spec, null);
      const actionKey = String(action.id);
      const now = isoSeconds(this.world.now);
      const event = cell0.instance_actions_events.insert(ctx, {
        id: cell0.instance_actions_events.nextId(),
        event: 'conductor_schedule_and_build_instances',
        action_id: action.id,
        start_time: now,
        host: 'conductor',
      });
      cell0.instance_actions.update(ctx, actionKey, { updated_at: now });
      cell0.instance_actions_events.update(ctx, String(event.id), {
        finish_time: now,
        result: 'Error',
        // serialize_args: format_message(), or the class name; ''.join(format_tb(exc_tb))
        details: truncate255(err.nova ? err.message : err.cls),
        traceback: formatTb(raisedAt),
      });
      cell0.instance_actions.update(ctx, actionKey, { message: 'Error', updated_at: now });
      insertImageBdm(cell0, ctx, spec);
      // every instance is notified with the request's first spec (request_specs[0])
      yield* this.setErrorAndNotify(cell0, spec, err, raisedAt, 500, specs[0]);
    }
    for (const spec of specs) {
      this.cloud.apiDb.build_requests.delete(
        { by: this.process, request_id: spec.request_id, instance: spec.uuid },
        spec.uuid,
      );
    }
  }

  /** scheduler_utils.set_vm_state_and_notify: save ERROR, add the fault, notify. */
  private *setErrorAndNotify(
    db: CellDb,
    spec: BootSpec,
    err: BuildError,
    raisedAt: Frame[] | null,
    code = 500,
    requestSpec: BootSpec = spec,
  ): Proc<void> {
    const ctx = { by: this.process, request_id: spec.request_id, instance: spec.uuid };
    this.saveInstance(db, spec.uuid, { vm_state: VM.ERROR, task_state: null }, ctx);
    db.instance_faults.insert(ctx, {
      id: db.instance_faults.nextId(),
      instance_uuid: spec.uuid,
      code,
      // compute_utils.exception_to_dict: format_message(), or the class name for a non-Nova error
      message: truncate255(err.nova ? err.message : err.cls),
      details: raisedAt ? faultDetails(raisedAt, err.cls, err.message) : '',
      host: 'conductor',
      created_at: isoSeconds(this.world.now),
    });
    yield* publish(
      this.cloud,
      'nova-conductor:conductor',
      'compute_task.build_instances.error',
      {
        'nova_object.name': 'ComputeTaskPayload',
        'nova_object.namespace': 'nova',
        'nova_object.version': '1.0',
        'nova_object.data': {
          instance_uuid: spec.uuid,
          request_spec: requestSpecPayload(requestSpec, requestSpec.uuid, true),
          state: 'error',
          reason: {
            'nova_object.name': 'ExceptionPayload',
            'nova_object.namespace': 'nova',
            'nova_object.version': '1.1',
            'nova_object.data': {
              ...raisedIn(err.cls, raisedAt, err.message),
              exception: err.cls,
              exception_message: err.message,
              traceback: raisedAt ? payloadTraceback(raisedAt, err.cls, err.message) : '',
            },
          },
        },
      },
      ctx,
    );
  }

  /** build_instances after a compute failed a build: retry on the next alternate host. */
  private *buildInstances(m: Incoming): Proc<void> {
    const w = this.world;
    const a = m.payload.args as {
      instances: { data: { uuid: string } }[];
      filter_properties: { retry?: Retry };
      request_spec: { data: { spec: BootSpec } };
      host_lists: Selection[][];
    };
    const spec = a.request_spec.data.spec;
    const uuid = spec.uuid;
    const ctx = { by: this.process, request_id: spec.request_id, instance: uuid };
    this.inFlight.set(uuid, 'rescheduling');
    yield w.work(this.process, 5);
    const hostList = a.host_lists[0]!.slice();
    const retry: Retry | null = a.filter_properties.retry
      ? { ...a.filter_properties.retry, hosts: a.filter_properties.retry.hosts.slice() }
      : null;
    const fail = (message: string, raisedAt: Frame[]) =>
      this.rescheduleFailed(spec, message, raisedAt);
    if (retry) {
      retry.num_attempts++;
      const reason = retry.exc_reason;
      delete retry.exc_reason;
      if (retry.num_attempts > w.config.max_attempts) {
        yield* fail(
          `Exceeded max scheduling attempts ${w.config.max_attempts} for instance ${uuid}. Last exception: ${reason ?? ''}`,
          [FRAMES.populateRetry, FRAMES.maxAttempts],
        );
        return;
      }
    }
    const exhausted = `Exhausted all hosts available for retrying build failures for instance ${uuid}.`;
    if (hostList.length === 0) {
      yield* fail(exhausted, [FRAMES.exhausted]);
      return;
    }
    let host: Selection | undefined = hostList.shift();
    let available = false;
    while (host && !available) {
      available = yield* this.claim(spec, host);
      if (!available) host = hostList.shift();
    }
    if (!host || !available) {
      this.exhaustedByClaims(spec, exhausted);
      return;
    }
    // the Selection's zone: the host's (Selection.from_host_state)
    this.saveInstance(
      this.cloud.cell1,
      uuid,
      { availability_zone: this.cloud.zones.ofHost(host.service_host) },
      ctx,
    );
    if (retry) retry.hosts.push([host.service_host, host.nodename]);
    yield* this.castBuild(spec, host, hostList, retry, true);
    this.inFlight.delete(uuid);
  }

  /**
   * Every alternate's claim failed: build_instances builds MaxRetriesExceeded without raising
   * it and calls _cleanup_when_reschedule_fails outside any except block. In 26.2.2 that goes
   * only half way (nova/scheduler/utils.py set_vm_state_and_notify): the ERROR save happens,
   * the fault's details are traceback.format_exception(*sys.exc_info()) of no exception,
   * "NoneType: None\n", and then ExceptionPayload.from_exception (nova/notifications/objects/
   * exception.py) reads tb_frame of the exception's missing __traceback__ and raises
   * AttributeError: no compute_task.build_instances.error, and the conductor's
   * _cleanup_allocated_networks never runs.
   */
  private exhaustedByClaims(spec: BootSpec, message: string): void {
    const db = this.cloud.cell1;
    const ctx = { by: this.process, request_id: spec.request_id, instance: spec.uuid };
    this.saveInstance(db, spec.uuid, { vm_state: VM.ERROR, task_state: null }, ctx);
    db.instance_faults.insert(ctx, {
      id: db.instance_faults.nextId(),
      instance_uuid: spec.uuid,
      code: 500,
      message: truncate255(`Exceeded maximum number of retries. ${message}`),
      details: 'NoneType: None\n',
      host: 'conductor',
      created_at: isoSeconds(this.world.now),
    });
    this.inFlight.delete(spec.uuid);
  }

  /** _cleanup_when_reschedule_fails: ERROR, the fault and the notification, then the networks. */
  private *rescheduleFailed(spec: BootSpec, message: string, raisedAt: Frame[]): Proc<void> {
    yield* this.setErrorAndNotify(
      this.cloud.cell1,
      spec,
      {
        cls: 'MaxRetriesExceeded',
        message: `Exceeded maximum number of retries. ${message}`,
        nova: true,
      },
      raisedAt,
    );
    yield* this.cleanupAllocatedNetworks(spec);
    this.inFlight.delete(spec.uuid);
  }

  /**
   * The conductor's _cleanup_allocated_networks: deallocate_for_instance unless no network was
   * asked for (the failed compute has already unbound or deleted the ports, so the listing is
   * usually empty). Its network_allocated=False writes nothing: the instance came back from
   * the compute with that already saved, and Instance.save() of an unchanged object returns.
   */
  private *cleanupAllocatedNetworks(spec: BootSpec): Proc<void> {
    const ids = { request_id: spec.request_id, instance: spec.uuid };
    if (spec.networks !== 'none') {
      const rest = this.cloud.rest;
      const from = this.process;
      yield* deallocateForInstance(
        (method, path, ids, body) =>
          wait(
            rest.request('neutron-server', {
              from,
              method,
              path,
              ...ids,
              ...(body === undefined ? {} : { body }),
            }),
          ),
        spec,
        ids,
      );
    }
  }

  /** scheduler_utils.claim_resources for an alternate, with the allocation it came with. */
  private claim(spec: BootSpec, host: Selection): Proc<boolean> {
    const { allocations, mappings } = JSON.parse(host.allocation_request) as Pick<
      AllocationBody,
      'allocations' | 'mappings'
    >;
    return claimResources(
      this.cloud.rest,
      this.process,
      spec.uuid,
      allocations,
      String(spec.context.project_id),
      { request_id: spec.request_id, instance: spec.uuid },
      mappings,
    );
  }
}

const objectAction = (conductor: Conductor, m: Incoming) => conductor.objectAction(m);

/** A task's failure is the engine's own bug: the run stops on it. */
const rethrow = (err: Error | null): void => {
  if (err) throw err;
};

/** Whether a save changes one of STATE_FIELDS (a loop: `some` made a closure every save). */
function changesState(changes: Record<string, unknown>): boolean {
  for (const f of STATE_FIELDS) if (f in changes) return true;
  return false;
}

/** SchedulerLimits.to_dict: the limits that are set (none, with placement doing the claims). */
function limitsDict(limits: Selection['limits']): Record<string, number> {
  // a loop: entries, filter and fromEntries made four arrays a key, three times a build
  const set: Record<string, number> = {};
  for (const k in limits) {
    const v = limits[k as keyof typeof limits];
    if (v !== null) set[k] = v;
  }
  return set;
}
