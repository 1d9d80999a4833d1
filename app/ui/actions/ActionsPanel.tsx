import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Injection } from '../../engine/api';
import { seconds } from '../format';
import { useAppStore } from '../StoreContext';
import { FaultPanel } from './FaultPanel';
import { LaunchForm } from './LaunchForm';

/** How an injection reads in the list: the i18n key and its values. */
export function describeInjection(
  i: Injection,
  flavorName: (id: string) => string,
): [string, Record<string, unknown>] {
  if (i.kind === 'boot') {
    const r = i.request;
    return [
      i.after ? 'actions.kind_boot_after' : 'actions.kind_boot',
      {
        after: (i.after ?? 0) / 1000,
        name: r.name,
        flavor: flavorName(r.flavorRef),
        count: r.max_count,
        network: Array.isArray(r.networks) ? 'ports' : r.networks,
      },
    ];
  }
  const f = i.fault;
  switch (f.kind) {
    case 'service-down':
      return ['actions.kind_service_down', { host: f.host }];
    case 'spawn-fails':
      return ['actions.kind_spawn_fails', { host: f.host }];
    case 'message-drop':
      return ['actions.kind_message_drop', { topic: f.topic ?? f.method ?? '*' }];
    case 'broker-down':
      return ['actions.kind_broker_down', { seconds: f.for / 1000 }];
    default:
      return ['actions.kind_other', { kind: f.kind }];
  }
}

function InjectionList() {
  const { t } = useTranslation();
  const injections = useAppStore((s) => s.injections);
  const flavors = useAppStore((s) => s.flavors);
  const uninject = useAppStore((s) => s.uninject);
  // one at a time: the list moves under a second click
  const [busy, setBusy] = useState(false);
  // the button pressed goes with its row: the focus goes to the next row's, or to the title
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusRow === null || busy) return;
    const buttons = card.current?.querySelectorAll<HTMLButtonElement>('[data-testid="uninject"]');
    const next = buttons?.[Math.min(focusRow, buttons.length - 1)];
    (next ?? card.current?.querySelector<HTMLElement>('h3'))?.focus();
    setFocusRow(null);
  }, [focusRow, busy, injections]);
  const takeBack = (k: number, at: number) => {
    setBusy(true);
    uninject(k, at)
      .then(() => setFocusRow(k))
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };
  const flavorName = (id: string) => flavors.find((f) => f.id === id)?.name ?? id;
  return (
    <div className="action-card history" ref={card}>
      <h3 tabIndex={-1}>{t('actions.historyTitle')}</h3>
      {injections.length === 0 ? (
        <p className="empty">{t('actions.historyNone')}</p>
      ) : (
        <ol data-testid="injections">
          {injections.map((i, k) => {
            const [key, values] = describeInjection(i, flavorName);
            if (values.network === 'none' || values.network === 'auto')
              values.network = t(
                values.network === 'none' ? 'actions.networkNone' : 'actions.networkAuto',
              );
            return (
              <li key={k} data-kind={i.kind}>
                <span className="mono at">{t('status.seconds', { value: seconds(i.at) })}</span>{' '}
                {t(key, values)}{' '}
                <button
                  type="button"
                  className="quiet small"
                  data-testid="uninject"
                  aria-label={t('actions.undoLabel', { what: t(key, values) })}
                  title={t('actions.undoHelp')}
                  disabled={busy}
                  onClick={() => takeBack(k, i.at)}
                >
                  {t('actions.undo')}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

/**
 * When an action would take effect. Its own component: the time changes with every status,
 * and the forms beside it (a fault menu of every host) need not render again with it.
 */
function ActionTime() {
  const { t } = useTranslation();
  // the time the action is stamped with (injectionTime): as the list will say it
  const time = useAppStore((s) => seconds(Math.floor(Math.max(s.t, s.clock)) + 1));
  // an action here starts the run over from here: the user's later actions are not in it
  // (inject.ts branchInjections, with the time injectionTime gives it)
  const later = useAppStore(
    (s) => s.injections.filter((i) => i.at > Math.floor(Math.max(s.t, s.clock)) + 1).length,
  );
  return (
    <>
      <p className="help">{t('actions.at', { time })}</p>
      {later > 0 && (
        <p className="help warn" data-testid="actions-branch">
          {t('actions.dropsLater', { count: later })}
        </p>
      )}
    </>
  );
}

/** The launch form, the fault buttons and what the user did so far. */
export function ActionsPanel() {
  const { t } = useTranslation();
  const restored = useAppStore((s) => s.restored);
  return (
    <section className="panel actions" aria-labelledby="actions-title" data-testid="actions">
      <div className="actions-head">
        <h2 id="actions-title">{t('actions.title')}</h2>
        <ActionTime />
        {restored && (
          <p className="restored" data-testid="restored">
            {t('actions.restored')}
          </p>
        )}
      </div>
      <div className="actions-body">
        <LaunchForm />
        <FaultPanel />
        <InjectionList />
      </div>
    </section>
  );
}
