import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
import type { TraceEvent } from './engine/trace';
import { createI18n } from './i18n';
import { SUMMARY_TERMS } from './protocol/messages';
import { summaryText } from './ui/summaryText';
import { foldEvents } from './worker/fold';
import { summarize } from './worker/summary';

const events = (file: string) => runScenario(loadScenarioFile(file)).events as TraceEvent[];

describe('an event summary', () => {
  it('is its words: Nova names as they are, and terms that are English in `what`', () => {
    const en = createI18n('en').t;
    const seen = new Set<string>();
    for (const file of [
      'broker-outage.json',
      'reschedule.json',
      'host-down.json',
      'rpc-timeout.json',
    ])
      for (const ev of events(file)) {
        const s = summarize(ev);
        expect(summaryText(s.words, en)).toBe(s.what);
        for (const w of s.words)
          if (typeof w !== 'string') {
            expect(SUMMARY_TERMS).toContain(w.term);
            seen.add(w.term);
          }
      }
    // the operations these failure paths go through are all said as terms
    for (const t of [
      'send',
      'deliver',
      'reply',
      'insert',
      'update',
      'held',
      'released',
      'timeout',
      'fault-service-down',
      'fault-broker-down',
      'fault-spawn-fails',
      'fault-message-drop',
    ])
      expect(seen).toContain(t);
  });

  it('names the server an event is about: its instance’s name, or the name its POST asks for', () => {
    const evs = events('ten-boots-three-hosts.json');
    const { instances } = foldEvents(evs, evs.length);
    const post = evs.find((e) => e.type === 'rest' && e.method === 'POST' && e.from === 'client')!;
    expect(post.instance ?? null).toBeNull();
    expect(summarize(post, instances).server).toBe('web-1');
    const spawn = evs.find((e) => e.type === 'hypervisor')!;
    expect(summarize(spawn, instances).server).toBe(instances.get(spawn.instance!)!.name);
    // no fold, no name; an event of no server has none
    expect(summarize(spawn).server).toBeNull();
    expect(summarize(evs[0]!, instances).server).toBeNull();
  });

  it("names a lost call by its method and a dropped message by its queue, not the caller's reply queue", () => {
    const lost = events('rpc-timeout.json').filter((e) => e.type === 'mq');
    const said = (op: string) => summarize(lost.find((e) => e.type === 'mq' && e.op === op)!).what;
    expect(said('timeout')).toBe('timeout select_destinations');
    expect(said('drop')).toBe('drop scheduler select_destinations');
    // a reply queue taken up: said to be one, its name left out
    const up = lost.find(
      (e) => e.type === 'mq' && e.op === 'consumer-up' && e.queue!.startsWith('reply_'),
    )!;
    expect(summarize(up).what).toBe('consumer-up reply_…');
  });

  it('is said in Japanese with the names kept: the operation words translated', () => {
    const ja = createI18n('ja').t;
    const en = createI18n('en').t;
    for (const term of SUMMARY_TERMS) {
      expect(ja(`term.${term}`)).not.toBe(`term.${term}`);
      // an operation's word is its English name; a fault's is a sentence
      if (!term.startsWith('fault-')) expect(en(`term.${term}`)).toBe(term);
    }
    const send = events('one-boot.json')
      .map((ev) => summarize(ev))
      .find((s) => s.type === 'rpc' && s.what.startsWith('cast build_and_run_instance (send'))!;
    expect(summaryText(send.words, en)).toBe(send.what);
    expect(summaryText(send.words, ja)).toBe('cast build_and_run_instance (送信)');
    const write = events('one-boot.json')
      .map((ev) => summarize(ev))
      .find((s) => s.what === 'insert instances')!;
    expect(summaryText(write.words, ja)).toBe('挿入 instances');
    const refused = events('quota-exceeded.json')
      .map((ev) => summarize(ev))
      .find((s) => s.type === 'client' && s.what.includes('rejected'))!;
    expect(refused.what).toBe('vm2 rejected 403');
    expect(summaryText(refused.words, ja)).toBe('vm2 拒否 403');
  });

  it("says an injected fault in the page's language, with its number", () => {
    const ja = createI18n('ja').t;
    const faults = (file: string) =>
      events(file)
        .filter((ev) => ev.type === 'fault')
        .map((ev) => summaryText(summarize(ev).words, ja));
    expect(faults('host-down.json')).toContain(
      'service-down: host2 の nova-compute のプロセスが止まる',
    );
    const slow = summarize({
      seq: 0,
      t: 0,
      type: 'fault',
      kind: 'slow',
      target: 'nova-compute@cmp1',
      detail: 'nova-compute@cmp1 works 2.5× slower',
      amount: 2.5,
    } as TraceEvent);
    expect(summaryText(slow.words, ja)).toBe('slow: nova-compute@cmp1 の処理が 2.5 倍遅くなる');
    expect(summaryText(slow.words, createI18n('en').t)).toBe(slow.what);
    expect(faults('broker-outage.json')[0]).toMatch(
      /^broker-down: \d+\u00a0ms の間ブローカーに接続できない$/,
    );
  });
});

describe('where a message through the broker is bound', () => {
  it('is the process that reads its queue: a send and a drop say it, a reply or a fanout does not', () => {
    const bound = (file: string, test: (e: TraceEvent) => boolean) =>
      summarize(events(file).find(test)!).bound;
    const rpc = (method: string, phase: string) => (e: TraceEvent) =>
      e.type === 'rpc' && e.method === method && e.phase === phase;
    const one = 'one-boot.json';
    expect(bound(one, rpc('schedule_and_build_instances', 'send'))).toBe('nova-conductor');
    expect(bound(one, rpc('select_destinations', 'send'))).toBe('nova-scheduler');
    expect(bound(one, rpc('build_and_run_instance', 'send'))).toBe('nova-compute@compute');
    expect(bound(one, rpc('schedule_and_build_instances', 'deliver'))).toBeUndefined();
    expect(bound(one, rpc('select_destinations', 'reply'))).toBeUndefined();
    expect(bound(one, rpc('update_instance_info', 'send'))).toBeUndefined();
    const drop = (e: TraceEvent) => e.type === 'mq' && e.op === 'drop';
    expect(bound('rpc-timeout.json', drop)).toBe('nova-scheduler');
  });
});
