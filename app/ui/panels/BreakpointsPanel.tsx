import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  BREAKPOINT_FIELDS,
  BREAKPOINT_KINDS,
  type Breakpoint,
  type BreakpointField,
  type BreakpointRefusal,
} from '../../protocol/views';
import { WorkerCommandError } from '../../store/workerClient';
import { useAppStore, useStoreApi } from '../StoreContext';
import { VM_STATES as ALL_VM_STATES, vmStateFromUser } from '../../protocol/views';
import { knownMethod } from '../../protocol/breakpointWords';
import { processIds, unknownProcess } from '../../protocol/processes';
import { NOTIFICATION_TYPES, RPC_METHODS, VM_STATES } from './breakpointChoices';
import { describeBreakpoint } from './format';

const empty: Record<BreakpointField, string> = {
  process: '',
  method: '',
  kind: '',
  vm_state: '',
  request_id: '',
};

export function BreakpointsPanel() {
  const { t } = useTranslation();
  const breakpoints = useAppStore((s) => s.breakpoints);
  const hit = useAppStore((s) => s.breakpointHit);
  const hostNames = useAppStore((s) => s.hostNames);
  const processes = useMemo(() => processIds(hostNames), [hostNames]);
  const requests = useAppStore((s) => s.timelineView?.requests);
  /** suggestions for a field, as a <datalist>: a value, and what it is when that helps */
  const choices: Partial<Record<BreakpointField, readonly (string | [string, string])[]>> = {
    process: processes,
    method: [...RPC_METHODS, ...NOTIFICATION_TYPES],
    vm_state: VM_STATES,
    // the run's boot requests, by the server's name
    ...(requests?.length
      ? {
          request_id: requests.map((r): [string, string] => [r.request_id, r.name ?? '?']),
        }
      : {}),
  };
  const store = useStoreApi();
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<string | null>(null);

  // a removed breakpoint's button goes with its row: the keyboard's focus goes to the next
  // row's (or the last one's), else to the form, not to the page's body
  const section = useRef<HTMLElement>(null);
  const [refocus, setRefocus] = useState<number | null>(null);
  useEffect(() => {
    if (refocus === null) return;
    setRefocus(null);
    const removes = section.current?.querySelectorAll<HTMLButtonElement>('.bp-list button') ?? [];
    const to =
      removes[Math.min(refocus, removes.length - 1)] ??
      section.current?.querySelector<HTMLButtonElement>('button[type="submit"]');
    to?.focus();
  }, [breakpoints, refocus]);
  const save = (list: Breakpoint[]) =>
    store
      .getState()
      .setBreakpoints(list)
      .then(
        () => {
          setError(null);
          return true;
        },
        (e: Error) => {
          // the worker knows the run (its servers, its processes): what it refused, said here
          const r = e instanceof WorkerCommandError ? e.refusal : undefined;
          setError(r ? refusalText(r, t) : e.message);
          return false;
        },
      );

  const add = (e: React.FormEvent) => {
    e.preventDefault();
    const bp: Breakpoint = {};
    for (const f of BREAKPOINT_FIELDS) if (draft[f].trim()) bp[f] = draft[f].trim();
    if (Object.keys(bp).length === 0) {
      setError(t('debugger.bp.needOne'));
      return;
    }
    if (bp.process !== undefined && unknownProcess(bp.process, processes, hostNames)) {
      setError(t('debugger.bp.unknownProcess', { name: bp.process }));
      return;
    }
    if (bp.method !== undefined && !knownMethod(bp.method)) {
      setError(
        t('debugger.bp.unknownMethod', { name: bp.method, methods: RPC_METHODS.join(', ') }),
      );
      return;
    }
    if (bp.vm_state !== undefined && vmStateFromUser(bp.vm_state) === null) {
      setError(
        t('debugger.bp.unknownVmState', { name: bp.vm_state, states: ALL_VM_STATES.join(', ') }),
      );
      return;
    }
    // a refused breakpoint stays in the form, to be corrected
    void save([...breakpoints, bp]).then((saved) => saved && setDraft(empty));
  };

  return (
    <section
      ref={section}
      className="panel breakpoints"
      data-testid="breakpoints"
      aria-labelledby="bp-title"
    >
      <h2 id="bp-title">{t('debugger.bp.title')}</h2>
      <p className="panel-hint">{t('debugger.bp.hint')}</p>
      <form className="bp-form" onSubmit={add}>
        {BREAKPOINT_FIELDS.map((f) => (
          <label key={f} className="bp-field">
            <span>{t(`debugger.bp.${f}`)}</span>
            {f === 'kind' ? (
              <select
                data-testid={`bp-${f}`}
                value={draft.kind}
                onChange={(e) => setDraft({ ...draft, kind: e.target.value })}
              >
                <option value="">{t('debugger.bp.anyKind')}</option>
                {BREAKPOINT_KINDS.map((k) => {
                  const name = t(`debugger.bp.kindName_${k}`);
                  // the kind's own word, then what it means, unless that says the same
                  return (
                    <option key={k} value={k}>
                      {name === k ? k : `${k} · ${name}`}
                    </option>
                  );
                })}
              </select>
            ) : (
              <input
                data-testid={`bp-${f}`}
                list={choices[f] ? `bp-${f}-choices` : undefined}
                value={draft[f]}
                placeholder={t(`debugger.bp.placeholder_${f}`)}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
              />
            )}
          </label>
        ))}
        {Object.entries(choices).map(([f, list]) => (
          <datalist key={f} id={`bp-${f}-choices`}>
            {list.map((v) =>
              typeof v === 'string' ? (
                <option key={v} value={v} />
              ) : (
                <option key={v[0]} value={v[0]} label={v[1]} />
              ),
            )}
          </datalist>
        ))}
        <button type="submit" className="primary" data-testid="bp-add">
          {t('debugger.bp.add')}
        </button>
      </form>
      {error && (
        <p className="bp-error" role="alert">
          {error}
        </p>
      )}
      {breakpoints.length === 0 ? (
        <p className="empty">{t('debugger.bp.none')}</p>
      ) : (
        <ul className="bp-list" data-testid="bp-list">
          {breakpoints.map((bp, i) => {
            const what = describeBreakpoint(bp);
            // kept from another run (saved in this browser): it waits for a run that has it
            const elsewhere =
              bp.process !== undefined && unknownProcess(bp.process, processes, hostNames);
            return (
              <li key={`${i}-${what}`} className={hit?.index === i ? 'hit' : undefined}>
                <span className="bp-dot" aria-hidden="true" />
                <code>{what}</code>
                {elsewhere && (
                  <span className="bp-elsewhere" data-testid="bp-elsewhere">
                    {t('debugger.bp.notInRun')}
                  </span>
                )}
                <button
                  type="button"
                  className="quiet small"
                  aria-label={t('debugger.bp.removeLabel', { n: i + 1, what })}
                  onClick={() =>
                    void save(breakpoints.filter((_, j) => j !== i)).then(
                      (ok) => ok && setRefocus(i),
                    )
                  }
                >
                  {t('debugger.bp.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** A value the worker refused, in the page's language. */
function refusalText(r: BreakpointRefusal, t: TFunction): string {
  switch (r.field) {
    case 'process':
      return t('debugger.bp.unknownProcess', { name: r.value });
    case 'method':
      return t('debugger.bp.unknownMethod', { name: r.value, methods: RPC_METHODS.join(', ') });
    case 'vm_state':
      return t('debugger.bp.unknownVmState', { name: r.value, states: ALL_VM_STATES.join(', ') });
    case 'request_id':
      return t('debugger.bp.unknownRequest', { name: r.value });
    case 'kind':
      return t('debugger.bp.unknownKind', { name: r.value });
  }
}
