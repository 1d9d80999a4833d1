import type { Injection } from '../engine/api';

/**
 * What a share link carries in its hash: `#scenario=one-boot.json&seed=42&seq=17`, and the
 * user's launches and faults as `inj=` base64url JSON (checked by the worker on load).
 */
export interface ShareTarget {
  scenario: string | null;
  seed: number | null;
  seq: number | null;
  injections?: Injection[] | null;
}

const toBase64Url = (s: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function fromBase64Url(s: string): Injection[] | null {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const json: unknown = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))),
    );
    return Array.isArray(json) ? (json as Injection[]) : null;
  } catch {
    return null;
  }
}

const wholeNumber = (v: string | null): number | null => {
  if (v === null || !/^\d+$/.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
};

const KNOWN = new Set(['scenario', 'seed', 'seq', 'inj']);

/**
 * What in a link could not be read: `text` in English (for scripts, and the page's fallback),
 * `key` and `params` for the page to say it in its language (i18n `linkProblem.<key>`).
 */
export interface LinkProblem {
  key: 'unknownParam' | 'badScenario' | 'notWhole' | 'badInj' | 'noScenario' | 'pastEnd';
  params: Record<string, string | number>;
  text: string;
}

/**
 * A share link's target, and what in it could not be read (a cut or mistyped link), each
 * named: the page says so instead of opening something else without a word.
 */
export function parseShareHash(hash: string): ShareTarget & { problems: LinkProblem[] } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const problems: LinkProblem[] = [];
  const say = (key: LinkProblem['key'], params: LinkProblem['params'], text: string) =>
    problems.push({ key, params, text });
  for (const key of new Set(p.keys()))
    if (!KNOWN.has(key))
      say(
        'unknownParam',
        { key },
        `unknown parameter '${key}' (a link has scenario, seed, seq, inj)`,
      );
  const scenario = p.get('scenario');
  const validScenario = scenario !== null && /^[\w.-]+\.json$/.test(scenario);
  if (scenario !== null && !validScenario)
    say(
      'badScenario',
      { scenario },
      `scenario '${scenario}' is not a scenario file name such as one-boot.json`,
    );
  const number = (key: 'seed' | 'seq'): number | null => {
    const v = p.get(key);
    const n = wholeNumber(v);
    if (v !== null && n === null)
      say('notWhole', { key, value: v }, `${key} '${v}' is not a whole number`);
    return n;
  };
  const seed = number('seed');
  const seq = number('seq');
  const injections = p.has('inj') ? fromBase64Url(p.get('inj')!) : null;
  if (p.has('inj') && injections === null)
    say('badInj', {}, 'inj is not readable (the launches and faults of the run, cut or altered)');
  if (scenario === null && (seed !== null || seq !== null || injections !== null))
    say('noScenario', {}, 'the link names no scenario');
  return {
    scenario: validScenario ? scenario : null,
    seed,
    seq,
    injections,
    problems,
  };
}

export function shareUrl(base: string, target: ShareTarget): string {
  const p = new URLSearchParams();
  if (target.scenario !== null) p.set('scenario', target.scenario);
  if (target.seed !== null) p.set('seed', String(target.seed));
  if (target.seq !== null) p.set('seq', String(target.seq));
  if (target.injections && target.injections.length > 0)
    p.set('inj', toBase64Url(JSON.stringify(target.injections)));
  return `${base.replace(/#.*$/, '')}#${p.toString()}`;
}

/** A link's event past the end of its run (it may be of a longer one): opened at the end. */
export const pastEnd = (asked: number, count: number): LinkProblem => ({
  key: 'pastEnd',
  params: { asked, count },
  text: `the link asks for event ${asked}; this run has ${count}: it is open at its end`,
});
