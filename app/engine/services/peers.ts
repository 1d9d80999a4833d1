import type { ImageSpec } from '../scenario';
import type { World } from '../world';
import { PROJECT_ID, USER_ID } from './context';
import type { PlainServer, RestRequest, RestResponse } from './rest';
import { searchParams } from './searchParams';

/** keystone: validates the client's token for keystonemiddleware in nova-api. */
export function keystone(world: World): PlainServer {
  return { work: () => world.work('keystone', 4), answer: keystoneAnswer };
}

/** The validated token, as keystone's GET /v3/auth/tokens answers it (one object: it never changes). */
const TOKEN_BODY = {
  token: {
    methods: ['password'],
    user: { id: USER_ID, name: USER_ID, domain: { id: 'default', name: 'Default' } },
    project: { id: PROJECT_ID, name: USER_ID, domain: { id: 'default', name: 'Default' } },
    roles: [
      { id: 'reader', name: 'reader' },
      { id: 'member', name: 'member' },
      { id: 'admin', name: 'admin' },
    ],
    is_domain: false,
  },
};

function keystoneAnswer(req: RestRequest): RestResponse {
  if (req.method === 'GET' && req.path === '/v3/auth/tokens')
    return { status: 200, body: TOKEN_BODY };
  return { status: 404 };
}

/** glance-api: image metadata, GET /v2/images/{id}. */
export function glance(world: World, images: ImageSpec[]): PlainServer {
  const byId = new Map(images.map((i) => [i.id, i]));
  const answer = (req: RestRequest): RestResponse => {
    const m = /^\/v2\/images\/([^/?]+)$/.exec(req.path);
    const image = m ? byId.get(m[1]!) : undefined;
    if (req.method === 'GET' && image) {
      return {
        status: 200,
        body: {
          id: image.id,
          name: image.name,
          status: 'active',
          visibility: 'public',
          container_format: 'raw',
          disk_format: 'raw',
          min_ram: image.min_ram,
          min_disk: image.min_disk,
          size: 25165824,
          architecture: image.architecture,
        },
      };
    }
    return { status: 404, body: { message: `No image found with ID ${m?.[1] ?? ''}` } };
  };
  return { work: () => world.work('glance-api', 4), answer };
}

export interface Port {
  id: string;
  network_id: string;
  mac_address: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
  device_id: string;
  device_owner: string;
  'binding:host_id': string;
  status: string;
  /** created by nova (deleted on cleanup) or by the user beforehand (only unbound) */
  preexisting: boolean;
}

/** A port as neutron's API shows it: a copy, as the port changes after the answer. */
export type PortView = Omit<Port, 'preexisting'> & {
  tenant_id: string;
  admin_state_up: boolean;
};

function portView(p: Port): PortView {
  return {
    id: p.id,
    network_id: p.network_id,
    tenant_id: PROJECT_ID,
    mac_address: p.mac_address,
    admin_state_up: true,
    fixed_ips: p.fixed_ips,
    device_id: p.device_id,
    device_owner: p.device_owner,
    'binding:host_id': p['binding:host_id'],
    status: p.status,
  };
}

/**
 * The NeutronFixture's network_1, with its IPv4 subnet (the ports' addresses) and its IPv6
 * one: nova-compute asks for the DHCP port of each (neutron.py _get_subnets_from_port).
 */
export const PRIVATE_NET = {
  id: '3cb9bc59-5699-4588-a4b1-b87f96708bc6',
  name: 'private',
  subnet: 'f8a6e8f8-c2ec-497c-9f23-da9616de54ef',
  subnet_ipv6: 'f8fa37b7-c10a-44b8-a5fe-d2e65d40b403',
};

/** The start of a port list by device, as nova-api's server view asks it (Neutron.answer). */
const PORTS_BY_DEVICE = '/v2.0/ports?device_id=';

/** neutron-server: one tenant network and its ports. */
export class Neutron {
  readonly ports = new Map<string, Port>();
  private nextIp = 3;
  /** creation order of each port: `?device_id=` lists a device's ports in that order */
  private readonly created = new Map<Port, number>();
  private readonly byDevice = new Map<string, Port[]>();
  private nextCreated = 0;

  constructor(private readonly world: World) {}

  /** A port the user made before booting (the with-port reference scenario). */
  preCreate(id: string): void {
    if (!this.ports.has(id)) this.add(this.newPort(id, true));
  }

  private add(p: Port): void {
    this.ports.set(p.id, p);
    this.created.set(p, this.nextCreated++);
    this.index(p);
  }

  private index(p: Port): void {
    const list = this.byDevice.get(p.device_id);
    if (!list) this.byDevice.set(p.device_id, [p]);
    else {
      list.push(p);
      list.sort((a, b) => this.created.get(a)! - this.created.get(b)!);
    }
  }

  private unindex(p: Port): void {
    const list = this.byDevice.get(p.device_id);
    if (!list) return;
    const rest = list.filter((x) => x !== p);
    if (rest.length > 0) this.byDevice.set(p.device_id, rest);
    else this.byDevice.delete(p.device_id);
  }

