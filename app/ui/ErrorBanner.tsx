import { useTranslation } from 'react-i18next';
import { problemText } from './scenarioProblemText';
import { useAppStore } from './StoreContext';

export function ErrorBanner() {
  const { t } = useTranslation();
  const error = useAppStore((s) => s.error);
  const hasRun = useAppStore((s) => s.runId !== null);
  const dismiss = useAppStore((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid="error">
      <div>
        <strong>{t(`error.title_${error.kind}`)}</strong>
        {error.file && <span className="mono"> ({error.file})</span>}
        {error.problems ? (
          <ul className="problems" data-testid="scenario-problems">
            {error.problems.map((p, i) => (
              <li key={i}>{problemText(p, t)}</li>
            ))}
          </ul>
        ) : error.lines ? (
          <pre>{error.lines.map(({ key, params }) => t(key, params)).join('\n')}</pre>
        ) : (
          <pre>{error.message}</pre>
        )}
        {error.fallback !== undefined && hasRun && (
          <p>{t(error.fallback === 'saved' ? 'error.link_saved' : 'error.link_default')}</p>
        )}
        {hasRun && !['worker', 'link', 'linkSeq', 'replayed', 'otherTab'].includes(error.kind) && (
          <p>{t('error.kept')}</p>
        )}
      </div>
      <button type="button" className="quiet" onClick={dismiss}>
        {t('error.dismiss')}
      </button>
    </div>
  );
}
