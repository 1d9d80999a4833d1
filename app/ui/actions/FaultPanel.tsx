import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DROP_TOPICS,
  MAX_OUTAGE_SECONDS,
  type DropTopic,
  type UserAction,
} from '../../protocol/messages';
import { useAppStore, useStoreApi } from '../StoreContext';
import { wholeInRange } from './wholeNumber';

const ignore = () => undefined;

/** One button per fault kind, each with what it needs (a host, a topic, a duration). */
export function FaultPanel() {
  const { t } = useTranslation();
  const hostNames = useAppStore((s) => s.hostNames);
  const hasRun = useAppStore((s) => s.runId !== null);
  const store = useStoreApi();
  const [host, setHost] = useState('');
  const [topic, setTopic] = useState<DropTopic>('compute');
  const [secondsText, setSecondsText] = useState('20');
  const [badSeconds, setBadSeconds] = useState(false);
  const [busy, setBusy] = useState(false);
  const chosenHost = hostNames.includes(host) ? host : (hostNames[0] ?? '');

  const act = async (action: UserAction) => {
    setBusy(true);
    try {
      await store.getState().inject(action).catch(ignore);
    } finally {
      setBusy(false);
    }
  };
  const off = !hasRun || busy;

  return (
    <section
      className="action-card faults"
      aria-labelledby="faults-title"
      data-testid="fault-panel"
    >
      <h3 id="faults-title">{t('actions.faultsTitle')}</h3>
      <div className="fault-group">
        <label className="field-inline">
          <span>{t('actions.host')}</span>
          <select
            data-testid="fault-host"
            value={chosenHost}
            onChange={(e) => setHost(e.target.value)}
          >
            {hostNames.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <div className="fault-buttons">
          <FaultButton
            kind="stop-compute"
            disabled={off || !chosenHost}
            onClick={() => act({ kind: 'stop-compute', host: chosenHost })}
          />
          <FaultButton
            kind="spawn-fails"
            disabled={off || !chosenHost}
            onClick={() => act({ kind: 'spawn-fails', host: chosenHost })}
          />
        </div>
      </div>
      <div className="fault-group">
        <label className="field-inline">
          <span>{t('actions.topic')}</span>
          <select
            data-testid="fault-topic"
            value={topic}
            onChange={(e) => setTopic(e.target.value as DropTopic)}
          >
            {DROP_TOPICS.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <div className="fault-buttons">
          <FaultButton
            kind="drop-message"
            disabled={off}
            onClick={() => act({ kind: 'drop-message', topic })}
          />
        </div>
      </div>
      <div className="fault-group">
        <label className="field-inline">
          <span>{t('actions.outageSeconds')}</span>
          <input
            type="number"
            data-testid="fault-broker-seconds"
            min={1}
            max={MAX_OUTAGE_SECONDS}
            value={secondsText}
            onChange={(e) => {
              setSecondsText(e.target.value);
              if (wholeInRange(e.target.value, 1, MAX_OUTAGE_SECONDS) !== null)
                setBadSeconds(false);
            }}
            aria-invalid={badSeconds}
            aria-describedby={badSeconds ? 'broker-seconds-error' : undefined}
          />
        </label>
        <div className="fault-buttons">
          <FaultButton
            kind="broker-down"
            disabled={off}
            onClick={() => {
              const seconds = wholeInRange(secondsText, 1, MAX_OUTAGE_SECONDS);
              setBadSeconds(seconds === null);
              if (seconds !== null) void act({ kind: 'broker-down', seconds });
            }}
          />
        </div>
        {badSeconds && (
          <p className="form-error" id="broker-seconds-error" role="alert">
            {t('actions.outOfRange', {
              field: t('actions.outageSeconds'),
              min: 1,
              max: MAX_OUTAGE_SECONDS,
            })}
          </p>
        )}
      </div>
    </section>
  );
}

const LABELS = {
  'stop-compute': ['actions.stopCompute', 'actions.stopComputeHelp'],
  'spawn-fails': ['actions.spawnFails', 'actions.spawnFailsHelp'],
  'drop-message': ['actions.dropMessage', 'actions.dropMessageHelp'],
  'broker-down': ['actions.brokerDown', 'actions.brokerDownHelp'],
} as const;

function FaultButton({
  kind,
  disabled,
  onClick,
}: {
  kind: keyof typeof LABELS;
  disabled: boolean;
  onClick: () => void;
}) {
  const { t } = useTranslation();
  const [label, help] = LABELS[kind];
  return (
    <button
      type="button"
      className="danger"
      data-testid={`fault-${kind}`}
      title={t(help)}
      disabled={disabled}
      onClick={onClick}
    >
      {t(label)}
    </button>
  );
}
