import { isoSeconds } from '../kernel/clock';
import { flavorPayload, wrap, type Wrapped } from './instancePayload';
import type { ImageSpec } from '../scenario';
import { IMAGE_SIZE, type BootSpec } from './model';

/**
 * The scheduler's versioned notifications (scheduler.select_destinations.*) and the
 * conductor's compute_task.build_instances.error carry the RequestSpec as RequestSpecPayload
 * 1.1 (Nova 26.2.2's notifications/objects/request_spec.py), from the RequestSpec the API
 * made (objects.ts): what that object does not set is None, `image_meta` is never set and is
 * left out, and the fields come in the class's order.
 */

const CLOUD_CREATED = isoSeconds(0);

/**
 * ImageMetaPayload 1.0 of the RequestSpec's ImageMeta: the glance fields the image does not
 * have (checksum, owner, virtual_size, direct_url) are None, and ImageMetaPropsPayload 1.12
 * keeps only the properties that are set (populate_schema with set_none=False). One per
 * image, shared like the flavor's (instancePayload.ts).
 */
function imageMetaPayload(spec: BootSpec): Wrapped {
  let made = imageMetaPayloads.get(spec.image);
  if (made === undefined)
    imageMetaPayloads.set(spec.image, (made = makeImageMetaPayload(spec.image)));
  return made;
}

const imageMetaPayloads = new WeakMap<ImageSpec, Wrapped>();

function makeImageMetaPayload(i: ImageSpec): Wrapped {
  return wrap('ImageMetaPayload', '1.0', {
    id: i.id,
    name: i.name,
    status: 'active',
    visibility: 'public',
    protected: false,
    checksum: null,
    owner: null,
    size: IMAGE_SIZE,
    virtual_size: null,
    container_format: 'raw',
    disk_format: 'raw',
    created_at: CLOUD_CREATED,
    updated_at: CLOUD_CREATED,
    tags: [],
    direct_url: null,
    min_ram: i.min_ram,
    min_disk: i.min_disk,
    properties: wrap('ImageMetaPropsPayload', '1.12', { hw_architecture: i.architecture }),
  });
}

/**
 * RequestSpecPayload 1.1 of a boot's RequestSpec, naming `instanceUuid`: the scheduler sets
 * spec_obj.instance_uuid to each instance of a multi-create in turn, so
 * select_destinations.end names the last one. The PCI requests keep the instance the first
 * payload gave them (the spec's own). set_vm_state_and_notify rebuilds the spec from its legacy
 * dict (`rebuilt`), which has no security groups: the payload lazy-loads an empty list.
 */
export function requestSpecPayload(
  spec: BootSpec,
  instanceUuid: string = spec.uuid,
  rebuilt = false,
): Wrapped {
  return wrap('RequestSpecPayload', '1.1', {
    instance_uuid: instanceUuid,
    project_id: spec.context.project_id,
    user_id: 'admin',
    availability_zone: spec.availability_zone,
    flavor: flavorPayload(spec),
    force_hosts: null,
    force_nodes: null,
    ignore_hosts: null,
    instance_group: null,
    image: imageMetaPayload(spec),
    numa_topology: null,
    pci_requests: wrap('InstancePCIRequestsPayload', '1.0', {
      instance_uuid: spec.uuid,
      requests: [],
    }),
    num_instances: spec.num_instances,
    requested_destination: null,
    retry: null,
    scheduler_hints: {},
    security_groups: rebuilt ? [] : ['default'],
  });
}
