import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './i18n/en';
import { ja } from './i18n/ja';

/** Every file under `dir` whose name ends in .ts or .tsx, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Whether `key` names a text: itself, or its plural forms (i18next's `_one`, `_other`). */
function known(key: string): boolean {
  const leaf = (k: string) =>
    k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], en);
  return typeof leaf(key) === 'string' || typeof leaf(`${key}_other`) === 'string';
}

describe('texts', () => {
  it('every literal key the page asks i18next for exists (Japanese has the same keys by type)', () => {
    const root = new URL('.', import.meta.url).pathname;
    const missing: string[] = [];
    let checked = 0;
    for (const file of sources(join(root, 'ui'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) {
        checked++;
        if (!known(m[1]!)) missing.push(`${file.slice(root.length)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
    // the scan itself found the page's texts
    expect(checked).toBeGreaterThan(100);
  });

  it('a number keeps its unit on its line: a no-break space before 秒, 件, 台, 個, s and ms', () => {
    const texts = (o: unknown): string[] =>
      typeof o === 'string' ? [o] : Object.values(o as object).flatMap(texts);
    // English terms are the trace's own words (an event's `what`, the engine's text): as written there
    const { term: _traceWords, ...page } = en;
    const all = [...texts(page), ...texts(ja)];
    const withUnit = all.filter((s) => /\}\}\s(?:秒|件|台|個|m?s\b)/.test(s));
    expect(withUnit.length).toBeGreaterThan(40);
    expect(withUnit.filter((s) => /\}\} (?:秒|件|台|個|m?s\b)/.test(s))).toEqual([]);
  });
});
