import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../engine/testing';
import type { TraceEvent } from '../engine/trace';
import { TIMELINE_GAP_MS } from '../protocol/views';
import { timelineView } from './timeline';
import { PendingWork } from './timelineWaits';
import { TraceIndex } from './traceIndex';

const viewOf = (events: TraceEvent[]) => {
  const index = new TraceIndex(events);
  index.update();
  return timelineView(null, events, index);
};

describe('a long pause in the timeline', () => {
  it('says the conductor waited for select_destinations through the minute before its timeout', () => {
    const events = runScenario(loadScenarioFile('rpc-timeout.json')).events;
    const timeout = events.find((e) => e.type === 'mq' && e.op === 'timeout')!;
    const row = viewOf(events).messages.find((m) => m.seq === timeout.seq)!;
    expect(row.waited).toEqual([{ who: 'nova-conductor', what: 'select_destinations' }]);
  });

  it('says nova-compute waited for the spawn, and marks no pause shorter than a second', () => {
    const events = runScenario(loadScenarioFile('one-boot.json')).events;
    const end = events.find(
      (e) => e.type === 'hypervisor' && e.op === 'spawn' && e.phase === 'end',
    )!;
    if (end.type !== 'hypervisor') throw new Error('no spawn');
    const { messages } = viewOf(events);
    const row = messages.find((m) => m.seq === end.seq)!;
    expect(row.waited).toContainEqual({ who: `nova-compute@${end.host}`, what: 'spawn' });
    messages.forEach((m, i) => {
      const paused = i > 0 && m.t - messages[i - 1]!.t >= TIMELINE_GAP_MS;
      expect(m.waited !== undefined, `row ${m.seq}`).toBe(paused);
    });
  });

  it('forgets a call once answered or timed out, a REST request once responded to', () => {
    const p = new PendingWork();
    const ev = (e: Record<string, unknown>) => p.see(e as unknown as TraceEvent);
    ev({
      type: 'rpc',
      phase: 'send',
      kind: 'call',
      msg_id: 'a',
      from: 'nova-conductor',
      method: 'select_destinations',
    });
    ev({
      type: 'rpc',
      phase: 'send',
      kind: 'cast',
      msg_id: null,
      from: 'nova-conductor',
      method: 'build_and_run_instance',
    });
    ev({
      type: 'rpc',
      phase: 'send',
      kind: 'call',
      msg_id: 'b',
      from: 'nova-compute@h',
      method: 'object_action',
    });
    ev({
      type: 'rest',
      phase: 'request',
      from: 'nova-compute@h',
      to: 'neutron-server',
      method: 'GET',
      path: '/v2.0/ports',
    });
    ev({ type: 'hypervisor', phase: 'start', host: 'h', op: 'spawn' });
    expect(p.now()).toEqual([
      { who: 'nova-conductor', what: 'select_destinations' },
      { who: 'nova-compute@h', what: 'object_action' },
      { who: 'nova-compute@h', what: 'GET /v2.0/ports' },
      { who: 'nova-compute@h', what: 'spawn' },
    ]);
    ev({
      type: 'rpc',
      phase: 'reply',
      kind: 'call',
      msg_id: 'b',
      from: 'nova-conductor',
      method: 'object_action',
    });
    ev({
      type: 'rest',
      phase: 'response',
      from: 'neutron-server',
      to: 'nova-compute@h',
      method: 'GET',
      path: '/v2.0/ports',
    });
    ev({ type: 'mq', op: 'timeout', msg_id: 'a', by: 'nova-conductor' });
    ev({ type: 'hypervisor', phase: 'end', host: 'h', op: 'spawn' });
    expect(p.now()).toEqual([]);
  });
});
