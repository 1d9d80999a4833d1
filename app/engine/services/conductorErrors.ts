import { RemoteError } from '../mq/rpc';
import { NOT_ENOUGH_HOSTS, type Frame } from './faults';

/** A failure as the conductor sees it: the exception class and Nova's formatted message. */
export interface BuildError {
  cls: string;
  message: string;
  /** a NovaException formats its message; anything else is recorded by its class name */
  nova: boolean;
}

/** ExceptionPayload.from_exception: the module and function the exception was raised in. */
export function raisedIn(
  cls: string,
  raisedAt: Frame[] | null,
  message: string,
): { module_name: string; function_name: string } {
  const last = raisedAt?.at(-1);
  if (cls === 'MaxRetriesExceeded' && last)
    return {
      module_name: last[0].replace(/\.py$/, '').replaceAll('/', '.'),
      function_name: last[2],
    };
  // the in-memory transport re-raises the scheduler's own exception: inspect.trace()[-1] is
  // where the scheduler raised it (SCHEDULER_FRAMES)
  if (cls === 'NoValidHost')
    return {
      module_name: 'nova.scheduler.manager',
      function_name: message.includes(NOT_ENOUGH_HOSTS)
        ? '_ensure_sufficient_hosts'
        : 'select_destinations',
    };
  if (cls === 'MessagingTimeout')
    return { module_name: 'oslo_messaging._drivers.amqpdriver', function_name: 'get' };
  if (cls === 'TooManyInstances')
    return { module_name: 'nova.compute.utils', function_name: 'check_num_instances_quota' };
  return { module_name: 'nova.conductor.manager', function_name: 'schedule_and_build_instances' };
}

export function asBuildError(err: Error): BuildError {
  if (err instanceof RemoteError)
    return {
      cls: err.failure.class,
      message: err.failure.message,
      nova: err.failure.module === 'nova.exception',
    };
  return { cls: err.name, message: err.message, nova: false };
}
