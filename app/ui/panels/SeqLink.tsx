import type { ReactNode } from 'react';
import { useStoreApi } from '../StoreContext';

const ignore = () => undefined;

/** `#seq …`: opens that event in the inspector. */
export function SeqLink({ seq, children }: { seq: number; children?: ReactNode }) {
  const store = useStoreApi();
  return (
    <button
      type="button"
      className="link"
      onClick={() => void store.getState().selectEvent(seq).catch(ignore)}
    >
      #{seq} {children}
    </button>
  );
}
