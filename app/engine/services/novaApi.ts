import type { Proc } from '../kernel/coroutine';
import { isoSeconds } from '../kernel/clock';
import type { FlavorSpec } from '../scenario';
import type { RpcAgent } from '../mq/rpc';
import type { World } from '../world';
import { createResponse, showResponse } from './apiViews';
import { cellDb, projectUsage, type Cloud } from './cloud';
import { PROJECT_ID, USER_ID, requestContext } from './context';
import { obj, type BootSpec } from './model';
import { PRIVATE_NET, type Port } from './peers';
import type { RestRequest, RestResponse } from './rest';

export interface ServerCreateBody {
  server: {
    name?: unknown;
    flavorRef?: unknown;
    imageRef?: unknown;
    min_count?: unknown;
    max_count?: unknown;
    networks?: unknown;
    availability_zone?: unknown;
  };
}

const TOKEN_CACHE_MS = 300_000;
const SERVERS = '/v2.1/servers/';

/**
 * nova-api (the WSGI compute API): validates the request, checks quota, writes the
 * BuildRequest, RequestSpec and InstanceMapping to the API DB, casts
 * schedule_and_build_instances to the conductor and answers 202 at once.
 */
export class NovaApi {
  readonly process = 'nova-api';
  private tokenValidUntil = -1;
  readonly specs = new Map<string, BootSpec>();
  /**
   * GET /v2.1/servers/{id} paths, each to its server's own id string (its spec's), while it
   * builds: a client polls with one path string, found here whole, and the id then finds the
   * spec, mapping and row without comparing characters, where the id sliced out of the path
   * at every poll was a new string to hash and compare in each of those lookups.
   */
  private readonly shownIds = new Map<string, string>();
  private nextBuildRequestId = 0;

  constructor(
    private readonly cloud: Cloud,
    private readonly rpc: RpcAgent,
  ) {}

  private get world(): World {
    return this.cloud.world;
  }

  handle = (req: RestRequest): Proc<RestResponse> => this.serve(req);

  private *serve(req: RestRequest): Proc<RestResponse> {
    // a cached token asks nothing: no generator for it (every poll comes through here)
    if (this.world.now >= this.tokenValidUntil) yield* this.authenticate(req);
    const path = req.path;
    if (req.method === 'POST' && path === '/v2.1/servers') return yield* this.create(req);
    // /v2.1/servers/{id}, the id without a slash
    if (req.method === 'GET') {
      const known = this.shownIds.get(path);
      if (known !== undefined) return yield* this.show(req, known);
    }
    if (
      req.method === 'GET' &&
      path.length > SERVERS.length &&
      path.startsWith(SERVERS) &&
      path.indexOf('/', SERVERS.length) < 0
    ) {
      const id = path.slice(SERVERS.length);
      const spec = this.specs.get(id);
      if (spec !== undefined) this.shownIds.set(path, spec.uuid);
      return yield* this.show(req, spec !== undefined ? spec.uuid : id);
    }
    return {
      status: 404,
      body: { itemNotFound: { code: 404, message: 'The resource could not be found.' } },
    };
  }

  /** keystonemiddleware validates the token once and caches it for token_cache_time. */
  private *authenticate(req: RestRequest): Proc<void> {
    if (this.world.now < this.tokenValidUntil) return;
    yield this.cloud.rest.request('keystone', {
      from: this.process,
      method: 'GET',
      path: '/v3/auth/tokens',
      request_id: req.request_id,
      instance: null,
    });
    this.tokenValidUntil = this.world.now + TOKEN_CACHE_MS;
  }

  private badRequest(message: string): RestResponse {
    return { status: 400, body: { badRequest: { code: 400, message } } };
  }

