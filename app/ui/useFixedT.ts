import { useContext, useMemo } from 'react';
import { getI18n, I18nContext } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAppStore } from './StoreContext';

/**
 * The page's `t` for components that are many on screen (a host's boxes, a VM's chip): one
 * store subscription instead of react-i18next's useTranslation, which binds listeners and
 * checks readiness in every instance (a 200-host cloud renders six hundred of them at once).
 */
export function useFixedT(): TFunction {
  // as useTranslation does: the provider's instance, else the one initReactI18next registered
  const i18n = useContext(I18nContext)?.i18n ?? getI18n();
  const language = useAppStore((s) => s.language);
  return useMemo(() => i18n.getFixedT(language), [i18n, language]);
}
