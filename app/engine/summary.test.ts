import { describe, expect, it } from 'vitest';
import { summarize } from './summary';
import { loadScenarioFile, runScenario } from './testing';

describe('the run summary (sim --format summary)', () => {
  it('says what each request became', () => {
    const { events } = runScenario(loadScenarioFile('no-valid-host.json'));
    const s = summarize(events);
    expect(s.requests).toEqual([
      { name: 'big', status: 'ERROR', instance: expect.any(String), finished: true },
    ]);
    expect(s.events).toBe(events.length);
    expect(s.rpc).toEqual([
      'cast schedule_and_build_instances 1.17 → conductor',
      'call select_destinations 4.5 → scheduler',
    ]);
  });

  it('lists a server the client was still polling when the run ended, with the status it saw', () => {
    // the build is lost on its way to the compute: the server stays in BUILD, as in Nova
    const lost = {
      ...(loadScenarioFile('one-boot.json') as Record<string, unknown>),
      faults: [{ kind: 'message-drop', method: 'build_and_run_instance' }],
    };
    const s = summarize(runScenario(lost).events);
    expect(s.requests).toEqual([
      { name: 'vm1', status: 'BUILD', instance: expect.any(String), finished: false },
    ]);
  });
});
