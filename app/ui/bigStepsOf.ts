import type { InstanceRow } from '../protocol/messages';

/** A boot request as the big steps' picker lists it: its first server's name, and how many it made. */
export interface ListedRequest {
  id: string;
  name: string;
  count: number;
}

/**
 * The run's boot requests so far, in the order their first servers came, as one string (a
 * line a request: id, name, count): a store selector's value, equal while no request's
 * servers change. A server of no known request is left out.
 */
export function requestList(
  ids: readonly string[],
  byId: Readonly<Record<string, InstanceRow>>,
): string {
  // asked at every change of the store (each frame of the diagram while playing): worked out
  // again only when the instance table changed
  if (ids === last.ids && byId === last.byId) return last.list;
  const order: string[] = [];
  const seen = new Map<string, { name: string; count: number }>();
  for (const uuid of ids) {
    const row = byId[uuid];
    const id = row?.request_id;
    if (!row || !id) continue;
    const r = seen.get(id);
    if (r) r.count++;
    else {
      order.push(id);
      seen.set(id, { name: row.name ?? id.slice(0, 12), count: 1 });
    }
  }
  const list = order.map((id) => `${id}\t${seen.get(id)!.name}\t${seen.get(id)!.count}`).join('\n');
  last = { ids, byId, list };
  return list;
}

let last: {
  ids: readonly string[] | null;
  byId: Readonly<Record<string, InstanceRow>> | null;
  list: string;
} = { ids: null, byId: null, list: '' };

export function parseRequestList(list: string): ListedRequest[] {
  if (list === '') return [];
  return list.split('\n').map((line) => {
    const [id, name, count] = line.split('\t');
    return { id: id!, name: name!, count: Number(count) };
  });
}
