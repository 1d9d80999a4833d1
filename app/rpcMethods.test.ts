import { describe, expect, it } from 'vitest';
import { RPC_METHODS as faultMethods } from './engine/faultTargets';
import { runScenario, loadScenarioFile } from './engine/testing';
import { RPC_METHODS as breakpointMethods } from './protocol/views';

describe('the RPC methods the services send', () => {
  it('are the same for breakpoints and for faults', () => {
    expect([...breakpointMethods]).toEqual([...faultMethods]);
  });

  it('are the ones a reschedule sends, every one', () => {
    const { events } = runScenario(loadScenarioFile('reschedule.json'));
    const sent = new Set(events.flatMap((e) => (e.type === 'rpc' ? [e.method] : [])));
    expect([...sent].sort()).toEqual([...faultMethods].sort());
  });
});
