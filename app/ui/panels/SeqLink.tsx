import type { ReactNode } from 'react';
import { revealInspector } from '../revealInspector';
import { useStoreApi } from '../StoreContext';

const ignore = () => undefined;

/**
 * `#seq …`: opens that event in the inspector; from outside it (`reveal`), the inspector is
 * brought on screen too.
 */
export function SeqLink({
  seq,
  children,
  reveal = false,
}: {
  seq: number;
  children?: ReactNode;
  reveal?: boolean;
}) {
  const store = useStoreApi();
  return (
    <button
      type="button"
      className="link"
      onClick={() => {
        void store.getState().selectEvent(seq).catch(ignore);
        if (reveal) revealInspector();
      }}
    >
      #{seq} {children}
    </button>
  );
}
