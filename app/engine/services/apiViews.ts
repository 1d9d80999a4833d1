import { sha224 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { isoMicros, isoSeconds } from '../kernel/clock';
import type { FaultRow, InstanceRow } from '../db/schema';
import type { FlavorSpec, ImageSpec } from '../scenario';
import type { BootSpec } from './model';
import type { Port } from './peers';

/**
 * nova/api/openstack/compute/views/servers.py at microversion 2.1: the keys, their order and
 * their types, for an admin caller (the extended attributes are shown).
 */
const BASE = 'http://nova-api:8774';

function links(kind: string, id: string, self = true) {
  const out = [];
  if (self) out.push({ href: `${BASE}/v2.1/${kind}/${id}`, rel: 'self' });
  out.push({ href: `${BASE}/${kind}/${id}`, rel: 'bookmark' });
  return out;
}

const hostIds = new Map<string, string>();

/** sha224(project_id + host): every poll of every server asks, and the pairs are few */
export function hostId(projectId: string, host: string | null): string {
  if (!host) return '';
  const key = projectId + host;
  let id = hostIds.get(key);
  if (id === undefined) {
    id = bytesToHex(sha224(utf8ToBytes(key)));
    if (hostIds.size > 100_000) hostIds.clear();
    hostIds.set(key, id);
  }
  return id;
}

/**
 * A server's image and flavor as the view shows them: the same for every server of that image
 * or flavor, so one each, shared by every response (an emitted event is never changed).
 */
const imageRefs = new WeakMap<ImageSpec, { id: string; links: unknown[] }>();
const flavorRefs = new WeakMap<FlavorSpec, { id: string; links: unknown[] }>();

function imageRef(image: ImageSpec) {
  let ref = imageRefs.get(image);
  if (ref === undefined)
    imageRefs.set(image, (ref = { id: image.id, links: links('images', image.id, false) }));
  return ref;
}

function flavorRef(flavor: FlavorSpec) {
  let ref = flavorRefs.get(flavor);
  if (ref === undefined)
    flavorRefs.set(flavor, (ref = { id: flavor.id, links: links('flavors', flavor.id, false) }));
  return ref;
}

const STATUS: Record<string, string> = { building: 'BUILD', active: 'ACTIVE', error: 'ERROR' };

export function createResponse(spec: BootSpec) {
  return {
    server: {
      id: spec.uuid,
      links: links('servers', spec.uuid),
      'OS-DCF:diskConfig': 'MANUAL',
      security_groups: [{ name: 'default' }],
      adminPass: spec.admin_password,
    },
  };
}

export interface ShowInput {
  /** virtual now: isotime(None) renders the current time */
  now: number;
  spec: BootSpec;
  /** the cell's row; undefined while only the BuildRequest exists */
  row: InstanceRow | undefined;
  fault: FaultRow | undefined;
  ports: Port[];
  networkName: string;
}

export function showResponse(input: ShowInput, project: string) {
  return { server: new ServerView(input, project) };
}

/**
 * GET /v2.1/servers/{id}'s server, its keys in the view's order. Made by a constructor, not
 * as a literal grown key by key: V8 sizes a constructor's objects for all of its fields, where
 * the fields added after a literal's went to a store of their own, grown (and copied) four
 * times at every poll.
 */
class ServerView {
  [key: string]: unknown;

  constructor({ now, spec, row, fault, ports, networkName }: ShowInput, project: string) {
    const vmState = row?.vm_state ?? 'building';
    const status = STATUS[vmState] ?? 'UNKNOWN';
    this.id = spec.uuid;
    this.name = spec.display_name;
    this.status = status;
    this.tenant_id = project;
    this.user_id = 'admin';
    this.metadata = {};
    this.hostId = hostId(project, row?.host ?? null);
    this.image = imageRef(spec.image);
    this.flavor = flavorRef(spec.flavor);
    this.created = isoSeconds(spec.created_t);
    this.updated = row?.updated_at ?? isoSeconds(now);
    // "Hide server addresses while the server is building"
    this.addresses = vmState === 'building' ? {} : addresses(ports, networkName);
    this.accessIPv4 = '';
    this.accessIPv6 = '';
    this.links = links('servers', spec.uuid);
    this['OS-DCF:diskConfig'] = 'MANUAL';
    if (status === 'ERROR' && fault) {
      this.fault = {
        code: fault.code,
        created: fault.created_at,
        message: fault.message,
        // the caller is admin, so details are shown even for code 500
        ...(fault.details ? { details: fault.details } : {}),
      };
    }
    if (status === 'ACTIVE' || status === 'BUILD') this.progress = 0;
    // get_instance_availability_zone: the host's zone, or else instance.availability_zone (the
    // cell record's once there is one, which the conductor set to the chosen host's zone)
    this['OS-EXT-AZ:availability_zone'] =
      (row ? row.availability_zone : spec.availability_zone) ?? '';
    this.config_drive = '';
    this.key_name = null;
    this['OS-SRV-USG:launched_at'] = row?.launched_at ?? null;
    this['OS-SRV-USG:terminated_at'] = null;
    if (ports.length > 0) this.security_groups = ports.map(() => ({ name: 'default' }));
    this['OS-EXT-SRV-ATTR:host'] = row?.host ?? null;
    this['OS-EXT-SRV-ATTR:instance_name'] = row
      ? `instance-${row.id.toString(16).padStart(8, '0')}`
      : '';
    this['OS-EXT-SRV-ATTR:hypervisor_hostname'] = row?.node ?? null;
    this['OS-EXT-STS:task_state'] = row ? row.task_state : 'scheduling';
    this['OS-EXT-STS:vm_state'] = vmState;
    this['OS-EXT-STS:power_state'] = row?.power_state ?? 0;
    this['os-extended-volumes:volumes_attached'] = [];
  }
}

function addresses(ports: Port[], networkName: string) {
  if (ports.length === 0) return {};
  return {
    [networkName]: ports.flatMap((p) =>
      p.fixed_ips.map((ip) => ({
        version: 4,
        addr: ip.ip_address,
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': p.mac_address,
      })),
    ),
  };
}

export function launchedAt(t: number): string {
  return isoMicros(t);
}
