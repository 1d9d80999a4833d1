import type { AnyRow, CellDb } from '../db/schema';
import { isoSeconds } from '../kernel/clock';
import { derivedUuid } from './derivedUuid';
import type { BootSpec } from './model';

/** Rows the conductor writes in a cell for a new instance, in cell1 or when burying in cell0. */

/**
 * The boot's `create` instance action (objects.InstanceAction.action_start), in the cell the
 * instance lives in; `message` is 'Error' for one buried in cell0.
 */
export function insertCreateAction(
  cell: CellDb,
  ctx: Parameters<CellDb['instance_actions']['insert']>[0],
  spec: BootSpec,
  message: string | null,
): AnyRow {
  return cell.instance_actions.insert(ctx, {
    id: cell.instance_actions.nextId(),
    action: 'create',
    instance_uuid: spec.uuid,
    request_id: spec.request_id,
    user_id: 'admin',
    project_id: spec.context.project_id,
    // pack_action_start: both times are the request context's timestamp
    start_time: isoSeconds(spec.created_t),
    updated_at: isoSeconds(spec.created_t),
    message,
  });
}

/** The root disk mapping's own uuid (the database makes one; here, from the instance's). */
export const rootBdmUuid = (spec: BootSpec) => derivedUuid(`block_device_mapping:${spec.uuid}`);

/** The root disk's block device mapping (from the image, local, boot index 0), as the conductor writes it. */
export function insertImageBdm(
  cell: CellDb,
  ctx: Parameters<CellDb['block_device_mapping']['insert']>[0],
  spec: BootSpec,
): number {
  const id = cell.block_device_mapping.nextId();
  cell.block_device_mapping.insert(ctx, {
    id,
    uuid: rootBdmUuid(spec),
    instance_uuid: spec.uuid,
    source_type: 'image',
    destination_type: 'local',
    boot_index: 0,
    image_id: spec.image.id,
    delete_on_termination: true,
  });
  return id;
}
