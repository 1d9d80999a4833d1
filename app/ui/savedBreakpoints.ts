import type { AppStoreApi } from '../store';
import type { Breakpoint } from '../protocol/views';

const KEY = 'novaviz.breakpoints';

/** The breakpoints saved in this browser, as stored: the worker checks them again. */
export function readSavedBreakpoints(storage: Pick<Storage, 'getItem'>): unknown[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/**
 * Breakpoints outlast a reload, as a debugger's do: each change is saved in this browser, and
 * after the page opens its run they are set again, one on a process this run lacks too (the
 * list says it is not in this run). One that cannot be read at all (saved by another version,
 * altered) is left out rather than lose the others.
 */
export async function keepBreakpoints(store: AppStoreApi, storage: Storage): Promise<void> {
  const saved = readSavedBreakpoints(storage);
  const set = store.getState().setBreakpoints;
  // saved as they change from now on: what is set again below, and what the user sets
  store.subscribe((s, prev) => {
    if (s.breakpoints === prev.breakpoints) return;
    save(storage, s.breakpoints);
  });
  if (saved.length > 0) {
    const all = saved as Breakpoint[];
    const kept: Breakpoint[] = [];
    const fromStorage = { saved: true };
    try {
      await set(all, fromStorage);
    } catch {
      for (const bp of all)
        try {
          await set([...kept, bp], fromStorage);
          kept.push(bp);
        } catch {
          // unreadable: left out
        }
      await set(kept, fromStorage).catch(() => undefined);
      // what could not be read is dropped for good, as the list shows it
      save(storage, kept);
    }
  }
}

function save(storage: Storage, breakpoints: readonly Breakpoint[]): void {
  try {
    storage.setItem(KEY, JSON.stringify(breakpoints));
  } catch {
    // storage full or blocked: they last for this page only
  }
}
