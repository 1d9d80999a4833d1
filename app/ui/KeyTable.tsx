import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Texts } from '../i18n';

type KeyAction = keyof Texts['hint']['keyTable'];

/**
 * The playback keys (useKeyboard), each row a command and the keys that give it: a combo's
 * caps are joined by +, a command's alternatives (on / back) by a slash. The caps are the same
 * in every language; what they do is translated.
 */
const KEYS: readonly [KeyAction, readonly (readonly string[])[]][] = [
  ['play', [['Space']]],
  ['step', [['→'], ['←']]],
  [
    'ten',
    [
      ['Shift', '→'],
      ['Shift', '←'],
    ],
  ],
  ['ends', [['Home'], ['End']]],
  ['goto', [['G']]],
  ['bigStep', [['N'], ['P']]],
  ['request', [[']'], ['[']]],
  ['speed', [['+'], ['−']]],
  ['reset', [['R']]],
  ['tour', [['T']]],
  ['pauseAtBigSteps', [['B']]],
  ['present', [['F']]],
  ['closeUp', [['C']]],
  ['inspector', [['I']]],
  ['language', [['L']]],
  ['leave', [['Esc']]],
  ['keys', [['?']]],
];

/** Every key, as a list of key caps and what they do. */
export function KeyTable() {
  const { t } = useTranslation();
  return (
    <dl className="key-table" data-testid="key-table">
      {KEYS.map(([action, alternatives]) => (
        <div key={action}>
          <dt>
            {alternatives.map((combo, i) => (
              <Fragment key={combo.join('+')}>
                {i > 0 && ' / '}
                <span className="key-combo">
                  {combo.map((cap, j) => (
                    <Fragment key={cap}>
                      {j > 0 && '+'}
                      <kbd>{cap}</kbd>
                    </Fragment>
                  ))}
                </span>
              </Fragment>
            ))}
          </dt>
          <dd>{t(`hint.keyTable.${action}`)}</dd>
        </div>
      ))}
    </dl>
  );
}
