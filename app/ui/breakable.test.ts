import { describe, expect, it } from 'vitest';
import { briefUuids, glueParticles } from './summaryText';
import {
  breakSegments,
  HYPHENATED_NAME,
  IDENTIFIER_BREAK,
  NAME_INSIDE_BREAK,
  splitAt,
  COMPOUND_NAME,
  URL_BREAK,
} from './Breakable';

describe('where a name may break', () => {
  it('after each separator of an identifier, keeping every character', () => {
    const name = 'versioned_notifications.info';
    expect(breakSegments(name, /([._:@/-])/)).toEqual(['versioned_', 'notifications.', 'info']);
    expect(breakSegments('nova-compute@host1', /([._:@/-])/)).toEqual([
      'nova-',
      'compute@',
      'host1',
    ]);
    expect(breakSegments('conductor', /([._:@/-])/)).toEqual(['conductor']);
  });

  it('after the slashes of a path, before its uuid too, so that its status stays with it', () => {
    const text = 'placement-api answers PUT /allocations/63133f3f…: 204.';
    expect(splitAt(text, IDENTIFIER_BREAK)).toEqual([
      'placement-api answers PUT /allocations/',
      '63133f3f…: 204.',
    ]);
    // a path's first slash stays with it: not "POST /" then "v2.1/servers"
    expect(splitAt('client sends POST /v2.1/servers to nova-api', IDENTIFIER_BREAK)).toEqual([
      'client sends POST /v2.1/',
      'servers to nova-api',
    ]);
  });

  it("in the narration's sentence, before a dot, after an @, not in numbers nor in a name of underscores", () => {
    const text =
      'nova-scheduler publishes scheduler.select_destinations.start at 0.314 s. Done on nova-compute@host1';
    const parts = splitAt(text, IDENTIFIER_BREAK);
    expect(parts.join('')).toBe(text);
    expect(parts).toEqual([
      'nova-scheduler publishes scheduler',
      '.select_destinations',
      '.start at 0.314 s. Done on nova-compute@',
      'host1',
    ]);
  });
});

describe('where a REST path may break', () => {
  it('before its query and each parameter, after slashes and commas, every character kept', () => {
    const path =
      '/allocation_candidates?limit=1000&resources=DISK_GB:1,MEMORY_MB:512,VCPU:1&root_required=!COMPUTE_STATUS_DISABLED';
    const parts = splitAt(path, URL_BREAK);
    expect(parts.join('')).toBe(path);
    expect(parts).toEqual([
      '/',
      'allocation_candidates',
      '?limit=1000',
      '&resources=DISK_GB:1,',
      'MEMORY_MB:512,',
      'VCPU:1',
      '&root_required=!COMPUTE_STATUS_DISABLED',
    ]);
    expect(splitAt('/v2.1/servers/63133f3f-76a6', URL_BREAK)).toEqual([
      '/',
      'v2.1/',
      'servers/',
      '63133f3f-76a6',
    ]);
  });
});

describe('the names kept whole in a sentence', () => {
  const kept = (text: string) => text.split(HYPHENATED_NAME).filter((_, i) => i % 2 === 1);

  it('are the hyphenated names of processes, not the groups of a uuid', () => {
    // a word may end in digits: nova-cell1-db is one name
    expect(kept('nova-compute@host1 asks placement-api; nova-cell1-db keeps the row')).toEqual([
      'nova-compute',
      'placement-api',
      'nova-cell1-db',
    ]);
    expect(kept('instance 63133f3f-76a6-427d-a6f3-f8216d9775ac and e9bba02d-b5aa-4bd6')).toEqual(
      [],
    );
    expect(kept('the request is req-23cec164-ae04')).toEqual([]);
  });
});

describe('a uuid in a sentence', () => {
  it('is said by its first eight digits', () => {
    expect(
      briefUuids(
        'Exhausted all hosts available for retrying build failures for instance e9bba02d-b5aa-4bd6-9a20-d9caf2aaba44.',
      ),
    ).toBe('Exhausted all hosts available for retrying build failures for instance e9bba02d…');
    expect(briefUuids('on e9bba02d-b5aa-4bd6-9a20-d9caf2aaba44. Then')).toBe('on e9bba02d… Then');
    // a dot that is not a sentence's end stays
    expect(briefUuids('e9bba02d-b5aa-4bd6-9a20-d9caf2aaba44.json')).toBe('e9bba02d….json');
    expect(briefUuids('req-23cec164-ae04 and 63133f3f')).toBe('req-23cec164-ae04 and 63133f3f');
  });
});

