import { isoMicros } from '../kernel/clock';
import type { Rng } from '../kernel/rng';

/** The admin project of the reference recordings. */
export const PROJECT_ID = '6f70656e737461636b20342065766572';
export const USER_ID = 'admin';
const USER_IDENTITY = `${USER_ID} ${PROJECT_ID} - - -`;

/** A new request id, `req-<uuid>`, joined into one flat string: request ids are kept in rows. */
export const newRequestId = (rng: Rng): string => rng.requestId();

/**
 * A user request's roles and its empty service catalog: the same arrays in every context,
 * never changed, as a boot keeps its context (its spec's) for as long as the cloud lives.
 */
const USER_ROLES: readonly string[] = ['reader', 'member', 'admin'];
const NO_CATALOG: readonly unknown[] = [];
const USER_ROLES_JOINED = USER_ROLES.join(',');

/** The roles of a context, comma-joined as Nova keeps them in `system_metadata['boot_roles']`. */
export function bootRoles(context: Record<string, unknown>): string {
  const roles = context.roles as readonly string[] | undefined;
  if (roles === USER_ROLES) return USER_ROLES_JOINED;
  return roles?.join(',') ?? '';
}

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
    roles: USER_ROLES,
    user_identity: USER_IDENTITY,
    is_admin_project: true,
    user_id: USER_ID,
    read_deleted: 'no',
    remote_address: '127.0.0.1',
    timestamp: isoMicros(t),
    quota_class: null,
    user_name: null,
    service_catalog: NO_CATALOG,
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
