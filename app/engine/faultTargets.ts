/**
 * What a scenario's faults may name: the RPC methods and topics the simulated services send
 * (message-drop), and the processes whose work a `slow` fault stretches. A name outside these
 * would make a fault that never fires, so the scenario is refused instead.
 */

/** The RPC methods the simulated services send, in the order a boot first sends them. */
export const RPC_METHODS = [
  'schedule_and_build_instances',
  'select_destinations',
  'build_and_run_instance',
  'object_action',
  'update_instance_info',
  'build_instances',
] as const;

/** The topics they are sent on (a cast to one host is topic `compute`, server the host). */
export const RPC_TOPICS = ['conductor', 'scheduler', 'compute'] as const;

/**
 * The processes that take time over what they are asked: a `slow` fault stretches it (the
 * broker's: the time a message takes through it; `nova-compute` and `hypervisor` alone: every
 * host's).
 */
const WORKERS = [
  'rabbitmq',
  'nova-compute',
  'hypervisor',
  'nova-api',
  'nova-conductor',
  'nova-scheduler',
  'placement-api',
  'neutron-server',
  'glance-api',
  'keystone',
];

export function slowable(process: string, hosts: ReadonlySet<string>): boolean {
  if (WORKERS.includes(process)) return true;
  const at = process.indexOf('@');
  if (at < 0) return false;
  const kind = process.slice(0, at);
  return (kind === 'nova-compute' || kind === 'hypervisor') && hosts.has(process.slice(at + 1));
}
