import type { Proc } from '../kernel/coroutine';
import { allocationsPath, type AllocationBody } from './placement';
import type { RestNet, RestResponse } from './rest';

/**
 * nova.scheduler.utils.claim_resources (SchedulerReportClient.claim_resources), which the
 * scheduler runs for its chosen host and the conductor for an alternate: the consumer's
 * allocations are read, then written in one PUT. True when placement accepted them.
 */
export function* claimResources(
  rest: RestNet,
  from: string,
  consumer: string,
  allocations: AllocationBody['allocations'],
  projectId: string,
  ids: { request_id: string; instance: string },
  mappings?: AllocationBody['mappings'],
): Proc<boolean> {
  // literals without spreads: a spread among a literal's fields is a runtime copy (two claims
  // a boot at least)
  const path = allocationsPath(consumer);
  const { request_id, instance } = ids;
  yield rest.request('placement-api', { from, method: 'GET', path, request_id, instance });
  // a copy of the allocation request (its allocations and mappings), then who it is for
  const body: AllocationBody = mappings
    ? { allocations, mappings, project_id: projectId, user_id: 'admin', consumer_generation: null }
    : { allocations, project_id: projectId, user_id: 'admin', consumer_generation: null };
  const r = (yield rest.request('placement-api', {
    from,
    method: 'PUT',
    path,
    body,
    request_id,
    instance,
  })) as RestResponse;
  return r.status === 204;
}
