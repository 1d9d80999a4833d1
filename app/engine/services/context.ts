import { isoMicros } from '../kernel/clock';
import type { Rng } from '../kernel/rng';

/** The admin project of the reference recordings. */
export const PROJECT_ID = '6f70656e737461636b20342065766572';
export const USER_ID = 'admin';
const USER_IDENTITY = `${USER_ID} ${PROJECT_ID} - - -`;

/** A new request id, `req-<uuid>`, joined into one flat string: request ids are kept in rows. */
export const newRequestId = (rng: Rng): string => rng.requestId();

/** nova.context.RequestContext.to_dict(), the keys the reference shows, in its order. */
export function requestContext(requestId: string, t: number): Record<string, unknown> {
  return {
    user: USER_ID,
    project_id: PROJECT_ID,
    system_scope: null,
    project: PROJECT_ID,
    domain: null,
    user_domain: null,
    project_domain: null,
    is_admin: true,
    read_only: false,
    show_deleted: false,
    auth_token: null,
    request_id: requestId,
    global_request_id: null,
    resource_uuid: null,
    roles: ['reader', 'member', 'admin'],
    user_identity: USER_IDENTITY,
    is_admin_project: true,
    user_id: USER_ID,
    read_deleted: 'no',
    remote_address: '127.0.0.1',
    timestamp: isoMicros(t),
    quota_class: null,
    user_name: null,
    service_catalog: [],
    project_name: null,
  };
}

/** A service's own context (periodic tasks, heartbeats): admin, its own request id. */
export function serviceContext(requestId: string, t: number): Record<string, unknown> {
  return {
    ...requestContext(requestId, t),
    user: null,
    project_id: null,
    project: null,
    user_id: null,
    user_identity: '- - - - -',
    roles: [],
  };
}
