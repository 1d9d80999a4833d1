import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from './i18n';
import {
  createAppStore,
  createWorkerClient,
  httpScenarioSource,
  LANGUAGES,
  type Language,
} from './store';
import { App } from './ui/App';
import { boot, createAutomation, followLinks } from './ui/automation';
import { keepBreakpoints } from './ui/savedBreakpoints';
import { StoreProvider } from './ui/StoreContext';
import './ui/app.css';

const DEFAULT_SCENARIO = 'one-boot.json';

/** ?lang=ja, then the last choice, then the browser's language. */
function initialLanguage(): Language {
  const asked = new URLSearchParams(window.location.search).get('lang');
  let saved: string | null = null;
  try {
    saved = localStorage.getItem('novaviz.language');
  } catch {
    // storage blocked: fall through
  }
  for (const l of [asked, saved])
    if (l && (LANGUAGES as readonly string[]).includes(l)) return l as Language;
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

const language = initialLanguage();
document.documentElement.lang = language;
const i18n = createI18n(language);
const client = createWorkerClient();
const store = createAppStore(
  { client, ...httpScenarioSource(import.meta.env.BASE_URL) },
  { language },
);
const booted = boot(store, DEFAULT_SCENARIO);
window.novaviz = createAutomation(store, i18n, booted);
void booted.then(() => {
  followLinks(store);
  let storage: Storage | null = null;
  try {
    storage = localStorage;
  } catch {
    // storage blocked: breakpoints last for this page only
  }
  if (storage) void keepBreakpoints(store, storage);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </I18nextProvider>
  </StrictMode>,
);
