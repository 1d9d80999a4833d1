import type { Engine, Injection } from './api';
import { apiTables, CELL0, CELL1_NAME, cellTables, placementTables } from './db/schema';
import { isoSeconds } from './kernel/clock';
import { createRng } from './kernel/rng';
import { Sim } from './kernel/sim';
import { Broker } from './mq/broker';
import { RpcAgent } from './mq/rpc';
import type { BootRequest, FaultSpec, ResolvedScenario } from './scenario';
import { Client } from './services/client';
import type { Cloud } from './services/cloud';
import { Compute } from './services/compute';
import { Conductor } from './services/conductor';
import { derivedUuid } from './services/derivedUuid';
import { notify } from './services/notifier';
import { serviceStatusPayload } from './services/servicePayload';
import { NovaApi } from './services/novaApi';
import { glance, keystone, Neutron } from './services/peers';
import { Placement } from './services/placement';
import { Zones } from './services/zones';
import { RestNet } from './services/rest';
import { Scheduler } from './services/scheduler';
import type { TraceSink } from './trace';
import { World } from './world';
import { nodenameOf } from './services/hypervisor';

/** nova/objects/service.py SERVICE_VERSION in Zed (26.x); 61 was Yoga's */
export const SERVICE_VERSION = 64;

export interface EngineOptions {
  sink: TraceSink;
  /** overrides the scenario's seed */
  seed?: number;
}

/** A run stops at least this long (virtual) after its last request or fault, even if a build never ends. */
const GIVE_UP_AFTER_MS = 600_000;

/**
 * How long a run waits after its last request or fault before it gives up on builds that
 * never end (a lost message, a host gone for good): ten minutes, or more when the scenario's
 * own times are longer (a slow spawn, a long RPC timeout), so that what it set up can happen.
 */
function settleMs(config: ResolvedScenario['config'], faults: FaultSpec[]): number {
  const slowest = Math.max(1, ...faults.map((f) => (f.kind === 'slow' ? f.factor : 1)));
  const own =
    config.spawn_seconds * slowest +
    config.rpc_response_timeout +
    config.service_down_time +
    config.client_poll_seconds;
  return Math.max(GIVE_UP_AFTER_MS, 3 * 1000 * own);
}

/** The processes of a running simulation, for inspectors. */
export interface EngineInternals {
  cloud: Cloud;
  api: NovaApi;
  conductor: Conductor;
  scheduler: Scheduler;
  computes: Map<string, Compute>;
  client: Client;
}

