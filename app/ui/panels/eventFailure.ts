import { refusalCode } from '../../protocol/messages';

/** What failed, said over a record: the title's i18n key and values, and the message. */
export interface Failure {
  key: string;
  params: Record<string, string>;
  message: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The exception a versioned notification carries: `instance.create.error`'s `fault` and
 * `compute_task.build_instances.error`'s `reason` are an ExceptionPayload (nova/notifications/
 * objects/exception.py).
 */
function notificationFault(record: Record<string, unknown>): Failure | null {
  const data = isObject(record.payload) ? record.payload['nova_object.data'] : null;
  if (!isObject(data)) return null;
  const fault = data.fault ?? data.reason;
  const ex = isObject(fault) ? fault['nova_object.data'] : null;
  if (!isObject(ex)) return null;
  return {
    key: 'debugger.inspector.notificationFault',
    params: {
      event: String(record.event_type),
      exception: String(ex.exception),
      where: `${String(ex.module_name)}.${String(ex.function_name)}`,
    },
    message: text(ex.exception_message),
  };
}

/**
 * A hypervisor error (what failed where, and the driver's message if the trace has it), a
 * boot request that ended in ERROR or was refused (what the API said), or a notification
 * carrying an exception.
 */
export function failureOf(record: Record<string, unknown>): Failure | null {
  const message = text(record.message);
  if (record.type === 'hypervisor' && record.phase === 'error')
    return {
      key: 'debugger.inspector.hypervisorFailed',
      params: { op: String(record.op), host: String(record.host) },
      message,
    };
  const code = record.type === 'client' ? refusalCode(String(record.status)) : null;
  if (code !== null)
    return {
      key: 'debugger.inspector.requestRefused',
      params: { name: String(record.name), code },
      message,
    };
  if (record.type === 'client' && record.op === 'done' && record.status !== 'ACTIVE')
    return {
      key: 'debugger.inspector.requestFailed',
      params: { name: String(record.name), status: String(record.status) },
      message,
    };
  if (record.type === 'notification') return notificationFault(record);
  if (record.type === 'mq' && (record.op === 'timeout' || record.op === 'drop'))
    return {
      key:
        record.op === 'timeout' ? 'debugger.inspector.callTimedOut' : 'debugger.inspector.dropped',
      params: { method: String(record.method ?? '?'), queue: String(record.queue ?? '?') },
      message: text(record.reason),
    };
  // the fault's detail is the engine's English: the narration says it in the page's language
  if (record.type === 'fault')
    return {
      key: 'debugger.inspector.injectedFault',
      params: { kind: String(record.kind), target: String(record.target) },
      message: null,
    };
  return null;
}

/**
 * An error answer to a REST request: the status, and the message of Nova's (or placement's)
 * error body (`{"forbidden": {"code": 403, "message": "Quota exceeded…"}}`, `{"errors": [{…}]}`).
 */
export function restFailureOf(status: number | null, from: string, body: unknown): Failure | null {
  if (status === null || status < 400) return null;
  let message: string | null = null;
  if (isObject(body)) {
    const errors = body.errors;
    const first = Array.isArray(errors) ? errors[0] : Object.values(body)[0];
    if (isObject(first)) message = text(first.detail) ?? text(first.message) ?? text(first.title);
  }
  return {
    key: 'debugger.inspector.restFailed',
    params: { from, status: String(status) },
    message,
  };
}

/** The row an instance's fault is kept in: what `openstack server show` gives as `fault`. */
export function dbFailureOf(
  table: string,
  op: string,
  fields: Record<string, unknown>,
): Failure | null {
  if (table !== 'instance_faults' || op !== 'insert') return null;
  return {
    key: 'debugger.inspector.instanceFault',
    params: { code: String(fields.code), host: String(fields.host ?? '—') },
    message: text(fields.message),
  };
}

/** A call's failure reply: the remote exception oslo.messaging serialised for the caller. */
export function replyFailureOf(failure: unknown): Failure | null {
  if (!isObject(failure)) return null;
  return {
    key: 'debugger.inspector.remoteFailure',
    params: { exception: `${String(failure.module)}.${String(failure.class)}` },
    message: text(failure.message),
  };
}
