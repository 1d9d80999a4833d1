import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from './engine/testing';
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
      for (const [, name] of template!.matchAll(/\{\{(\w+)\}\}/g))
        expect(story.params, `story.${key} needs {{${name}}}`).toHaveProperty(name!);
    }
  });
});
