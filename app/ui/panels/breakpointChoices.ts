/** What a breakpoint's fields can name in a run: offered as suggestions, and checked. */

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
