import type { Proc } from '../kernel/coroutine';
import type { AllocationBody } from './placement';
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
  const path = `/allocations/${consumer}`;
  yield rest.request('placement-api', { from, method: 'GET', path, ...ids });
  // a copy of the allocation request (its allocations and mappings), then who it is for
  const body: AllocationBody = {
    allocations,
    ...(mappings ? { mappings } : {}),
    project_id: projectId,
    user_id: 'admin',
    consumer_generation: null,
  };
  const r = (yield rest.request('placement-api', {
    from,
    method: 'PUT',
    path,
    body,
    ...ids,
  })) as RestResponse;
  return r.status === 204;
}
