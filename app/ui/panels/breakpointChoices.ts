/** What a breakpoint's fields can name in a run: offered as suggestions, and checked. */

export { NOTIFICATION_TYPES, RPC_METHODS } from '../../protocol/views';

/** The vm_states a boot goes through, offered first. */
export const VM_STATES = ['building', 'active', 'error'] as const;