export function createEngine(
  scenario: ResolvedScenario,
  options: EngineOptions,
): Engine & { internals: EngineInternals; inject(i: Injection): void } {
  const seed = options.seed ?? scenario.seed;
  const sim = new Sim();
  const rng = createRng(seed);
  const world = new World(sim, rng, scenario.config, options.sink);
  const broker = new Broker(world);
  const rest = new RestNet(world);
  const placementDb = placementTables(world);
  const zones = new Zones(scenario);
  const cloud: Cloud = {
    world,
    scenario,
    broker,
    rest,
    apiDb: apiTables(world),
    cell0: cellTables(world, CELL0.database),
    cell1: cellTables(world, 'nova-cell1-db'),
    cell1Uuid: rng.uuid(),
    placementDb,
    placement: new Placement(world, placementDb, scenario.config, zones),
    zones,
    neutron: new Neutron(world),
    nodes: new Map(),
    usage: new Map(),
    spawnFaults: [],
  };
  const agent = (process: string) => new RpcAgent(world, broker, process);
  const boot = { by: 'nova-manage' };

  // nova-manage cell_v2 simple_cell_setup: cell0 and cell1 mappings
  cloud.apiDb.cell_mappings.insert(boot, {
    uuid: CELL0.uuid,
    name: CELL0.name,
    database_connection: 'mysql+pymysql://nova:****@db/nova_cell0',
    transport_url: 'none:///',
  });
  cloud.apiDb.cell_mappings.insert(boot, {
    uuid: cloud.cell1Uuid,
    name: CELL1_NAME,
    database_connection: 'mysql+pymysql://nova:****@db/nova',
    transport_url: 'rabbit://nova:****@rabbitmq:5672/',
  });

  const api = new NovaApi(cloud, agent('nova-api'));
  const conductor = new Conductor(cloud, agent('nova-conductor'));
  const scheduler = new Scheduler(cloud, agent('nova-scheduler'));
  const client = new Client(world, rest);
  rest.listen('nova-api', api.handle);
  rest.listen('keystone', keystone(world));
  rest.listen('glance-api', glance(world, scenario.cloud.images));
  rest.listen('neutron-server', cloud.neutron.handle);
  rest.listen('placement-api', cloud.placement.handle);

  const serviceRow = (host: string, binary: string, topic: string | null) => {
    const t = cloud.cell1.services;
    const row = t.insert(
      { by: 'nova-conductor' },
      {
        id: t.nextId(),
        // Service.create generates it; derived, so no later id of the run changes
        uuid: derivedUuid(`service:${seed}:${host}/${binary}`),
        host,
        binary,
        topic,
        report_count: 0,
        disabled: false,
        forced_down: false,
        last_seen_up: null,
        created_at: isoSeconds(world.now),
        updated_at: null,
        last_seen_ms: 0,
        version: SERVICE_VERSION,
      },
    );
    // NotificationPublisher.from_service_obj: nova-osapi_compute publishes as nova-api
    const source = binary === 'nova-osapi_compute' ? 'nova-api' : binary;
    notify(world, `${source}:${host}`, 'service.create', serviceStatusPayload(row), {});
  };
  serviceRow('api', 'nova-osapi_compute', null);
  serviceRow('conductor', 'nova-conductor', 'conductor');
  serviceRow('scheduler', 'nova-scheduler', 'scheduler');
  conductor.start();
  scheduler.start();

  const computes = new Map<string, Compute>();
  for (const h of scenario.cloud.hosts) {
    const nodeUuid = rng.uuid();
    cloud.nodes.set(h.name, nodeUuid);
    serviceRow(h.name, 'nova-compute', 'compute');
    const cn = cloud.cell1.compute_nodes;
    cn.insert(
      { by: 'nova-conductor' },
      {
        id: cn.nextId(),
        uuid: nodeUuid,
        host: h.name,
        hypervisor_hostname: nodenameOf(h.name),
        vcpus: h.vcpus,
        memory_mb: h.memory_mb,
        local_gb: h.disk_gb,
        vcpus_used: 0,
        memory_mb_used: 512,
        local_gb_used: 0,
        running_vms: 0,
        cpu_allocation_ratio: scenario.config.cpu_allocation_ratio,
        ram_allocation_ratio: scenario.config.ram_allocation_ratio,
        disk_allocation_ratio: scenario.config.disk_allocation_ratio,
        failed_builds: 0,
      },
    );
    cloud.apiDb.host_mappings.insert(boot, { host: h.name, cell_id: cloud.cell1Uuid });
    cloud.placement.addProvider(nodeUuid, h);
    const c = new Compute(cloud, agent(`nova-compute@${h.name}`), h, nodeUuid);
    computes.set(h.name, c);
    c.start();
  }

  // A service is never created forced down: nova-compute registers itself (Service.create), and
  // an admin forces it down afterwards (PUT /os-services/{id} {"forced_down": true}), whose
  // Service.save() sends service.update (objects/service.py _send_status_update_notification)
  for (const h of scenario.cloud.hosts) {
    if (!h.forced_down) continue;
    const row = cloud.cell1.services.update({ by: 'nova-api' }, `${h.name}/nova-compute`, {
      forced_down: true,
      updated_at: isoSeconds(world.now),
    })!;
    notify(world, `nova-compute:${h.name}`, 'service.update', serviceStatusPayload(row), {});
  }

  /** the last request's or fault's time: the run gives up on builds a while after it */
  let lastRequestAt = 0;
  const scheduleBoot = (at: number, r: Omit<BootRequest, 'at'>) => {
    if (Array.isArray(r.networks))
      for (const n of r.networks) if (n.port) cloud.neutron.preCreate(n.port);
    lastRequestAt = Math.max(lastRequestAt, at);
    sim.at(at, () => client.boot(r));
  };
  /**
   * The scenario's requests arrive one queued action at a time instead of all at once: with
   * thousands of requests the queue stays a few hundred actions deep, so every push and pop
   * stays short. Each arrival takes the place it would have had if queued up front, so the
   * trace is the same.
   */
  const scheduleArrivals = (requests: BootRequest[]) => {
    for (const r of requests) {
      if (Array.isArray(r.networks))
        for (const n of r.networks) if (n.port) cloud.neutron.preCreate(n.port);
      lastRequestAt = Math.max(lastRequestAt, r.at);
    }
    const first = sim.reservePlaces(requests.length);
    const order = requests
      .map((_, i) => i)
      .sort((a, b) => requests[a]!.at - requests[b]!.at || a - b);
    const arrive = (k: number) => {
      client.boot(requests[order[k]!]!);
      const next = order[k + 1];
      if (next !== undefined) sim.atPlace(requests[next]!.at, first + next, () => arrive(k + 1));
    };
    if (order.length > 0) sim.atPlace(requests[order[0]!]!.at, first + order[0]!, () => arrive(0));
  };
  let settle = settleMs(scenario.config, scenario.faults);
  const applyFault = (f: FaultSpec) => {
    lastRequestAt = Math.max(lastRequestAt, f.kind === 'broker-down' ? f.at + f.for : (f.at ?? 0));
    if (f.kind === 'slow') settle = Math.max(settle, settleMs(scenario.config, [f]));
    const fault = (target: string, detail: string, amount?: number) =>
      world.emit({
        type: 'fault',
        kind: f.kind,
        target,
        detail,
        ...(amount !== undefined ? { amount } : {}),
      });
    switch (f.kind) {
      case 'spawn-fails':
        cloud.spawnFaults.push({ host: f.host, remaining: f.times ?? Infinity, from: f.at ?? 0 });
        break;
      case 'service-down':
        sim.at(f.at, () => {
          fault(`nova-compute@${f.host}`, `the nova-compute process on ${f.host} stops`);
          computes.get(f.host)?.stop();
        });
        break;
      case 'message-drop':
        broker.drops.push({
          ...(f.topic !== undefined ? { topic: f.topic } : {}),
          ...(f.method !== undefined ? { method: f.method } : {}),
          remaining: f.times ?? Infinity,
          from: f.at ?? 0,
        });
        break;
      case 'broker-down':
        sim.at(f.at, () => {
          fault('rabbitmq', `the broker is unreachable for ${f.for} ms`, f.for);
          broker.setDown(true);
        });
        sim.at(f.at + f.for, () => broker.setDown(false));
        break;
      case 'slow':
        sim.at(f.at ?? 0, () => {
          fault(f.process, `${f.process} works ${f.factor}× slower`, f.factor);
          world.slow.set(f.process, f.factor);
        });
        break;
      default: {
        const never: never = f;
        throw new Error(`unknown fault ${JSON.stringify(never)}`);
      }
    }
  };
  for (const f of scenario.faults) applyFault(f);
  scheduleArrivals(scenario.requests);

  const engine = {
    internals: { cloud, api, conductor, scheduler, computes, client },
    get now() {
      return sim.now;
    },
    get eventCount() {
      return world.eventCount;
    },
    get done() {
      return !sim.alive || sim.pending === 0 || engine.gaveUp;
    },
    get gaveUp() {
      return sim.alive && (sim.nextTime() ?? 0) > lastRequestAt + settle;
    },
    step() {
      // done, as above, with one look at the queue: this runs for every action
      return sim.alive && sim.stepUntil(lastRequestAt + settle);
    },
    run(maxEvents = Infinity) {
      const stopAt = world.eventCount + maxEvents;
      while (world.eventCount < stopAt && engine.step()) {
        /* run */
      }
    },
    runUntil(t: number) {
      while (!engine.done && (sim.nextTime() ?? Infinity) <= t) sim.step();
    },
    inject(i: Injection) {
      const at = Math.max(i.at, sim.now);
      if (i.kind === 'boot') scheduleBoot(at + (i.after ?? 0), i.request);
      else applyFault({ ...i.fault, ...('at' in i.fault ? { at } : {}) } as FaultSpec);
    },
  };
  return engine;
}