  private *create(req: RestRequest): Proc<RestResponse> {
    const w = this.world;
    yield w.work(this.process, 15);
    const body = (req.body ?? {}) as ServerCreateBody;
    const s = body.server ?? {};
    if (typeof s.name !== 'string' || s.name.length === 0 || s.name.length > 255) {
      return this.badRequest(
        `Invalid input for field/attribute name. Value: ${String(s.name)}. ${s.name === undefined ? "'name' is a required property" : 'is not valid'}`,
      );
    }
    if (typeof s.flavorRef !== 'string')
      return this.badRequest(
        "Invalid input for field/attribute flavorRef. Value: None. 'flavorRef' is a required property",
      );
    if (typeof s.imageRef !== 'string') return this.badRequest('Missing imageRef attribute');
    const minCount = typeof s.min_count === 'number' ? s.min_count : 1;
    const maxCount = typeof s.max_count === 'number' ? s.max_count : minCount;
    if (minCount > maxCount) return this.badRequest('min_count must be <= max_count');
    const networks = s.networks === undefined ? 'auto' : (s.networks as BootSpec['networks']);
    // ServersController.create looks the flavor up first (the API database), before
    // compute.API.create: an unknown one is refused without asking glance for the image
    const flavorIndex = this.cloud.scenario.cloud.flavors.findIndex((f) => f.id === s.flavorRef);
    const flavor = this.cloud.scenario.cloud.flavors[flavorIndex];
    if (!flavor) return this.badRequest(`Flavor ${String(s.flavorRef)} could not be found.`);
    // compute.API.create: the zone asked for must be one the services are in
    if (
      typeof s.availability_zone === 'string' &&
      !this.cloud.zones.available().has(s.availability_zone)
    )
      return this.badRequest('The requested availability zone is not available');

    // compute.API._create_instance: the image, then (_validate_and_build_base_options) the
    // networks, then the flavor against the image
    const image = (yield this.cloud.rest.request('glance-api', {
      from: this.process,
      method: 'GET',
      path: `/v2/images/${s.imageRef}`,
      request_id: req.request_id,
      instance: null,
    })) as RestResponse;
    if (image.status !== 200) return this.badRequest('Can not find requested image');
    const imageSpec = this.cloud.scenario.cloud.images.find((i) => i.id === s.imageRef)!;
    const bad = yield* this.validateNetworks(req, networks);
    if (bad) return bad;
    if (imageSpec.min_ram > flavor.ram)
      return this.badRequest("Flavor's memory is too small for requested image.");
    if (imageSpec.min_disk > flavor.disk)
      return this.badRequest("Flavor's disk is too small for requested image.");

    const count = this.quotaCount(flavor, minCount, maxCount);
    if (typeof count === 'string')
      return { status: 403, body: { forbidden: { code: 403, message: count } } };

    const reservation = `r-${w.rng.hex(8)}`;
    const context = requestContext(req.request_id ?? '', w.now);
    const specs: BootSpec[] = [];
    for (let i = 0; i < count; i++) {
      const uuid = w.rng.uuid();
      const name = count > 1 ? `${s.name}-${i + 1}` : s.name;
      specs.push({
        uuid,
        request_id: req.request_id ?? '',
        display_name: name,
        hostname: name
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-')
          .slice(0, 63),
        flavor,
        flavorDbId: flavorIndex + 1,
        image: imageSpec,
        imageDbId: this.cloud.scenario.cloud.images.indexOf(imageSpec) + 1,
        networks,
        availability_zone: typeof s.availability_zone === 'string' ? s.availability_zone : null,
        reservation_id: reservation,
        launch_index: i,
        num_instances: count,
        admin_password: w.rng.hex(12),
        created_t: w.now,
        context,
        requestSpecId: undefined,
        buildRequestId: undefined,
      });
    }
    // _provision_instances: RequestSpec, BuildRequest, InstanceMapping, per instance
    const db = this.cloud.apiDb;
    for (const spec of specs) {
      this.specs.set(spec.uuid, spec);
      const ctx = { by: this.process, request_id: spec.request_id, instance: spec.uuid };
      spec.requestSpecId = db.request_specs.nextId();
      spec.buildRequestId = ++this.nextBuildRequestId;
      db.request_specs.insert(ctx, {
        id: spec.requestSpecId,
        instance_uuid: spec.uuid,
        spec: ['RequestSpec(flavor=', flavor.name, ', num_instances=', String(count), ')'].join(''),
      });
      db.build_requests.insert(ctx, {
        id: spec.buildRequestId,
        instance_uuid: spec.uuid,
        project_id: PROJECT_ID,
        // the serialized Instance, cut to what a reader of the row needs (the name a
        // multi-create gave it: `openstack server list` shows it before a cell has it)
        instance: {
          uuid: spec.uuid,
          display_name: spec.display_name,
          vm_state: 'building',
          task_state: 'scheduling',
        },
        created_at: isoSeconds(w.now),
      });
      db.instance_mappings.insert(ctx, {
        id: db.instance_mappings.nextId(),
        instance_uuid: spec.uuid,
        cell_id: null,
        project_id: PROJECT_ID,
        user_id: USER_ID,
        queued_for_delete: false,
      });
    }
    yield* this.rpc.cast(
      { topic: 'conductor' },
      'schedule_and_build_instances',
      {
        build_requests: specs.map((sp) => obj('BuildRequest', sp)),
        request_specs: specs.map((sp) => obj('RequestSpec', { spec: sp })),
        image: obj('image', { spec: specs[0] }),
        admin_password: specs[0]!.admin_password,
        injected_files: [],
        requested_networks: obj('NetworkRequestList', networks),
        block_device_mapping: obj('BlockDeviceMappingList', { spec: specs[0] }),
        tags: obj('TagList', []),
      },
      '1.17',
      { namespace: 'compute_task', context, request_id: req.request_id, instance: specs[0]!.uuid },
    );
    return { status: 202, body: createResponse(specs[0]!) };
  }

