import type { RemoteFailure } from '../trace';

/**
 * A nova.exception the way oslo.messaging serialises it into a `failure` reply: `tb` is
 * traceback.format_exception of the exception as raised at `frames` (the innermost last).
 */
export function novaFailure(
  cls: string,
  message: string,
  kwargs: Record<string, unknown>,
  frames: Frame[],
): RemoteFailure {
  return {
    class: cls,
    module: 'nova.exception',
    message,
    tb: formatException(frames, cls, message),
    args: [message],
    // NovaException.__init__ adds `code` to the kwargs it was given, so it comes last
    kwargs: 'code' in kwargs ? kwargs : { ...kwargs, code: 500 },
  };
}

/** A frame of a Python traceback: file under dist-packages, line, function, source line. */
export type Frame = [file: string, line: number, fn: string, code: string];

/**
 * select_destinations is an expected exception (@messaging.expected_exceptions(NoValidHost)):
 * its traceback starts in the decorator's `inner`, not in the dispatcher.
 */
const EXPECTED: Frame = [
  'oslo_messaging/rpc/server.py',
  244,
  'inner',
  'return func(*args, **kwargs)',
];

/** _ensure_sufficient_hosts's reason: fewer hosts passed (or were claimed) than instances asked. */
export const NOT_ENOUGH_HOSTS = 'There are not enough hosts available.';

/** Where nova-scheduler raises NoValidHost in Nova 26.2.2. */
export const SCHEDULER_FRAMES: Record<'noCandidates' | 'notEnoughHosts', Frame[]> = {
  // placement offered no allocation candidates
  noCandidates: [
    EXPECTED,
    [
      'nova/scheduler/manager.py',
      209,
      'select_destinations',
      'raise exception.NoValidHost(reason="")',
    ],
  ],
  // the filters or the claims left fewer hosts than instances
  notEnoughHosts: [
    EXPECTED,
    [
      'nova/scheduler/manager.py',
      223,
      'select_destinations',
      'selections = self._select_destinations(',
    ],
    ['nova/scheduler/manager.py', 250, '_select_destinations', 'selections = self._schedule('],
    ['nova/scheduler/manager.py', 416, '_schedule', 'self._ensure_sufficient_hosts('],
    [
      'nova/scheduler/manager.py',
      455,
      '_ensure_sufficient_hosts',
      'raise exception.NoValidHost(reason=reason)',
    ],
  ],
};

/** Where the conductor's failures are raised in Nova 26.2.2. */
export const FRAMES = {
  scheduleAndBuild: [
    'nova/conductor/manager.py',
    1587,
    'schedule_and_build_instances',
    'host_lists = self._schedule_instances(context, request_specs[0],',
  ],
  exhausted: [
    'nova/conductor/manager.py',
    703,
    'build_instances',
    'raise exception.MaxRetriesExceeded(reason=msg)',
  ],
  populateRetry: [
    'nova/conductor/manager.py',
    688,
    'build_instances',
    'scheduler_utils.populate_retry(',
  ],
  maxAttempts: [
    'nova/scheduler/utils.py',
    998,
    'populate_retry',
    'raise exception.MaxRetriesExceeded(reason=msg)',
  ],
} satisfies Record<string, Frame>;

/**
 * The conductor's select_destinations call, from schedule_and_build_instances down to where
 * the in-memory transport of the recordings raises the scheduler's failure again (impl_fake
 * re-raises the very exception, so its traceback goes on with the scheduler's frames).
 */
export const SCHEDULE_CALL: Frame[] = [
  FRAMES.scheduleAndBuild,
  [
    'nova/conductor/manager.py',
    940,
    '_schedule_instances',
    'host_lists = self.query_client.select_destinations(',
  ],
  [
    'nova/scheduler/client/query.py',
    41,
    'select_destinations',
    'return self.scheduler_rpcapi.select_destinations(context, spec_obj,',
  ],
  [
    'nova/scheduler/rpcapi.py',
    160,
    'select_destinations',
    "return cctxt.call(ctxt, 'select_destinations', **msg_args)",
  ],
  ['oslo_messaging/rpc/client.py', 190, 'call', 'result = self.transport._send('],
  ['oslo_messaging/transport.py', 123, '_send', 'return self._driver.send(target, ctxt, message,'],
  [
    'oslo_messaging/_drivers/impl_fake.py',
    222,
    'send',
    'return self._send(target, ctxt, message, wait_for_reply, timeout,',
  ],
  ['oslo_messaging/_drivers/impl_fake.py', 209, '_send', 'raise failure'],
];

/**
 * An RPC call over RabbitMQ that got no reply in time (oslo.messaging 14.0.3's amqpdriver),
 * from the RPC client's `call` to where ReplyWaiters.get turns the reply queue's Empty into
 * MessagingTimeout.
 */
const AMQP_CALL_TIMEOUT: Frame[] = [
  ...SCHEDULE_CALL.slice(4, 6),
  [
    'oslo_messaging/_drivers/amqpdriver.py',
    689,
    'send',
    'return self._send(target, ctxt, message, wait_for_reply, timeout,',
  ],
  [
    'oslo_messaging/_drivers/amqpdriver.py',
    678,
    '_send',
    'result = self._waiter.wait(msg_id, timeout,',
  ],
  [
    'oslo_messaging/_drivers/amqpdriver.py',
    567,
    'wait',
    'message = self.waiters.get(msg_id, timeout=timeout)',
  ],
  ['oslo_messaging/_drivers/amqpdriver.py', 443, 'get', 'raise oslo_messaging.MessagingTimeout('],
];