  private newPort(id: string, preexisting: boolean): Port {
    const n = this.nextIp++;
    const mac = `fa:16:3e:${this.world.rng.hex(2)}:${this.world.rng.hex(2)}:${this.world.rng.hex(2)}`;
    return {
      id,
      network_id: PRIVATE_NET.id,
      mac_address: mac,
      fixed_ips: [
        // in the fixture's subnet, 192.168.1.1/24 (the gateway and DHCP server are .1)
        { subnet_id: PRIVATE_NET.subnet, ip_address: `192.168.${1 + ((n >> 8) & 255)}.${n & 255}` },
      ],
      device_id: '',
      device_owner: '',
      'binding:host_id': '',
      status: 'DOWN',
      preexisting,
    };
  }

  /**
   * The service itself, with its work and answer on the prototype: arrow functions made for
   * each run lost their optimized code at every full collection that found their run gone.
   */
  readonly handle: PlainServer = this;

  work(): number {
    return this.world.work('neutron-server', 5);
  }

  answer(req: RestRequest): RestResponse {
    const full = req.path;
    // GET /v2.0/ports?device_id=<id> alone, plainly written: nova-api's view of a server asks
    // it at every poll, so its answer skips parsing the query (the general path below gives
    // the same: no network or owner filter, the device's ports in creation order)
    if (
      req.method === 'GET' &&
      full.startsWith(PORTS_BY_DEVICE) &&
      full.indexOf('&') < 0 &&
      full.indexOf('%') < 0 &&
      full.indexOf('+') < 0 &&
      full.indexOf('?', PORTS_BY_DEVICE.length) < 0
    ) {
      const list = this.byDevice.get(full.slice(PORTS_BY_DEVICE.length));
      return { status: 200, body: { ports: list === undefined ? [] : list.map(portView) } };
    }
    // split('?')'s first two pieces, without its array
    const mark = full.indexOf('?');
    const path = mark < 0 ? full : full.slice(0, mark);
    const end = mark < 0 ? -1 : full.indexOf('?', mark + 1);
    const q = searchParams(mark < 0 ? '' : full.slice(mark + 1, end < 0 ? full.length : end));
    const parts = path.split('/').filter(Boolean); // v2.0, ports|networks, id
    const [, coll, id] = parts;
    if (coll === 'networks') {
      if (id && id !== PRIVATE_NET.id) return { status: 404 };
      const net = {
        id: PRIVATE_NET.id,
        name: PRIVATE_NET.name,
        subnets: [PRIVATE_NET.subnet, PRIVATE_NET.subnet_ipv6],
        status: 'ACTIVE',
        admin_state_up: true,
        tenant_id: PROJECT_ID,
        shared: false,
        'router:external': false,
        mtu: 1450,
      };
      if (id) return { status: 200, body: { network: net } };
      // the project's own network, up: not in ?shared=True, ?admin_state_up=False, another
      // project's list, nor in an ?id= that names another
      const ids = q.getAll('id');
      const listed =
        q.get('shared') !== 'True' &&
        q.get('admin_state_up') !== 'False' &&
        (q.get('tenant_id') ?? PROJECT_ID) === PROJECT_ID &&
        (ids.length === 0 || ids.includes(net.id));
      return { status: 200, body: { networks: listed ? [net] : [] } };
    }
    // show_quota: unlimited ports, as the NeutronFixture of the recordings answers
    if (coll === 'quotas' && req.method === 'GET')
      return { status: 200, body: { quota: { port: -1 } } };
    if (coll !== 'ports') return { status: 404 };
    if (req.method === 'GET' && id) {
      const p = this.ports.get(id);
      return p ? { status: 200, body: { port: portView(p) } } : { status: 404 };
    }
    if (req.method === 'GET') {
      // every port belongs to the one project: ?tenant_id= filters nothing out
      const device = q.get('device_id');
      const network = q.get('network_id');
      const owner = q.get('device_owner');
      const ports = (
        device === null ? [...this.ports.values()] : [...(this.byDevice.get(device) ?? [])]
      ).filter(
        (p) =>
          (network === null || p.network_id === network) &&
          (owner === null || p.device_owner === owner),
      );
      return { status: 200, body: { ports: ports.map(portView) } };
    }
    if (req.method === 'POST') {
      // nova creates the port unbound (_create_port_minimal); update_port binds it
      const b = (req.body as { port: { device_id: string } }).port;
      const p = this.newPort(this.world.rng.uuid(), false);
      p.device_id = b.device_id;
      this.add(p);
      return { status: 201, body: { port: portView(p) } };
    }
    const p = id ? this.ports.get(id) : undefined;
    if (!p) return { status: 404 };
    if (req.method === 'PUT') {
      const b = (req.body as { port: Partial<Port> }).port;
      this.unindex(p);
      Object.assign(p, b);
      this.index(p);
      p.status = p['binding:host_id'] ? 'ACTIVE' : 'DOWN';
      return { status: 200, body: { port: portView(p) } };
    }
    if (req.method === 'DELETE') {
      this.ports.delete(p.id);
      this.unindex(p);
      this.created.delete(p);
      return { status: 204 };
    }
    return { status: 405 };
  }
}
