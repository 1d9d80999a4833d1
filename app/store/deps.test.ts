import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpScenarioSource } from './deps';

function serve(index: unknown) {
  vi.stubGlobal('fetch', async () => ({
    ok: true,
    status: 200,
    statusText: 'OK',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => JSON.stringify(index),
  }));
}

describe('the scenario index', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('gives each example its title and, when it has one, its description in both languages', async () => {
    const entries = [
      { file: 'a.json', title: { en: 'A', ja: 'エー' } },
      { file: 'b.json', title: { en: 'B', ja: 'ビー' }, description: { en: 'b!', ja: 'ビー!' } },
    ];
    serve({ scenarios: entries });
    expect(await httpScenarioSource('/').fetchIndex()).toEqual(entries);
  });

  it('refuses a description that lacks a language, and says what it expected', async () => {
    serve({
      scenarios: [{ file: 'a.json', title: { en: 'A', ja: 'エー' }, description: { en: 'a' } }],
    });
    await expect(httpScenarioSource('/').fetchIndex()).rejects.toThrow(
      /scenarios\/index\.json: expected .*"description"\?: \{ "en", "ja" \}/,
    );
  });
});