/**
 * The exception MessagingTimeout is raised while handling: the reply queue's get timing out
 * in eventlet (Debian 12's 0.33.1; Nova's services run monkey-patched), so every
 * MessagingTimeout traceback begins with it.
 */
const REPLY_QUEUE_EMPTY: RaisedAt = {
  cls: '_queue.Empty',
  message: '',
  frames: [
    [
      'oslo_messaging/_drivers/amqpdriver.py',
      441,
      'get',
      'return self._queues[msg_id].get(block=True, timeout=timeout)',
    ],
    ['eventlet/queue.py', 322, 'get', 'return waiter.wait()'],
    ['eventlet/queue.py', 141, 'wait', 'return get_hub().switch()'],
    ['eventlet/hubs/hub.py', 313, 'switch', 'return self.greenlet.switch()'],
  ],
};

/** A conductor RPC call a versioned object's remotable method makes (instance.save()). */
export const OBJECT_ACTION_CALL: Frame[] = [
  [
    'oslo_versionedobjects/base.py',
    209,
    'wrapper',
    'updates, result = self.indirection_api.object_action(',
  ],
  [
    'nova/conductor/rpcapi.py',
    247,
    'object_action',
    "return cctxt.call(context, 'object_action', objinst=objinst,",
  ],
];

/** The frames of a MessagingTimeout: `head`, the caller's, then the RPC client's down to the raise. */
export const callTimeoutFrames = (head: Frame[]): Frame[] => [...head, ...AMQP_CALL_TIMEOUT];

/**
 * Where a scheduling failure caught by schedule_and_build_instances went through: the whole
 * call for the scheduler's NoValidHost, which placement's empty answer or too few hosts
 * raised; anything else, the conductor's own frame.
 */
export function scheduleFailureFrames(cls: string, message: string): Frame[] {
  // the call itself timed out: its frames down to the client's, then the driver's
  if (cls === 'MessagingTimeout') return callTimeoutFrames(SCHEDULE_CALL.slice(0, 4));
  if (cls !== 'NoValidHost') return [FRAMES.scheduleAndBuild];
  const where = message.includes(NOT_ENOUGH_HOSTS)
    ? SCHEDULER_FRAMES.notEnoughHosts
    : SCHEDULER_FRAMES.noCandidates;
  return [...SCHEDULE_CALL, ...where];
}

/**
 * The traceback text an instance_faults row keeps in `details` for a code-500 fault
 * (compute_utils._get_fault_details: traceback.format_exception), trimmed to the frames
 * that raised it.
 */
export function faultDetails(frames: Frame[], cls: string, message: string): string {
  return formatException(frames, cls, message).join('');
}

const frameLine = ([file, line, fn, code]: Frame) =>
  `  File "/usr/lib/python3/dist-packages/${file}", line ${line}, in ${fn}\n    ${code}\n${carets(code)}`;

/**
 * Python 3.11 (Debian 12's, which runs Nova 26.2.2) marks the expression that was running
 * under its line when it is not the whole line: the call after `return `, `with ` or an
 * assignment, to the line's end (a call over several lines is marked on its first). A line
 * that is all the expression (a bare call, a `raise`) gets no mark.
 */
function carets(code: string): string {
  const lead = /^(?:return |with |[\w.]+(?:, [\w.]+)* = )/.exec(code);
  if (!lead) return '';
  const start = lead[0].length;
  return `    ${' '.repeat(start)}${'^'.repeat(code.length - start)}\n`;
}

/**
 * traceback.format_exception's lines: the header, a line per frame, the exception; for a
 * MessagingTimeout, the reply queue's Empty it was raised while handling comes first.
 */
function formatException(frames: Frame[], cls: string, message: string): string[] {
  if (cls === 'MessagingTimeout')
    return formatChained(REPLY_QUEUE_EMPTY, {
      cls: 'oslo_messaging.exceptions.MessagingTimeout',
      message,
      frames,
    });
  return exceptionLines(frames, `nova.exception.${cls}`, message);
}

/** One exception's part of format_exception; `cls` as Python prints it (builtins bare). */
export const exceptionLines = (frames: Frame[], cls: string, message: string): string[] => [
  'Traceback (most recent call last):\n',
  ...frames.map(frameLine),
  // format_exception_only: an exception with no text is its class alone
  message === '' ? `${cls}\n` : `${cls}: ${message}\n`,
];

/** An exception and the one raised while handling it, each with the frames it went through. */
export interface RaisedAt {
  /** module-qualified, except builtins (`Exception`) */
  cls: string;
  message: string;
  frames: Frame[];
}

/**
 * traceback.format_exception of `outer`, raised in an `except` block handling `inner`:
 * Python prints the inner exception first, then the one that replaced it.
 */
export function formatChained(inner: RaisedAt, outer: RaisedAt): string[] {
  return [
    ...exceptionLines(inner.frames, inner.cls, inner.message),
    '\nDuring handling of the above exception, another exception occurred:\n\n',
    ...exceptionLines(outer.frames, outer.cls, outer.message),
  ];
}

/** ''.join(traceback.format_tb(tb)): the frames alone (serialize_args on an event's exc_tb) */
export const formatTb = (frames: Frame[]): string => frames.map(frameLine).join('');

/** ExceptionPayload.from_exception's traceback: ','.join(traceback.format_exception(...)) */
export function payloadTraceback(frames: Frame[], cls: string, message: string): string {
  return formatException(frames, cls, message).join(',');
}

/** nova.utils.safe_truncate(message, 255) */
export const truncate255 = (s: string): string => (s.length > 255 ? s.slice(0, 255) : s);