describe('a Japanese particle after a name', () => {
  it('stays on the line of the name it follows', () => {
    expect(glueParticles('実行します: nova-api に REST で POST /v2.1/servers を送ります。')).toBe(
      '実行します: nova-api\u00a0に REST\u00a0で POST /v2.1/servers\u00a0を送ります。',
    );
    expect(glueParticles('schedule_and_build_instances の RPC キャスト')).toBe(
      'schedule_and_build_instances\u00a0の RPC キャスト',
    );
    expect(glueParticles('task_state は None です。')).toBe('task_state\u00a0は None\u00a0です。');
    expect(glueParticles('nova-compute@host1 から、')).toBe('nova-compute@host1\u00a0から、');
  });

  it('leaves words that only begin with a particle, and English, as they are', () => {
    expect(glueParticles('キュー conductor の消費者')).toBe('キュー conductor\u00a0の消費者');
    expect(glueParticles('RabbitMQ がキュー')).toBe('RabbitMQ\u00a0がキュー');
    expect(glueParticles('nova-api これは')).toBe('nova-api これは');
    expect(glueParticles('The VM is up on compute.')).toBe('The VM is up on compute.');
  });
});

describe('the compound names, kept whole where they fit', () => {
  const names = (text: string) => text.split(COMPOUND_NAME).filter((_, i) => i % 2 === 1);

  it('take the punctuation after them, so that no line starts with it', () => {
    expect(names('an RPC cast of schedule_and_build_instances. A cast waits')).toEqual([
      'schedule_and_build_instances.',
    ]);
    expect(names('build_and_run_instance のキャスト。 task_state, then vm_state: ACTIVE')).toEqual([
      'build_and_run_instance',
      'task_state,',
      'vm_state:',
    ]);
    expect(names('nova-compute asks placement-api for a claim')).toEqual([]);
    expect(names('task_state は block_device_mapping。')).toEqual([
      'task_state',
      'block_device_mapping。',
    ]);
    // and the bracket before it: no line ends with "("
    expect(names('hands it back to nova-conductor (build_instances).')).toEqual([
      '(build_instances).',
    ]);
  });

  it('are names joined by dots or an @ too, but not numbers, versions or full stops', () => {
    expect(
      names(
        'RabbitMQ delivers build_and_run_instance from the queue compute.host1 to nova-compute@host1.',
      ),
    ).toEqual(['build_and_run_instance', 'compute.host1', 'nova-compute@host1.']);
    expect(
      names('nova-scheduler publishes scheduler.select_destinations.start at 0.314 s.'),
    ).toEqual(['scheduler.select_destinations.start']);
    expect(names('client sends POST /v2.1/servers. The VM is up on compute. Done')).toEqual([]);
    expect(names('the request req-23cec164-ae04 for 63133f3f-76a6')).toEqual([]);
  });

  it('break inside only before a dot, after an @ or an underscore, every character kept', () => {
    const name = 'scheduler.select_destinations.start.';
    expect(splitAt(name, NAME_INSIDE_BREAK)).toEqual([
      'scheduler',
      '.select_',
      'destinations',
      '.start.',
    ]);
    expect(splitAt('nova-compute@host1\u00a0から', NAME_INSIDE_BREAK)).toEqual([
      'nova-compute@',
      'host1\u00a0から',
    ]);
  });

  it('take the particle glued after them, so that no line starts with it', () => {
    const glued = glueParticles(
      'schedule_and_build_instances の RPC キャスト、task_state は None、nova-compute@host1 から',
    );
    expect(names(glued)).toEqual([
      'schedule_and_build_instances\u00a0の',
      'task_state\u00a0は',
      'nova-compute@host1\u00a0から',
    ]);
    // a particle not glued (English has none) is not taken
    expect(names('task_state は None')).toEqual(['task_state']);
  });
});
