import { useTranslation } from 'react-i18next';
import { cellText } from './format';

/**
 * Values before and after a step, a row each, the changed ones marked: an update's fields
 * (what the write replaced) or an instance's state. A value not known before shows as —.
 */
export function BeforeAfter({
  rows,
  testId,
}: {
  rows: readonly (readonly [name: string, before: string | null, after: string])[];
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <table className="kv" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{t('debugger.inspector.before')}</th>
          <th scope="col">{t('debugger.inspector.after')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, before, after]) => (
          <tr key={k} className={before !== null && before !== after ? 'diff' : undefined}>
            <th scope="row">{k}</th>
            <td className="mono">{before === null ? '—' : <TimeBreakable text={before} />}</td>
            <td className="mono">
              <TimeBreakable text={after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A time breaks, in a narrow column, between its date and its time, not inside either. */
export function TimeBreakable({ text }: { text: string }) {
  const t = /^(\d{4}-\d\d-\d\d)T(\S+)$/.exec(text);
  if (!t) return text;
  return (
    <span className="nowrap-parts">
      <span>{t[1]}T</span>
      <wbr />
      <span>{t[2]}</span>
    </span>
  );
}

/** An update's fields, each with the value it replaced. */
export const fieldsBeforeAfter = (
  fields: Record<string, unknown>,
  before: Record<string, unknown>,
) =>
  Object.entries(fields).map(
    ([k, v]) => [k, k in before ? cellText(before[k]) : null, cellText(v)] as const,
  );
