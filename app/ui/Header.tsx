import { Trans, useTranslation } from 'react-i18next';
import { toggleKeysDialog } from './KeysDialog';
import { useAppStore } from './StoreContext';

export function Header() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const setLanguage = useAppStore((s) => s.setLanguage);
  const other = language === 'en' ? 'ja' : 'en';
  return (
    <header className="app-header">
      <div className="titles">
        <h1>{t('app.title')}</h1>
        <p className="subtitle">
          <Trans i18nKey="app.subtitle" components={{ code: <code /> }} />
        </p>
      </div>
      <div className="header-buttons">
        <button
          type="button"
          className="keys-button"
          data-testid="keys-button"
          aria-keyshortcuts="?"
          title={t('hint.keysButtonTitle')}
          onClick={toggleKeysDialog}
        >
          {t('hint.keysButton')}
        </button>
        <button
          type="button"
          className="language"
          data-testid="language"
          lang={other}
          // named by what it shows (voice control says what it sees); the page's language is
          // its description
          title={`${t('controls.language')}: ${t('controls.languageName')}`}
          onClick={() => setLanguage(other)}
        >
          {t('controls.switchTo')}
        </button>
      </div>
    </header>
  );
}
