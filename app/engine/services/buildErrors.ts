/**
 * The exceptions a build fails with in nova-compute (Nova 26.2.2's compute/manager.py), as
 * the notifications, the faults and a reschedule's retry tell of them.
 */
import {
  callTimeoutFrames,
  exceptionLines,
  faultDetails,
  formatChained,
  OBJECT_ACTION_CALL,
  type Frame,
} from './faults';

/**
 * What ExceptionPayload.from_exception reads off the exception a build failed with: its class
 * (module-qualified, as format_exception prints it), the module and function it was raised
 * in, and its text.
 */
export interface Raised {
  cls: string;
  module: string;
  fn: string;
  message: string;
  /** the line of _build_and_run_instance it came through (for a reschedule's traceback) */
  at?: Frame;
}

/** Lines of nova/compute/manager.py (26.2.2) a rescheduled build's exceptions go through. */
const MANAGER = 'nova/compute/manager.py';
export const BUILD_LINES = {
  claim: [
    MANAGER,
    2495,
    '_build_and_run_instance',
    'with self.rt.instance_claim(context, instance, node, allocs,',
  ],
  spawningSave: [MANAGER, 2513, '_build_and_run_instance', 'instance.save(expected_task_state='],
  spawn: [
    MANAGER,
    2521,
    '_build_and_run_instance',
    'self.driver.spawn(context, instance, image_meta,',
  ],
  doBuild: [
    MANAGER,
    2338,
    '_do_build_and_run_instance',
    'self._build_and_run_instance(context, instance, image,',
  ],
  reschedule: [MANAGER, 2628, '_build_and_run_instance', 'raise exception.RescheduledException('],
} satisfies Record<string, Frame>;

/**
 * The traceback of a fault for an instance.save() through the conductor that timed out,
 * outside the build's own handlers: the first save, caught by wrap_instance_fault's
 * decorated_function, or the save after the spawn, caught in _do_build_and_run_instance.
 */
export function saveTimeoutDetails(at: 'start' | 'active', message: string): string {
  const head: Frame[] =
    at === 'start'
      ? [
          [MANAGER, 201, 'decorated_function', 'return function(self, context, *args, **kwargs)'],
          [MANAGER, 2317, '_do_build_and_run_instance', 'instance.save(expected_task_state='],
        ]
      : [
          BUILD_LINES.doBuild,
          [
            MANAGER,
            2653,
            '_build_and_run_instance',
            'instance.save(expected_task_state=task_states.SPAWNING)',
          ],
        ];
  return faultDetails(
    callTimeoutFrames([...head, ...OBJECT_ACTION_CALL]),
    'MessagingTimeout',
    message,
  );
}

/** the fake driver's spawn raising */
export const spawnError = (message: string): Raised => ({
  cls: 'Exception',
  module: 'nova.virt.fake',
  fn: 'spawn',
  message,
  at: BUILD_LINES.spawn,
});

/** a call to the conductor that got no reply (ReplyWaiter.get) */
export const callTimeout = (err: Error, at?: Frame): Raised => ({
  cls: 'oslo_messaging.exceptions.MessagingTimeout',
  module: 'oslo_messaging._drivers.amqpdriver',
  fn: 'get',
  message: err.message,
  ...(at ? { at } : {}),
});

/**
 * retry['exc'] in _do_build_and_run_instance: traceback.format_exception of the
 * RescheduledException, raised while handling what the build failed with.
 */
export const rescheduleTraceback = (uuid: string, raised: Raised): string[] =>
  formatChained(
    { cls: raised.cls, message: raised.message, frames: raised.at ? [raised.at] : [] },
    {
      cls: 'nova.exception.RescheduledException',
      message: `Build of instance ${uuid} was re-scheduled: ${raised.message}`,
      frames: [BUILD_LINES.doBuild, BUILD_LINES.reschedule],
    },
  );

/** _build_resources giving up on the build */
export const buildAbort = (uuid: string, reason: string): Raised => ({
  cls: 'nova.exception.BuildAbortException',
  module: 'nova.compute.manager',
  fn: '_build_resources',
  message: `Build of instance ${uuid} aborted: ${reason}`,
});

/** nova.notifications.objects.exception.ExceptionPayload */
export function exceptionPayload(e: Raised): Record<string, unknown> {
  return {
    'nova_object.name': 'ExceptionPayload',
    'nova_object.namespace': 'nova',
    'nova_object.version': '1.1',
    'nova_object.data': {
      module_name: e.module,
      function_name: e.fn,
      exception: e.cls.slice(e.cls.lastIndexOf('.') + 1),
      exception_message: e.message,
      // ','.join(traceback.format_exception(...)), from the handler in _build_and_run_instance
      traceback: exceptionLines(e.at ? [e.at] : [], e.cls, e.message).join(','),
    },
  };
}
