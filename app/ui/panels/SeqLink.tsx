import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { revealInspector } from '../revealInspector';
import { useAppStore, useStoreApi } from '../StoreContext';

const ignore = () => undefined;

/**
 * `#seq …`: opens that event in the inspector; from outside it (`reveal`), the inspector is
 * brought on screen too. An event the cursor has not reached (the trace has it, as a call's
 * reply or a timeout to come) is marked so: a link must not tell the future as the past.
 */
export function SeqLink({
  seq,
  children,
  reveal = false,
  tag = true,
}: {
  seq: number;
  children?: ReactNode;
  reveal?: boolean;
  /** says "not played yet" after it when it is: not where a heading near it says so */
  tag?: boolean;
}) {
  const store = useStoreApi();
  const { t } = useTranslation();
  // the cursor is the number of events played: event `seq` is played once the cursor passes it
  const ahead = useAppStore((s) => seq >= s.seq);
  return (
    <button
      type="button"
      className={ahead ? 'link ahead' : 'link'}
      data-ahead={ahead || undefined}
      onClick={() => {
        void store.getState().selectEvent(seq).catch(ignore);
        if (reveal) revealInspector();
      }}
    >
      #{seq} {children}
      {ahead && tag && <span className="ahead-tag"> · {t('debugger.inspector.ahead')}</span>}
    </button>
  );
}
