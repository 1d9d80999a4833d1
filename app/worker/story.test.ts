import { describe, expect, it } from 'vitest';
import { hostsNamed, loadScenarioFile, runScenario, testScenario } from '../engine/testing';
import type { RestEvent, TraceEvent } from '../engine/trace';
import { foldEvents } from './fold';
import { storyOf, withSpawnHistory } from './story';
import { summarize } from './summary';

/** The big steps told while a scenario's first boot request plays, in order, repeats folded. */
function milestones(file: string): string[] {
  const { events } = runScenario(loadScenarioFile(file));
  const first = events.find((e) => e.request_id)?.request_id;
  const keys: string[] = [];
  for (const e of events as TraceEvent[]) {
    if (e.request_id !== first) continue;
    const s = storyOf(e);
    if (s.milestone && keys[keys.length - 1] !== s.key) keys.push(s.key);
  }
  return keys;
}

describe('the story of a boot', () => {
  it('tells the big steps of the happy path in the order real Nova takes them', () => {
    expect(milestones('one-boot.json')).toEqual([
      'rest.createServer',
      'rest.keystone',
      'rest.glance',
      'db.buildRequest',
      'rpc.scheduleAndBuild',
      'rest.accepted',
      'rpc.selectDestinations',
      'rest.allocationCandidates',
      'rest.schedulerClaim',
      'scheduleChosen',
      'rpc.replySelect',
      'db.instanceCreate',
      'rpc.buildAndRun',
      'state.building',
      'state.claimed',
      'state.networking',
      'state.blockDeviceMapping',
      'state.spawning',
      'hypervisor.spawnStart',
      'hypervisor.spawnEnd',
      'state.active',
      'rpc.updateInstanceInfo',
      'client',
    ]);
  });

  it("tells nova-api's port lookups for a poll's security groups as the poll's, not as networking", () => {
    const { events } = runScenario(loadScenarioFile('boot-with-port.json'));
    const toNeutron = (events as TraceEvent[]).filter(
      (e): e is RestEvent =>
        e.type === 'rest' && e.phase === 'request' && e.to === 'neutron-server',
    );
    const keyOf = (e: TraceEvent) => storyOf(e).key;
    const polls = toNeutron.filter(
      (e) => e.from === 'nova-api' && /[?&]device_id=/.test(String(e.path)),
    );
    expect(polls.length).toBeGreaterThan(1);
    expect(new Set(polls.map(keyOf))).toEqual(new Set(['rest.pollPorts']));
    // the create's checks of the port and network asked for, and the compute's own lookups,
    // are not a poll's
    const others = toNeutron.filter((e) => !polls.includes(e));
    expect(others.some((e) => e.from === 'nova-api')).toBe(true);
    expect(others.map(keyOf)).not.toContain('rest.pollPorts');
  });

  it('tells a multi-create’s end as the first server’s, with the others still building or ended', () => {
    const IMG = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
    const { events } = runScenario(
      testScenario({
        cloud: { hosts: hostsNamed('host1', 'host2', 'host3') },
        requests: [
          {
            at: 0,
            name: 'web',
            flavorRef: '1',
            imageRef: IMG,
            networks: 'none',
            min_count: 6,
            max_count: 6,
          },
        ],
      }),
    );
    const done = (events as TraceEvent[]).find((e) => e.type === 'client')!;
    const at = foldEvents(events, done.seq + 1).instances;
    const told = summarize(done, at).story;
    const building = [...at.values()].filter((r) => r.vm_state === 'building').length;
    expect(building).toBeGreaterThan(0);
    expect(told).toMatchObject({
      key: 'clientOfMany',
      params: { name: 'web', first: 'web-1', status: 'ACTIVE', count: 6, others: 5, building },
    });
    // at the run's end every server has ended: said so
    const end = summarize(done, foldEvents(events, events.length).instances).story;
    expect(end).toMatchObject({ key: 'clientOfManyDone', params: { others: 5 } });
    // a request of one server keeps its sentence
    const one = runScenario(testScenario({})).events as TraceEvent[];
    const last = one.find((e) => e.type === 'client')!;
    expect(summarize(last, foldEvents(one, one.length).instances).story.key).toBe('client');
  });

  it("names the server the user's POST asks for, so a run of many boots tells them apart", () => {
    const { events } = runScenario(loadScenarioFile('ten-boots-three-hosts.json'));
    const posts = (events as TraceEvent[]).filter(
      (e) => e.type === 'rest' && e.method === 'POST' && e.to === 'nova-api',
    );
    expect(posts.length).toBeGreaterThan(1);
    const names = posts.map((e) => storyOf(e).params?.name);
    expect(names[0]).toBe('web-1');
    expect(new Set(names).size).toBe(posts.length);
    expect(storyOf(posts[0]!)).toMatchObject({
      key: 'rest.createServer',
      params: { context: 'named' },
    });
  });

  it('names a notification by the process that publishes it, as the diagram draws it', () => {
    const { events } = runScenario(loadScenarioFile('one-boot.json'));
    const told = (type: string) =>
      storyOf(
        (events as TraceEvent[]).find((e) => e.type === 'notification' && e.event_type === type)!,
      );
    expect(told('scheduler.select_destinations.start')).toMatchObject({
      key: 'notification',
      params: { from: 'nova-scheduler', event: 'scheduler.select_destinations.start' },
    });
    expect(told('instance.create.end').params).toMatchObject({ from: 'nova-compute@compute' });
  });

  it('tells a reschedule: the failed spawn, the resources given back, the alternate', () => {
    const keys = milestones('reschedule.json');
    const at = (k: string) => keys.indexOf(k);
    expect(keys).toContain('hypervisor.spawnError');
    expect(at('rest.unclaim')).toBeGreaterThan(at('hypervisor.spawnError'));
    expect(at('rpc.buildInstances')).toBeGreaterThan(at('hypervisor.spawnError'));
    // the hand-back names the host it failed on
    const handBack = runScenario(loadScenarioFile('reschedule.json')).events.find(
      (e) => e.type === 'rpc' && e.phase === 'send' && e.method === 'build_instances',
    )!;
    expect(storyOf(handBack).params).toMatchObject({ host: 'host1' });
    // the conductor claims the alternate and sends the build there, without the scheduler
    expect(keys.slice(at('rpc.buildInstances'))).toEqual(
      expect.arrayContaining(['rest.claim', 'rpc.buildAndRun', 'state.active']),
    );
    expect(keys.slice(at('rpc.buildInstances'))).not.toContain('rpc.selectDestinations');
    expect(keys.slice(at('rpc.buildInstances'))).not.toContain('rest.schedulerClaim');
  });

  it('tells an injected fault as it acts: the spawn it fails, the message it drops', () => {
    const spawn = runScenario(loadScenarioFile('reschedule.json')).events;
    const failed = spawn.findIndex((e) => e.type === 'hypervisor' && e.phase === 'error');
    const fault = spawn.findIndex((e) => e.type === 'fault');
    // the fault takes the spawn as it starts, before the hypervisor reports the error
    expect(fault).toBeGreaterThan(-1);
    expect(fault).toBeLessThan(failed);
    expect(spawn[fault]!.instance).toBe(spawn[failed]!.instance);
    expect(storyOf(spawn[fault]!)).toMatchObject({
      key: 'fault.spawnFails',
      params: { host: 'host1' },
      milestone: true,
    });
    const dropped = runScenario(loadScenarioFile('rpc-timeout.json')).events;
    const drop = dropped.find((e) => e.type === 'fault')!;
    expect(storyOf(drop)).toMatchObject({
      key: 'fault.messageDrop',
      params: { method: 'select_destinations', queue: 'scheduler' },
    });
    // the broker's drop follows at once, and says what losing a call does
    const lost = dropped[dropped.indexOf(drop) + 1]!;
    expect(lost).toMatchObject({ type: 'mq', op: 'drop' });
    expect(storyOf(lost).key).toBe('mq.dropCall');
  });

  it('says that a lost cast is noticed by no one', () => {
    const { events } = runScenario({
      ...JSON.parse(JSON.stringify(loadScenarioFile('one-boot.json'))),
      faults: [{ kind: 'message-drop', method: 'build_and_run_instance', times: 1 }],
    });
    const lost = events.find((e) => e.type === 'mq' && e.op === 'drop')!;
    expect(storyOf(lost)).toMatchObject({
      key: 'mq.dropCast',
      params: { method: 'build_and_run_instance', queue: 'compute.compute' },
    });
  });

  it('says why the spawn failed, in the words of the driver', () => {
    const { events } = runScenario(loadScenarioFile('reschedule.json'));
    const failed = events.find((e) => e.type === 'hypervisor' && e.phase === 'error')!;
    expect(storyOf(failed).more).toEqual({
      key: 'hypervisor.reason',
      params: {
        message:
          'Virtual machine vm1 failed to start: internal error: process exited while connecting to monitor',
      },
    });
    const started = events.find((e) => e.type === 'hypervisor' && e.phase === 'start')!;
    expect(storyOf(started).more).toBeUndefined();
  });

  it('tells the aborted claim as such, not as a spawn starting again', () => {
    const keys = milestones('reschedule.json');
    const failed = keys.indexOf('hypervisor.spawnError');
    const rebuilt = keys.indexOf('rpc.buildAndRun', failed);
    expect(keys.slice(failed, rebuilt)).not.toContain('state.spawning');
    const { events } = runScenario(loadScenarioFile('reschedule.json'));
    expect(events.map((e) => storyOf(e).key)).toContain('state.claimAborted');
  });

  it('says when a failed build has no alternate host left', () => {
    const { events } = runScenario(loadScenarioFile('retries-exhausted.json'));
    const told = events
      .filter((e) => e.type === 'rpc' && e.method === 'build_instances' && e.phase === 'send')
      .map((e) => storyOf(e).key);
    expect(told.at(0)).toBe('rpc.buildInstances');
    expect(told.at(-1)).toBe('rpc.buildInstancesNoneLeft');
  });

  it('tells the claim reading the other servers on its host apart from its own', () => {
    const { events } = runScenario(loadScenarioFile('ten-boots-three-hosts.json'));
    const keys = new Set(events.map((e) => storyOf(e).key));
    expect(keys).toContain('rest.readProviderAllocations');
    expect(keys).toContain('rest.readOtherAllocations');
    expect(keys).toContain('rest.readAllocations');
  });

  it('says what a REST answer answers: its method and path, uuids cut short, no query', () => {
    const { events } = runScenario(loadScenarioFile('one-boot.json'));
    const claimed = events.find(
      (e) =>
        e.type === 'rest' &&
        e.phase === 'response' &&
        e.method === 'PUT' &&
        e.path.startsWith('/allocations/'),
    )!;
    expect(storyOf(claimed)).toMatchObject({
      key: 'rest.response',
      params: {
        from: 'placement-api',
        status: 204,
        method: 'PUT',
        path: `/allocations/${claimed.instance!.slice(0, 8)}…`,
      },
    });
    const candidates = events.find(
      (e) =>
        e.type === 'rest' && e.phase === 'response' && e.path.startsWith('/allocation_candidates'),
    )!;
    expect(storyOf(candidates).params).toMatchObject({ path: '/allocation_candidates' });
  });

  it('tells a host forced down by an admin, and a server buried in cell0', () => {
    const down = runScenario(loadScenarioFile('host-down.json'))
      .events.map(storyOf)
      .filter((s) => s.key === 'db.serviceForcedDown');
    expect(down.map((s) => s.params?.host)).toEqual(['host1']);
    expect(milestones('no-valid-host.json')).toContain('db.instanceBuried');
  });

  it('tells no valid host: the scheduler finds none, the error comes back, the server is buried', () => {
    const keys = milestones('no-valid-host.json');
    expect(keys).toEqual(
      expect.arrayContaining([
        'scheduleNoCandidates',
        'rpc.replyFailure',
        'state.error',
        'db.fault',
      ]),
    );
    expect(keys).not.toContain('rpc.buildAndRun');
    expect(keys.at(-1)).toBe('client');
  });

  it('names the hosts the filters turned away, filter by filter', () => {
    const { events } = runScenario(loadScenarioFile('host-down.json'));
    const schedule = events.find((e) => e.type === 'schedule')!;
    const story = storyOf(schedule);
    expect(story.key).toMatch(/^scheduleChosen/);
    expect(story.params?.host).toBe('host3');
    expect(story.more).toEqual({
      key: 'filtersRejected',
      params: { rejected: 'ComputeFilter: host1, host2' },
    });
  });

  it('tells a call that got no reply as a MessagingTimeout', () => {
    expect(milestones('rpc-timeout.json')).toContain('mq.timeout');
  });

  it('tells a quota refusal with the API’s own message', () => {
    const { events } = runScenario(loadScenarioFile('quota-exceeded.json'));
    const refused = events.map(storyOf).find((s) => s.key === 'rest.refused');
    expect(refused?.params?.status).toBe(403);
    expect(String(refused?.params?.message)).toMatch(/^Quota exceeded for /);
  });

  it('ends a failed request saying why: the server’s fault, or the API’s refusal', () => {
    const end = (file: string) =>
      runScenario(loadScenarioFile(file))
        .events.filter((e) => e.type === 'client')
        .map(storyOf);
    expect(end('no-valid-host.json')[0]).toMatchObject({
      key: 'client',
      params: { status: 'ERROR' },
      more: { key: 'clientWhy', params: { message: 'No valid host was found. ' } },
    });
    expect(end('retries-exhausted.json')[0]!.more?.params?.message).toMatch(
      /^Exceeded maximum number of retries/,
    );
    const [ok, refused] = end('quota-exceeded.json');
    expect(ok).toMatchObject({ key: 'client', params: { status: 'ACTIVE' } });
    expect(ok!.more).toBeUndefined();
    expect(refused).toMatchObject({
      key: 'clientRejected',
      params: { code: '403' },
      more: { key: 'clientWhy' },
    });
    expect(String(refused!.more?.params?.message)).toMatch(/^Quota exceeded for ram/);
  });

  it('names the object nova-compute asks the conductor to save', () => {
    const { events } = runScenario(loadScenarioFile('one-boot.json'));
    const asks = events
      .filter((e) => e.type === 'rpc' && e.method === 'object_action' && e.phase === 'send')
      .map((e) => storyOf(e).params);
    expect(asks[0]).toMatchObject({ object: 'Instance', objmethod: 'save' });
    expect(asks.map((p) => p?.object)).toContain('ComputeNode');
  });

  it('ends a boot whose every host failed to spawn it with those hosts and the last error, in both languages', () => {
    const { events } = runScenario(loadScenarioFile('retries-exhausted.json'));
    const done = events.find((e) => e.type === 'client' && e.op === 'done')!;
    const fold = foldEvents(events, events.length);
    const story = summarize(done, fold.instances).story;
    const spawnErrors = events.filter((e) => e.type === 'hypervisor' && e.phase === 'error');
    expect(spawnErrors.length).toBeGreaterThan(1);
    expect(story.more).toMatchObject({
      key: 'clientWhyTried',
      params: {
        hosts: spawnErrors.map((e) => (e as { host: string }).host),
        error: (spawnErrors.at(-1) as { message: string }).message,
      },
    });
    expect(String(story.more!.params!.message)).toMatch(/^Exceeded maximum number of retries/);
    // a boot that failed without a spawn error (no valid host) says only why
    const nvh = runScenario(loadScenarioFile('no-valid-host.json')).events;
    const nvhDone = nvh.find((e) => e.type === 'client' && e.op === 'done')!;
    expect(summarize(nvhDone, foldEvents(nvh, nvh.length).instances).story.more?.key).toBe(
      'clientWhy',
    );
  });

  it('ends a boot lost to a timed-out call with who gave up on which call (the fault says only MessagingTimeout)', () => {
    const { events } = runScenario(loadScenarioFile('rpc-timeout.json'));
    const done = events.find((e) => e.type === 'client' && e.op === 'done')!;
    const story = summarize(done, foldEvents(events, events.length).instances).story;
    expect(story.more).toEqual({
      key: 'clientWhyTimedOut',
      params: { message: 'MessagingTimeout', by: 'nova-conductor', method: 'select_destinations' },
    });
    // a call that timed out once, in a boot that then failed otherwise: its own fault is said
    const row = [...foldEvents(events, events.length).instances.values()][0]!;
    const other = withSpawnHistory(
      {
        key: 'client',
        params: {},
        more: { key: 'clientWhy', params: { message: 'No valid host was found. ' } },
      },
      row,
    );
    expect(other.more?.key).toBe('clientWhy');
  });

  it('says where a boot turns to error which hosts failed to spawn it, as the fold at that event knows them', () => {
    const { events } = runScenario(loadScenarioFile('retries-exhausted.json'));
    const at = events.findIndex((e) => e.type === 'state' && e.vm_state === 'error');
    const spawnErrors = events
      .slice(0, at)
      .filter((e) => e.type === 'hypervisor' && e.phase === 'error');
    expect(spawnErrors.length).toBeGreaterThan(1);
    const story = summarize(events[at]!, foldEvents(events, at + 1).instances).story;
    expect(story).toMatchObject({
      key: 'state.error',
      milestone: true,
      more: {
        key: 'state.errorTried',
        params: {
          hosts: spawnErrors.map((e) => (e as { host: string }).host),
          error: (spawnErrors.at(-1) as { message: string }).message,
        },
      },
    });
    // no host failed to spawn it: the sentence points to the fault
    const nvh = runScenario(loadScenarioFile('no-valid-host.json')).events;
    const nvhAt = nvh.findIndex((e) => e.type === 'state' && e.vm_state === 'error');
    const nvhStory = summarize(nvh[nvhAt]!, foldEvents(nvh, nvhAt + 1).instances).story;
    expect(nvhStory.key).toBe('state.error');
    expect(nvhStory.more).toBeUndefined();
  });

  it('quotes the message of the instance fault it tells of', () => {
    const { events } = runScenario(loadScenarioFile('rpc-timeout.json'));
    const fault = events.find(
      (e) => e.type === 'db' && e.table === 'instance_faults' && e.op === 'insert',
    )!;
    expect(storyOf(fault)).toMatchObject({
      key: 'db.fault',
      more: { key: 'db.faultSays', params: { message: 'MessagingTimeout' } },
    });
  });
});
