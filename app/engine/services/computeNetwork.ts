import type { Proc } from '../kernel/coroutine';
import type { BootSpec } from './model';
import { PRIVATE_NET, type PortView } from './peers';
import type { RestResponse } from './rest';

type Ids = { request_id: string; instance: string };
/** A REST call of nova-compute to neutron-server (stops the build if the process died). */
export type NeutronCall = (
  method: string,
  path: string,
  ids: Ids,
  body?: unknown,
) => Proc<RestResponse>;

interface Network {
  id: string;
  subnets: string[];
}

/** What allocate_for_instance bound: the networks and ports in requested order. */
export interface Allocation {
  nets: Network[];
  portIds: string[];
}

/** nova.network.model.VIF as the info cache keeps it (network_info, JSON). */
export type Vif = Record<string, unknown>;

/**
 * _build_vif_model for a port of the fixture's network: its IPv4 subnet with the port's
 * address, its IPv6 subnet (SLAAC, no address), the network's MTU, tunneled.
 */
function vifModel(port: PortView, project: string, preserve: boolean): Vif {
  const gateway = (address: string, version: number) => ({
    address,
    type: 'gateway',
    version,
    meta: {},
  });
  return {
    id: port.id,
    address: port.mac_address,
    network: {
      id: port.network_id,
      bridge: 'br-int',
      label: PRIVATE_NET.name,
      subnets: [
        {
          cidr: '192.168.1.1/24',
          dns: [],
          gateway: gateway('192.168.1.1', 4),
          ips: port.fixed_ips.map((ip) => ({
            address: ip.ip_address,
            type: 'fixed',
            version: 4,
            meta: {},
            floating_ips: [],
          })),
          routes: [],
          version: 4,
          meta: { dhcp_server: '192.168.1.1' },
        },
        {
          cidr: 'fd37:44e8:ad06::/64',
          dns: [],
          gateway: gateway('fd37:44e8:ad06::1', 6),
          ips: [],
          routes: [],
          version: 6,
          meta: { ipv6_address_mode: 'slaac', dhcp_server: 'fd37:44e8:ad06::1' },
        },
      ],
      meta: {
        injected: false,
        tenant_id: project,
        mtu: 1450,
        physical_network: null,
        tunneled: true,
      },
    },
    type: 'ovs',
    details: {},
    devname: `tap${port.id.slice(0, 11)}`,
    ovs_interfaceid: port.id,
    qbh_params: null,
    qbg_params: null,
    active: port.status === 'ACTIVE',
    vnic_type: 'normal',
    profile: {},
    // a port the user made is kept when the server goes; one nova made is deleted
    preserve_on_delete: preserve,
    delegate_create: true,
    meta: {},
  };
}

const requestsOf = (spec: BootSpec) => (Array.isArray(spec.networks) ? spec.networks : []);

/**
 * nova-compute's side of nova/network/neutron.py (Zed). Calls only what the NeutronFixture
 * recordings show: list_extensions (the extension cache, _refresh_neutron_extensions_cache),
 * list_subnets and list_floatingips are made by Nova but were not recorded, so they are not
 * in the trace either; their answers (the fixture's: no extension but binding-extended, every
 * subnet unfiltered, no floating IP) shape the calls that follow.
 */
export class ComputeNetwork {
  constructor(private readonly call: NeutronCall) {}

  /**
   * allocate_for_instance: _validate_requested_port_ids (show_port per port asked for),
   * _validate_requested_network_ids (_get_available_networks), _create_ports_for_instance
   * (create_port per network asked for, unbound), _update_ports_for_instance (update_port per
   * port: device_owner and binding:host_id). Nothing for "none": _allocate_network_async
   * returns early on no_allocate.
   */
  *allocate(spec: BootSpec, ids: Ids, host: string, az: string): Proc<Allocation | null> {
    if (spec.networks === 'none') return null;
    const project = String(spec.context.project_id);
    const requests = requestsOf(spec).map((r) => ({ port: r.port, network: r.uuid }));
    const ports = new Map<string, PortView>();
    for (const r of requests) {
      if (!r.port) continue;
      const port = (yield* this.call('GET', `/v2.0/ports/${r.port}`, ids)).body as {
        port: PortView;
      };
      ports.set(r.port, port.port);
      r.network = port.port.network_id;
    }
    const netIds = requests.flatMap((r) => (r.network ? [r.network] : []));
    const nets = yield* this.availableNetworks(project, netIds, spec.networks === 'auto', ids);
    // "auto" (is_single_unspecified too) connects to the one network found; the project's own
    // network is always there, so _auto_allocate_network is never needed
    if (spec.networks === 'auto' && nets.length === 1)
      requests.push({ port: undefined, network: nets[0]!.id });
    const byId = new Map(nets.map((n) => [n.id, n]));
    // a request whose network was not found is skipped ("not available here then skip it safely")
    const usable = requests.filter((r) => r.network !== undefined && byId.has(r.network));
    const created = new Map<(typeof usable)[number], string>();
    for (const r of usable) {
      if (r.port) continue;
      // _create_port_minimal: no security_groups (['default'] is cleaned to none), no binding yet
      const res = yield* this.call('POST', '/v2.0/ports', ids, {
        port: {
          device_id: spec.uuid,
          network_id: r.network,
          admin_state_up: true,
          tenant_id: project,
        },
      });
      created.set(r, (res.body as { port: PortView }).port.id);
    }
    const portIds: string[] = [];
    for (const r of usable) {
      const id = created.get(r) ?? r.port!;
      portIds.push(id);
      // _populate_neutron_extension_values: binding:host_id; no dns_name (no dns-integration)
      yield* this.call('PUT', `/v2.0/ports/${id}`, ids, {
        port: { device_id: spec.uuid, device_owner: `compute:${az}`, 'binding:host_id': host },
      });
    }
    return { nets: usable.map((r) => byId.get(r.network!)!), portIds };
  }

