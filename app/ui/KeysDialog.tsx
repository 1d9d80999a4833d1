import { useTranslation } from 'react-i18next';
import { KeyTable } from './KeyTable';

const DIALOG = '[data-testid="keys-dialog"]';

/** Opens the list of keys, or closes it when it is open (the ? key, the header's button). */
export function toggleKeysDialog(): void {
  const dialog = document.querySelector<HTMLDialogElement>(DIALOG);
  if (!dialog) return;
  if (dialog.open) dialog.close();
  else dialog.showModal();
}

/** Whether the list of keys is open: the page's keys wait until it is closed. */
export const keysDialogOpen = (): boolean =>
  document.querySelector<HTMLDialogElement>(DIALOG)?.open === true;

/**
 * Every key, at any moment of a run (the first hint's list is there only before the first
 * event). A modal dialog: Esc closes it, and only it, not the presenting view behind it.
 */
export function KeysDialog() {
  const { t } = useTranslation();
  return (
    <dialog
      className="keys-dialog"
      data-testid="keys-dialog"
      aria-labelledby="keys-dialog-title"
      onKeyDown={(e) => {
        // closed, the focus may still be on its button for a moment: the next Esc is the page's
        if (e.key === 'Escape' && e.currentTarget.open) e.stopPropagation();
      }}
    >
      <h2 id="keys-dialog-title">{t('hint.keysTitle')}</h2>
      <KeyTable />
      <form method="dialog">
        <button type="submit" className="primary" autoFocus>
          {t('hint.keysClose')}
        </button>
      </form>
    </dialog>
  );
}
