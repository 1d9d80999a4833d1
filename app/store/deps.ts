import type { ScenarioEntry } from './types';
import type { WorkerClient } from './workerClient';

/** What the store needs from outside: the worker, and a way to read the scenario files. */
export interface StoreDeps {
  client: WorkerClient;
  fetchScenario(file: string): Promise<string>;
  fetchIndex(): Promise<ScenarioEntry[]>;
}

/** A file that is missing may come back as the app's index.html (SPA fallback): not JSON. */
async function fetchJsonText(url: string): Promise<string> {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`.trim());
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('text/html')) throw new Error(`${url}: not found`);
  return res.text();
}

function isEntry(v: unknown): v is ScenarioEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  const texts = (v: unknown) => {
    const t = v as Record<string, unknown> | undefined;
    return typeof t?.en === 'string' && typeof t.ja === 'string';
  };
  return (
    typeof e.file === 'string' &&
    texts(e.title) &&
    (e.description === undefined || texts(e.description))
  );
}

/** Scenario files live in public/scenarios, next to the page. */
export function httpScenarioSource(
  baseUrl: string,
): Pick<StoreDeps, 'fetchScenario' | 'fetchIndex'> {
  const dir = `${baseUrl.replace(/\/?$/, '/')}scenarios/`;
  return {
    fetchScenario: (file) => {
      if (!/^[\w.-]+\.json$/.test(file))
        return Promise.reject(new Error(`not a scenario file name: ${file}`));
      return fetchJsonText(`${dir}${file}`);
    },
    async fetchIndex() {
      const json: unknown = JSON.parse(await fetchJsonText(`${dir}index.json`));
      const list = (json as { scenarios?: unknown }).scenarios;
      if (!Array.isArray(list) || !list.every(isEntry))
        throw new Error(
          'scenarios/index.json: expected { "scenarios": [{ "file", "title": { "en", "ja" }, "description"?: { "en", "ja" } }] }',
        );
      return list;
    },
  };
}
