import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_LAUNCH_COUNT, MAX_LAUNCH_DELAY_SECONDS } from '../../protocol/messages';
import { useAppStore, useStoreApi } from '../StoreContext';
import { wholeInRange } from './wholeNumber';

const ignore = () => undefined;

/** `openstack server create` into the running simulation, at the current virtual time. */
export function LaunchForm() {
  const { t } = useTranslation();
  const flavors = useAppStore((s) => s.flavors);
  const images = useAppStore((s) => s.images);
  const hasRun = useAppStore((s) => s.runId !== null);
  const launched = useAppStore((s) => s.injections.filter((i) => i.kind === 'boot').length);
  const store = useStoreApi();
  const [name, setName] = useState('');
  const [flavor, setFlavor] = useState('');
  const [image, setImage] = useState('');
  const [countText, setCountText] = useState('1');
  const [badCount, setBadCount] = useState(false);
  const [afterText, setAfterText] = useState('0');
  const [badAfter, setBadAfter] = useState(false);
  const [network, setNetwork] = useState<'none' | 'auto'>('none');
  const [busy, setBusy] = useState(false);
  const [missingName, setMissingName] = useState(false);

  // A choice from another scenario falls back to the first of this one.
  const flavorRef = flavors.some((f) => f.id === flavor) ? flavor : (flavors[0]?.id ?? '');
  const imageRef = images.some((i) => i.id === image) ? image : (images[0]?.id ?? '');
  const suggested = `server-${launched + 1}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const n = (name.trim() || suggested).trim();
    if (!n) {
      setMissingName(true);
      return;
    }
    setMissingName(false);
    const count = wholeInRange(countText, 1, MAX_LAUNCH_COUNT);
    setBadCount(count === null);
    const afterSeconds = wholeInRange(afterText, 0, MAX_LAUNCH_DELAY_SECONDS);
    setBadAfter(afterSeconds === null);
    if (count === null || afterSeconds === null) return;
    setBusy(true);
    try {
      await store
        .getState()
        .inject({
          kind: 'launch',
          name: n,
          flavorRef,
          imageRef,
          count,
          networks: network,
          ...(afterSeconds > 0 ? { afterSeconds } : {}),
        })
        .catch(ignore);
      setName('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="action-card launch"
      onSubmit={submit}
      // its own messages, in the page's language, instead of the browser's
      noValidate
      data-testid="launch-form"
      aria-labelledby="launch-title"
    >
      <h3 id="launch-title">{t('actions.launchTitle')}</h3>
      <p className="help mono">{t('actions.launchHelp')}</p>
      <div className="form-grid">
        <label htmlFor="launch-name">{t('actions.name')}</label>
        <input
          id="launch-name"
          data-testid="launch-name"
          value={name}
          placeholder={suggested}
          maxLength={255}
          onChange={(e) => {
            setName(e.target.value);
            if (e.target.value.trim()) setMissingName(false);
          }}
          aria-invalid={missingName}
        />
        <label htmlFor="launch-flavor">{t('actions.flavor')}</label>
        <select
          id="launch-flavor"
          data-testid="launch-flavor"
          value={flavorRef}
          onChange={(e) => setFlavor(e.target.value)}
        >
          {flavors.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
        <label htmlFor="launch-image">{t('actions.image')}</label>
        <select
          id="launch-image"
          data-testid="launch-image"
          value={imageRef}
          onChange={(e) => setImage(e.target.value)}
        >
          {images.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
        <label htmlFor="launch-count">{t('actions.count')}</label>
        <input
          id="launch-count"
          data-testid="launch-count"
          type="number"
          min={1}
          max={MAX_LAUNCH_COUNT}
          value={countText}
          onChange={(e) => {
            setCountText(e.target.value);
            // a fixed value takes its error away at once; a new error waits for Launch
            if (wholeInRange(e.target.value, 1, MAX_LAUNCH_COUNT) !== null) setBadCount(false);
          }}
          aria-invalid={badCount}
          aria-describedby={badCount ? 'launch-count-error' : undefined}
        />
        <label htmlFor="launch-after">{t('actions.after')}</label>
        <input
          id="launch-after"
          data-testid="launch-after"
          type="number"
          min={0}
          max={MAX_LAUNCH_DELAY_SECONDS}
          value={afterText}
          onChange={(e) => {
            setAfterText(e.target.value);
            if (wholeInRange(e.target.value, 0, MAX_LAUNCH_DELAY_SECONDS) !== null)
              setBadAfter(false);
          }}
          aria-invalid={badAfter}
          aria-describedby={badAfter ? 'launch-after-error' : 'launch-after-help'}
        />
        <p className="help field-help" id="launch-after-help">
          {t('actions.afterHelp')}
        </p>
        <span id="launch-network-label">{t('actions.network')}</span>
        <div
          className="segmented"
          role="radiogroup"
          aria-labelledby="launch-network-label"
          data-testid="launch-network"
        >
          {(['none', 'auto'] as const).map((v) => (
            <label key={v}>
              <input
                type="radio"
                name="launch-network"
                value={v}
                checked={network === v}
                onChange={() => setNetwork(v)}
              />
              {t(v === 'none' ? 'actions.networkNone' : 'actions.networkAuto')}
            </label>
          ))}
        </div>
      </div>
      {missingName && <p className="form-error">{t('actions.nameRequired')}</p>}
      {badAfter && (
        <p className="form-error" id="launch-after-error" role="alert">
          {t('actions.outOfRange', {
            field: t('actions.after'),
            min: 0,
            max: MAX_LAUNCH_DELAY_SECONDS,
          })}
        </p>
      )}
      {badCount && (
        <p className="form-error" id="launch-count-error" role="alert">
          {t('actions.outOfRange', { field: t('actions.count'), min: 1, max: MAX_LAUNCH_COUNT })}
        </p>
      )}
      <button
        type="submit"
        className="primary"
        data-testid="launch-submit"
        // busy, it stays focusable (aria-disabled): disabled, it dropped the keyboard's focus
        disabled={!hasRun || !flavorRef || !imageRef}
        aria-disabled={busy || undefined}
      >
        {t('actions.launch')}
      </button>
    </form>
  );
}
