/**
 * Whether an event is among the big steps followed: `of`, one boot request's id (its own
 * events, and what happens to the whole cloud: events of no request and no instance, a fault
 * or a service forced down, which may be why that request went as it did); null, every one.
 * The worker steps and pauses by it, the page tells what is playing by it.
 */
export function followed(
  ev: { request_id?: string | null; instance?: string | null },
  of: string | null,
): boolean {
  return of === null || ev.request_id === of || (!ev.request_id && !ev.instance);
}
