import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
import { createI18n } from './i18n';
import { en } from './i18n/en';
import { ja } from './i18n/ja';
import type { Story } from './protocol/messages';
import { foldEvents } from './worker/fold';
import { summarize } from './worker/summary';

// Every sentence the worker tells (worker/story.ts) must exist in every language, with a
// value for each of its placeholders: a missing text would show its key to a class.

const index = JSON.parse(readFileSync('public/scenarios/index.json', 'utf8')) as {
  scenarios: { file: string }[];
};
const scenarios = index.scenarios.map((s) => s.file);

function text(texts: Record<string, unknown>, key: string): string | undefined {
  let node: unknown = texts.story;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

describe.each(scenarios)('the stories of %s', (file) => {
  const { events } = runScenario(loadScenarioFile(file));
  // as the worker tells them, with the run's instances (a failed boot names its hosts)
  const instances = foldEvents(events, events.length).instances;
  const stories = new Map<string, Story>();
  for (const e of events)
    for (let s: Story | undefined = summarize(e, instances).story; s; s = s.more)
      stories.set(s.key, s);

  it.each([
    ['en', en],
    ['ja', ja],
  ])('have a text in %s, with every placeholder given a value', (_lang, texts) => {
    for (const [key, story] of stories) {
      const template = text(texts as Record<string, unknown>, key);
      expect(template, `story.${key}`).toBeTypeOf('string');
      for (const [, name, format] of template!.matchAll(/\{\{(\w+)(?:, (\w+))?\}\}/g)) {
        expect(story.params, `story.${key} needs {{${name}}}`).toHaveProperty(name!);
        // a list is given as one, to be said in the language's way (host1 and host2)
        expect(Array.isArray(story.params![name!]), `story.${key}: {{${name}}}`).toBe(
          format === 'list',
        );
      }
    }
  });
});

describe('the end of a boot that failed on every host (retries-exhausted.json)', () => {
  const { events } = runScenario(loadScenarioFile('retries-exhausted.json'));
  const done = events.find((e) => e.type === 'client' && e.op === 'done')!;
  const more = summarize(done, foldEvents(events, events.length).instances).story.more!;
  const said = (lang: 'en' | 'ja') => createI18n(lang).t(`story.${more.key}`, more.params ?? {});

  it('names the hosts as a list of the language, and ends its sentence once', () => {
    expect(said('en')).toMatch(
      /The hypervisor failed on host1 and host2; the last said: [^.]*monitor\.$/,
    );
    expect(said('ja')).toContain('ハイパーバイザーが host1、host2 で失敗しました');
  });
});

describe("the scheduler's choice (one-boot.json, whose only host is named compute)", () => {
  const { events } = runScenario(loadScenarioFile('one-boot.json'));
  const instances = foldEvents(events, events.length).instances;
  const chosen = events
    .flatMap((e) => {
      const out: Story[] = [];
      for (let s: Story | undefined = summarize(e, instances).story; s; s = s.more) out.push(s);
      return out;
    })
    .find((s) => s.key.startsWith('scheduleChosen'))!;
  const said = (lang: 'en' | 'ja') =>
    createI18n(lang).t(`story.${chosen.key}`, chosen.params ?? {});

  it('says it is a host: a host named compute does not read as a verb', () => {
    expect(said('en')).toMatch(/^nova-scheduler’s choice: host compute, /);
    expect(said('ja')).toMatch(/^nova-scheduler の選択: ホスト compute。/);
  });
});

describe("the scheduler's alternates (ten-boots-three-hosts.json)", () => {
  const { events } = runScenario(loadScenarioFile('ten-boots-three-hosts.json'));
  const instances = foldEvents(events, events.length).instances;
  const chosen = events
    .map((e) => summarize(e, instances).story)
    .find((s) => s.key === 'scheduleChosenAlternates')!;
  const said = (lang: 'en' | 'ja') =>
    createI18n(lang).t(`story.${chosen.key}`, chosen.params ?? {});

  it('are a list of the language, as every other list of hosts is', () => {
    expect(chosen.params?.alternates).toHaveLength(2);
    const [a, b] = chosen.params!.alternates as string[];
    expect(said('en')).toContain(`alternates if the build fails there: ${a} and ${b}.`);
    expect(said('ja')).toContain(`代替ホスト: ${a}、${b}。`);
  });
});