  /**
   * The neutron calls of _validate_and_build_base_options, in Nova's order
   * (nova/network/neutron.py): validate_networks (_ports_needed_per_instance: show_port per
   * port, list_networks for the networks asked for, or the project's and the shared ones
   * when none is named; then show_quota when a port is to be created), then
   * create_resource_requests (show_port and show_network per port, show_network per
   * network), then _check_support_vnic_remote_managed (show_port per port). "none" asks for
   * nothing.
   */
  private *validateNetworks(
    req: RestRequest,
    networks: BootSpec['networks'],
  ): Proc<RestResponse | null> {
    if (networks === 'none') return null;
    const list = Array.isArray(networks) ? networks : [];
    let portsNeeded = 0;
    const netIds: string[] = [];
    for (const n of list) {
      if (n.port) {
        const r = (yield this.neutron(req, 'GET', `/v2.0/ports/${n.port}`)) as RestResponse;
        if (r.status !== 200) return this.badRequest(`Port id ${n.port} could not be found.`);
        // validate_networks: a port bound to a device already is PortInUse, a 409
        if ((r.body as { port?: Port } | undefined)?.port?.device_id)
          return {
            status: 409,
            body: {
              conflictingRequest: { code: 409, message: `Port ${n.port} is still in use.` },
            },
          };
      } else if (n.uuid) {
        portsNeeded++;
        netIds.push(n.uuid);
      }
    }
    if (networks === 'auto') {
      yield this.neutron(req, 'GET', `/v2.0/networks?tenant_id=${PROJECT_ID}&shared=False`);
      yield this.neutron(req, 'GET', '/v2.0/networks?shared=True');
      portsNeeded = 1;
    } else if (netIds.length > 0) {
      const r = (yield this.neutron(
        req,
        'GET',
        `/v2.0/networks?${netIds.map((id) => `id=${id}`).join('&')}`,
      )) as RestResponse;
      const found = new Set(
        ((r.body as { networks?: { id: string }[] } | undefined)?.networks ?? []).map((x) => x.id),
      );
      const lost = netIds.filter((id) => !found.has(id));
      if (lost.length > 0) return this.badRequest(`Network ${lost.join(', ')} could not be found.`);
    }
    // the port quota is unlimited (as in the recordings' NeutronFixture), so no list_ports follows
    if (portsNeeded > 0) yield this.neutron(req, 'GET', `/v2.0/quotas/${PROJECT_ID}`);
    for (const n of list) {
      if (n.port) yield this.neutron(req, 'GET', `/v2.0/ports/${n.port}`);
      if (n.port || n.uuid) yield this.neutron(req, 'GET', `/v2.0/networks/${PRIVATE_NET.id}`);
    }
    for (const n of list) if (n.port) yield this.neutron(req, 'GET', `/v2.0/ports/${n.port}`);
    return null;
  }

