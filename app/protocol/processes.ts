/** The process ids a breakpoint may name in a run: the page suggests them, the worker checks. */

/** DESIGN.md's process ids, the hosts' own after the fixed ones: what the field suggests. */
export function processIds(hostNames: readonly string[]): string[] {
  return [
    'client',
    'nova-api',
    'rabbitmq',
    'nova-conductor',
    'nova-scheduler',
    ...hostNames.flatMap((h) => [`nova-compute@${h}`, `hypervisor@${h}`]),
    'placement-api',
    'neutron-server',
    'glance-api',
    'keystone',
    'nova-api-db',
    'nova-cell0-db',
    'nova-cell1-db',
    // the placement database (placement-api is the service)
    'placement',
  ];
}

/**
 * A process pattern without a wildcard that names nothing a breakpoint can stop on (the
 * worker's processesOf): a typo such as `nova-compute@hots1`. Besides the suggested ids,
 * nova-manage (which sets the cloud up), a host's own name (its faults) and a notification
 * publisher (`nova-compute:host1`) are names too.
 */
export function unknownProcess(
  pattern: string,
  ids: readonly string[],
  hostNames: readonly string[],
): boolean {
  if (pattern === '' || pattern.includes('*') || ids.includes(pattern)) return false;
  return !(pattern === 'nova-manage' || hostNames.includes(pattern) || pattern.includes(':'));
}

/** A broker queue as the inspector and the diagram name it among processes: `queue:scheduler`. */
const QUEUE_PREFIX = 'queue:';

export const queueId = (queue: string): string => `${QUEUE_PREFIX}${queue}`;

/** The queue a `queue:<name>` id names, or null for a process's id. */
export const queueOfId = (id: string): string | null =>
  id.startsWith(QUEUE_PREFIX) ? id.slice(QUEUE_PREFIX.length) : null;
