/** What a breakpoint's fields can name in a run: offered as suggestions, and checked. */

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

/** The RPC methods a boot sends, in the order they first appear. */
export const RPC_METHODS = [
  'schedule_and_build_instances',
  'select_destinations',
  'build_and_run_instance',
  'object_action',
  'update_instance_info',
  'build_instances',
] as const;

export const VM_STATES = ['building', 'active', 'error'] as const;

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