  /**
   * compute.utils.check_num_instances_quota: usage counts live instances in every cell (not
   * build requests). Returns how many to build, or the 403 message. Followed line by line,
   * get_headroom included: an unlimited (-1) instances quota leaves a negative headroom
   * (-1 - used), so a request over its cores or ram quota is refused outright instead of
   * being cut down to what fits.
   */
  private quotaCount(flavor: FlavorSpec, minCount: number, maxCount: number): number | string {
    const q = this.cloud.scenario.cloud.quotas;
    const used = projectUsage(this.cloud, PROJECT_ID);
    const quotas = { cores: q.cores, instances: q.instances, ram: q.ram };
    const deltas = {
      cores: maxCount * flavor.vcpus,
      instances: maxCount,
      ram: maxCount * flavor.ram,
    };
    // Quotas.check_deltas raises OverQuota(overs=sorted(overs))
    const overs = (['cores', 'instances', 'ram'] as const).filter(
      (r) => quotas[r] >= 0 && quotas[r] < used[r] + deltas[r],
    );
    if (overs.length === 0) return maxCount;
    const headroom = {
      cores: quotas.cores - used.cores,
      instances: quotas.instances - used.instances,
      ram: quotas.ram - used.ram,
    };
    if (quotas.cores === -1)
      headroom.cores = deltas.cores
        ? (headroom.instances * deltas.cores) / deltas.instances
        : headroom.instances;
    if (quotas.ram === -1)
      headroom.ram = deltas.ram
        ? (headroom.instances * deltas.ram) / deltas.instances
        : headroom.instances;
    let allowed = headroom.instances;
    if (flavor.vcpus) allowed = Math.min(allowed, Math.floor(headroom.cores / flavor.vcpus));
    if (flavor.ram) allowed = Math.min(allowed, Math.floor(headroom.ram / flavor.ram));
    if (allowed > 0 && minCount <= allowed && allowed <= maxCount)
      return this.quotaCount(flavor, minCount, allowed);
    // get_over_quota_detail: "used" is quota - headroom
    const requested = {
      instances: minCount === maxCount ? String(minCount) : `${minCount}-${maxCount}`,
      cores: String(deltas.cores),
      ram: String(deltas.ram),
    };
    const j = (f: (r: 'cores' | 'instances' | 'ram') => string) => overs.map(f).join(', ');
    const names = overs.join(', ');
    return `Quota exceeded for ${names}: Requested ${j((r) => requested[r])}, but already used ${j((r) => String(quotas[r] - headroom[r]))} of ${j((r) => String(quotas[r]))} ${names}`;
  }

  private neutron(req: RestRequest, method: string, path: string) {
    return this.cloud.rest.request('neutron-server', {
      from: this.process,
      method,
      path,
      request_id: req.request_id,
      instance: req.instance,
    });
  }

  private *show(req: RestRequest, uuid: string): Proc<RestResponse> {
    const w = this.world;
    yield w.work(this.process, 6);
    const spec = this.specs.get(uuid);
    const mapping = this.cloud.apiDb.instance_mappings.get(uuid);
    if (!spec || !mapping)
      return {
        status: 404,
        body: { itemNotFound: { code: 404, message: `Instance ${uuid} could not be found.` } },
      };
    const cellUuid = mapping.cell_id as string | null;
    const db = cellUuid ? cellDb(this.cloud, cellUuid) : undefined;
    const row = db?.instances.get(uuid);
    // security groups come from the instance's ports: views/servers.py show() calls
    // _add_security_grps (neutron list_ports by device_id) for every instance, the one a
    // BuildRequest holds included. The path is joined flat: neutron reads it at once, where a
    // template is a rope it would flatten
    const listPorts = ['/v2.0/ports?device_id=', uuid].join('');
    const r = (yield this.neutron(req, 'GET', listPorts)) as RestResponse;
    const ports: Port[] = ((r.body as { ports?: Port[] } | undefined)?.ports ?? []).slice();
    let fault;
    if (row && db && row.vm_state === 'error') {
      for (const f of db.instance_faults.values()) if (f.instance_uuid === uuid) fault = f;
    }
    // a server at rest is polled no more: its path, kept, would stay for the cloud's life
    if (row && (row.vm_state === 'active' || row.vm_state === 'error'))
      this.shownIds.delete(req.path);
    return {
      status: 200,
      body: showResponse(
        { now: w.now, spec, row, fault, ports, networkName: PRIVATE_NET.name },
        PROJECT_ID,
      ),
    };
  }
}
