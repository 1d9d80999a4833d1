import { describe, expect, it } from 'vitest';
import { bootRequest, runScenario, testScenario } from './testing';
import type { RestEvent, TraceEvent } from './trace';

/** The test scenario's one boot, with the request's fields replaced. */
const scenario = (request: Record<string, unknown>) =>
  testScenario({ requests: [bootRequest('vm1', 0, request)] });

const rest = (events: TraceEvent[]) => events.filter((e): e is RestEvent => e.type === 'rest');
const postAnswer = (events: TraceEvent[]) =>
  rest(events).find((e) => e.phase === 'response' && e.method === 'POST')!;

describe('POST /servers with a flavor the cloud does not have', () => {
  // ServersController.create looks the flavor up before compute.API.create asks glance
  it('is refused with 400 before glance is asked for the image', () => {
    const { events } = runScenario(scenario({ flavorRef: '99' }));
    const post = postAnswer(events);
    expect(post.status).toBe(400);
    expect(post.body).toEqual({
      badRequest: { code: 400, message: 'Flavor 99 could not be found.' },
    });
    expect(rest(events).some((e) => e.to === 'glance-api')).toBe(false);
    expect(events.some((e) => e.type === 'rpc')).toBe(false);
  });

  it('is refused for its flavor even in a zone that is not available: the flavor comes first', () => {
    const { events } = runScenario(scenario({ flavorRef: '99', availability_zone: 'az9' }));
    expect(
      (postAnswer(events).body as { badRequest: { message: string } }).badRequest.message,
    ).toBe('Flavor 99 could not be found.');
  });

  it('with a flavor it has, glance is asked for the image as before', () => {
    const { events } = runScenario(scenario({}));
    expect(postAnswer(events).status).toBe(202);
    expect(rest(events).some((e) => e.to === 'glance-api')).toBe(true);
  });
});
