import { fieldText } from './format';
/**
 * What an `object_action` writes: the object's changed fields and their new values. The whole
 * object travels (an Instance has 68 fields); its `nova_object.changes` say what the save is.
 */
export interface ObjectChanges {
  name: string;
  method: string;
  fields: [string, unknown][];
}

export function objectChanges(args: unknown): ObjectChanges | null {
  if (!args || typeof args !== 'object') return null;
  const { objinst, objmethod } = args as { objinst?: unknown; objmethod?: unknown };
  if (!objinst || typeof objinst !== 'object') return null;
  const o = objinst as Record<string, unknown>;
  const changes = o['nova_object.changes'];
  const data = o['nova_object.data'];
  if (!Array.isArray(changes) || !data || typeof data !== 'object') return null;
  return {
    name: String(o['nova_object.name']),
    method: typeof objmethod === 'string' ? objmethod : '',
    fields: changes.map((k) => [String(k), (data as Record<string, unknown>)[String(k)]]),
  };
}

/**
 * A changed field's value, short: a nested versioned object by its name (its fields are in
 * the whole object below), anything else as its text.
 */
export function changedValueText(v: unknown): string {
  if (v && typeof v === 'object' && 'nova_object.name' in v)
    return `${String((v as Record<string, unknown>)['nova_object.name'])} {…}`;
  return fieldText(v);
}
