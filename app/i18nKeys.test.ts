import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './i18n/en';

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
});
