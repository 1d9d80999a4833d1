import type { TFunction } from 'i18next';
import type { ScenarioProblem } from '../protocol/messages';

/** Sizes zod counts in a unit (a string's characters, an array's items) rather than a value. */
const SIZED = new Set(['string', 'array']);

/**
 * A scenario's problem in the page's language. The engine says it in English (`text`); the
 * English texts here say it the same way (a test holds them to it), so a problem the page
 * has no words for keeps the engine's.
 */
export function problemText(p: ScenarioProblem, t: TFunction): string {
  const path = p.path === '(top level)' ? t('scenarioProblem.topLevel') : p.path;
  const type = (name: string) => t(`scenarioProblem.type_${name}`, { defaultValue: name });
  switch (p.kind) {
    case 'missing':
      return p.expected === undefined
        ? t('scenarioProblem.missing', { path })
        : t('scenarioProblem.missingValue', { path, value: p.expected });
    case 'unknownFields': {
      const keys = p.keys
        .map(({ key, near }) =>
          near
            ? t('scenarioProblem.unknownKeyNear', { key, near })
            : t('scenarioProblem.unknownKey', { key }),
        )
        .join(t('scenarioProblem.listSep'));
      return t('scenarioProblem.unknownFields', { path, keys, count: p.keys.length });
    }
    case 'faultKind':
      return t('scenarioProblem.faultKind', { path });
    case 'type':
      return t('scenarioProblem.type', {
        path,
        expected: type(p.expected),
        received: type(p.received),
      });
    case 'tooSmall':
    case 'tooBig': {
      const side = p.kind === 'tooSmall' ? 'small' : 'big';
      const op = t(`scenarioProblem.${side}_${p.inclusive ? 'inclusive' : 'exclusive'}`);
      const sized = SIZED.has(p.origin);
      return t(`scenarioProblem.${p.kind}${sized ? 'Sized' : ''}`, {
        path,
        origin: p.origin,
        op,
        limit: p.limit,
        unit: sized ? t(`scenarioProblem.unit_${p.origin}`) : '',
      });
    }
    case 'value':
      return p.expected.length === 1
        ? t('scenarioProblem.value', { path, expected: p.expected[0] })
        : p.text;
    case 'rule':
      return t(`scenarioProblem.rule_${p.rule}`, { path });
    case 'hostTwice':
      return t('scenarioProblem.hostTwice', { path, name: p.name });
    case 'flavorTwice':
      return t('scenarioProblem.flavorTwice', { path, id: p.id });
    case 'imageTwice':
      return t('scenarioProblem.imageTwice', { path, id: p.id });
    case 'noHost':
      return t('scenarioProblem.noHost', { path, host: p.host });
    case 'json':
      return p.excerpt === ''
        ? t('scenarioProblem.json', { line: p.line, column: p.column })
        : t('scenarioProblem.jsonAt', { line: p.line, column: p.column, excerpt: p.excerpt });
    case 'jsonEnds':
      return t('scenarioProblem.jsonEnds', { line: p.line });
    case 'empty':
      return t('scenarioProblem.empty');
    case 'trace':
      return t('scenarioProblem.trace');
    case 'other':
      return p.text;
  }
}
