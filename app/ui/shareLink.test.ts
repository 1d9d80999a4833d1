import { describe, expect, it } from 'vitest';
import type { Injection } from '../engine/api';
import { createI18n } from '../i18n';
import { type LinkProblem, parseShareHash, pastEnd, shareUrl } from './shareLink';

const en = createI18n('en').t;
const ja = createI18n('ja').t;

/** one link per problem it can have */
const BAD: [string, LinkProblem['key']][] = [
  ['#scenario=one-boot.json&colour=blue', 'unknownParam'],
  ['#scenario=../secret', 'badScenario'],
  ['#scenario=one-boot.json&seq=abc', 'notWhole'],
  ['#scenario=one-boot.json&seed=-4', 'notWhole'],
  ['#scenario=one-boot.json&inj=%%%', 'badInj'],
  ['#seq=12', 'noScenario'],
];

describe('share links', () => {
  it('reads what a link made by the page carries', () => {
    const injections: Injection[] = [
      { kind: 'fault', at: 1000, fault: { kind: 'service-down', host: 'host1', at: 1000 } },
    ];
    const target = { scenario: 'reschedule.json', seed: 7, seq: 120, injections };
    const url = shareUrl('https://x.test/', target);
    expect(parseShareHash(new URL(url).hash)).toEqual({ ...target, problems: [] });
  });

  it.each(BAD)('names what it cannot read: %s', (hash, key) => {
    const { problems } = parseShareHash(hash);
    expect(problems.map((p) => p.key)).toEqual([key]);
  });

  it('says each problem in the page language; in English, as the automation API does', () => {
    const problems = [...BAD.flatMap(([hash]) => parseShareHash(hash).problems), pastEnd(999, 254)];
    for (const p of problems) {
      expect(en(`linkProblem.${p.key}`, p.params)).toBe(p.text);
      const said = ja(`linkProblem.${p.key}`, p.params);
      expect(said, p.key).not.toBe(p.text);
      expect(said, p.key).not.toMatch(/[a-z]{5,} [a-z]{3,} [a-z]{3,}/);
      for (const v of Object.values(p.params)) expect(said).toContain(String(v));
    }
  });
});
