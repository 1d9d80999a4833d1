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

export function parseShareHash(hash: string): ShareTarget {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const scenario = p.get('scenario');
  return {
    scenario: scenario !== null && /^[\w.-]+\.json$/.test(scenario) ? scenario : null,
    seed: wholeNumber(p.get('seed')),
    seq: wholeNumber(p.get('seq')),
    injections: p.has('inj') ? fromBase64Url(p.get('inj')!) : null,
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
