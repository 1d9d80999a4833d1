/** What a share link carries in its hash: `#scenario=one-boot.json&seed=42&seq=17`. */
export interface ShareTarget {
  scenario: string | null;
  seed: number | null;
  seq: number | null;
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
  };
}

export function shareUrl(base: string, target: ShareTarget): string {
  const p = new URLSearchParams();
  if (target.scenario !== null) p.set('scenario', target.scenario);
  if (target.seed !== null) p.set('seed', String(target.seed));
  if (target.seq !== null) p.set('seq', String(target.seq));
  return `${base.replace(/#.*$/, '')}#${p.toString()}`;
}
