import { BREAKPOINT_KINDS, NOTIFICATION_TYPES, RPC_METHODS } from './views';

/** `*` matches any run of characters; everything else is literal; case-sensitive. */
export function globTest(pattern: string): (s: string) => boolean {
  if (!pattern.includes('*')) return (s) => s === pattern;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (s) => re.test(s);
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'];

/**
 * A breakpoint's method some event can have: an RPC method the services send, a
 * notification's event type, a REST method or path (`GET`, `/allocations/…`,
 * `PUT /allocations/…`), or a pattern. The form and the worker ask the same.
 */
export function knownMethod(v: string): boolean {
  if (v.includes('*') || v.startsWith('/')) return true;
  const [verb, path] = v.split(' ', 2);
  if (HTTP_METHODS.includes(verb!) && (path === undefined || path.startsWith('/'))) return true;
  return (
    (RPC_METHODS as readonly string[]).includes(v) ||
    (NOTIFICATION_TYPES as readonly string[]).includes(v)
  );
}

/** A breakpoint's kind by name, or a pattern some kind matches. */
export const knownKind = (v: string): boolean => BREAKPOINT_KINDS.some(globTest(v));