  /**
   * _get_available_networks: the networks asked for by id (shared ones included), or else the
   * project's own (only those up, when auto-allocating) and then the shared ones.
   */
  private *availableNetworks(
    project: string,
    netIds: string[],
    auto: boolean,
    ids: Ids,
  ): Proc<Network[]> {
    const list = (r: RestResponse) =>
      (r.body as { networks?: Network[] } | undefined)?.networks ?? [];
    if (netIds.length > 0)
      return list(
        yield* this.call('GET', `/v2.0/networks?${netIds.map((id) => `id=${id}`).join('&')}`, ids),
      );
    const own = list(
      yield* this.call(
        'GET',
        `/v2.0/networks?tenant_id=${project}&shared=False${auto ? '&admin_state_up=True' : ''}`,
        ids,
      ),
    );
    return own.concat(list(yield* this.call('GET', '/v2.0/networks?shared=True', ids)));
  }

  /**
   * The end of allocate_for_instance: get_instance_nw_info -> _build_network_info_model. The
   * instance's ports, then per port (_build_vif_model) the DHCP port of each of its subnets
   * (_get_subnets_from_port) and the network's physnet (_get_physnet_tunneled_info:
   * show_network, as the fixture has no multi-provider extension). It runs in the
   * allocation's greenthread, which the recording shows after the block_device_mapping save.
   */
  *buildInfo(spec: BootSpec, ids: Ids, alloc: Allocation): Proc<Vif[]> {
    const listed = yield* this.call(
      'GET',
      `/v2.0/ports?tenant_id=${String(spec.context.project_id)}&device_id=${spec.uuid}`,
      ids,
    );
    const current = new Map(
      ((listed.body as { ports?: PortView[] } | undefined)?.ports ?? []).map((p) => [p.id, p]),
    );
    const vifs: Vif[] = [];
    for (const id of alloc.portIds) {
      const port = current.get(id);
      if (!port) continue;
      // _build_network_info_model: the ports the request named (preexisting_port_ids)
      const preserve = requestsOf(spec).some((n) => n.port === port.id);
      vifs.push(vifModel(port, String(spec.context.project_id), preserve));
      const net = alloc.nets.find((n) => n.id === port.network_id);
      // list_subnets: the fixture answers every subnet, i.e. the network's
      for (const _subnet of port.fixed_ips.length > 0 ? (net?.subnets ?? []) : [])
        yield* this.call(
          'GET',
          `/v2.0/ports?network_id=${port.network_id}&device_owner=network%3Adhcp`,
          ids,
        );
      yield* this.call('GET', `/v2.0/networks/${port.network_id}`, ids);
    }
    return vifs;
  }

  /**
   * get_instance_nw_info with an empty cache and nothing given (from _shutdown_instance and
   * _cleanup_allocated_networks): the instance's ports, then _gather_port_ids_and_networks ->
   * _get_available_networks with no ids: the project's and the shared networks. No VIF is
   * built: the port ids come from the (empty) cache.
   */
  *refresh(spec: BootSpec, ids: Ids): Proc<void> {
    const project = String(spec.context.project_id);
    yield* this.call('GET', `/v2.0/ports?tenant_id=${project}&device_id=${spec.uuid}`, ids);
    yield* this.call('GET', `/v2.0/networks?tenant_id=${project}&shared=False`, ids);
    yield* this.call('GET', '/v2.0/networks?shared=True', ids);
  }

  /**
   * _cleanup_allocated_networks without its final save: the network info refreshed when the
   * cache is empty, then deallocate_for_instance unless "none" (_deallocate_network skips
   * no_allocate).
   */
  *cleanup(spec: BootSpec, ids: Ids, cached: boolean): Proc<void> {
    if (!cached) yield* this.refresh(spec, ids);
    if (spec.networks === 'none') return;
    yield* deallocateForInstance(this.call, spec, ids);
  }
}

/**
 * deallocate_for_instance, for nova-compute and for the conductor's own cleanup: list_ports by
 * device_id, _unbind_ports for the ports the user asked for, listed or not (show_port, one
 * show_network per network for its dns_domain, update_port), delete_port for the others (the
 * ones nova created).
 */
export function* deallocateForInstance(call: NeutronCall, spec: BootSpec, ids: Ids): Proc<void> {
  const listed = yield* call('GET', `/v2.0/ports?device_id=${spec.uuid}`, ids);
  const ports = ((listed.body as { ports?: PortView[] } | undefined)?.ports ?? []).map((p) => p.id);
  const requested = requestsOf(spec).flatMap((n) => (n.port ? [n.port] : []));
  const networks = new Set<string>();
  for (const port of requested) {
    const shown = yield* call('GET', `/v2.0/ports/${port}`, ids);
    const net = (shown.body as { port?: PortView } | undefined)?.port?.network_id;
    if (net === undefined) continue;
    // _unbind_ports keeps the networks it fetched
    if (!networks.has(net)) yield* call('GET', `/v2.0/networks/${net}`, ids);
    networks.add(net);
    yield* call('PUT', `/v2.0/ports/${port}`, ids, {
      port: { device_id: '', device_owner: '', 'binding:host_id': null, 'binding:profile': {} },
    });
  }
  for (const port of ports.filter((p) => !requested.includes(p)))
    yield* call('DELETE', `/v2.0/ports/${port}`, ids);
}
