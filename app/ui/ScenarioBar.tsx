import { useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile, traceFileName } from './download';
import { useAppStore } from './StoreContext';

const FROM_FILE = '';
/** Keys that move a closed select's choice (and fire its change) without opening it. */
const MOVES = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

/** Picks an example scenario, or opens one of the user's own, and says what is loaded. */
export function ScenarioBar({ shareUrl }: { shareUrl: () => string }) {
  const { t } = useTranslation();
  const scenarios = useAppStore((s) => s.scenarios);
  const language = useAppStore((s) => s.language);
  const source = useAppStore((s) => s.source);
  const ownDescription = useAppStore((s) => s.description);
  const name = useAppStore((s) => s.name);
  const seed = useAppStore((s) => s.seed);
  const hostCount = useAppStore((s) => s.hostNames.length);
  const runId = useAppStore((s) => s.runId);
  const loading = useAppStore((s) => s.loading);
  const loadScenarioFile = useAppStore((s) => s.loadScenarioFile);
  const load = useAppStore((s) => s.load);
  const fileInput = useRef<HTMLInputElement>(null);
  const exportTraceBlob = useAppStore((s) => s.exportTraceBlob);
  const [copied, setCopied] = useState(false);
  const [exporting, setExporting] = useState(false);
  // the run the note is about: another run (another file) starts without it
  const [shareNoteFor, setShareNoteFor] = useState<string | null>(null);
  const shareNote = shareNoteFor !== null && shareNoteFor === runId;

  const entry = source === null ? undefined : scenarios.find((s) => s.file === source);

  // Arrows on the closed picker change its value at once: loading then would throw the run
  // away on the way to the scenario one wants. A choice made by keys waits for Enter.
  // The choice belongs to the run it was made over: another run (a file, a script) ends it.
  const [choice, setChoice] = useState<{ file: string; run: string | null } | null>(null);
  const pending = choice !== null && choice.run === runId ? choice.file : null;
  const setPending = (file: string | null) =>
    // back on the scenario that is loaded, there is nothing to open
    setChoice(file === null || file === entry?.file ? null : { file, run: runId });
  const keyed = useRef(false);
  const picker = useRef<HTMLSelectElement>(null);
  const open = (file: string, fromKeys = false) => {
    setPending(null);
    if (file === FROM_FILE) return;
    loadScenarioFile(file)
      .catch(() => undefined)
      // the picker is disabled while it loads, which drops the keyboard's focus: given back
      .finally(() => {
        if (fromKeys && document.activeElement === document.body) picker.current?.focus();
      });
  };
  const onPick = (e: ChangeEvent<HTMLSelectElement>) => {
    if (keyed.current) setPending(e.target.value);
    else open(e.target.value);
    keyed.current = false;
  };
  const onPickerKey = (e: KeyboardEvent<HTMLSelectElement>) => {
    if (e.key === 'Enter' && pending !== null) {
      e.preventDefault();
      open(pending, true);
    } else if (e.key === 'Escape' && pending !== null) {
      e.preventDefault();
      setPending(null);
    }
    keyed.current = MOVES.has(e.key) || (e.key.length === 1 && e.key !== ' ');
  };
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) await load(await file.text(), { fileName: file.name }).catch(() => undefined);
  };
  const onShare = async () => {
    try {
      await navigator.clipboard.writeText(shareUrl());
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      window.prompt(t('controls.share'), shareUrl());
    }
  };

  const onDownload = async () => {
    setExporting(true);
    try {
      saveFile(await exportTraceBlob(), traceFileName(name, seed));
    } catch {
      // the store shows the worker's error
    } finally {
      setExporting(false);
    }
  };

  const known = entry !== undefined;
  // an example's in the page's language; a file of one's own says what it says
  const description = entry?.description?.[language] ?? ownDescription;
  return (
    <section className="scenario-bar" aria-label={t('scenario.label')}>
      <label className="field">
        <span>{t('scenario.label')}</span>
        <select
          data-testid="scenario-picker"
          ref={picker}
          value={pending ?? entry?.file ?? FROM_FILE}
          onChange={onPick}
          onKeyDown={onPickerKey}
          onKeyUp={() => (keyed.current = false)}
          onMouseDown={() => (keyed.current = false)}
          aria-describedby={pending !== null ? 'scenario-pending' : undefined}
          disabled={loading}
        >
          {!known && <option value={FROM_FILE}>{source ?? name ?? t('scenario.loading')}</option>}
          {scenarios.map((s) => (
            <option key={s.file} value={s.file}>
              {s.title[language]}
            </option>
          ))}
        </select>
      </label>
      {pending !== null && (
        <>
          <button
            type="button"
            className="primary"
            onClick={() => open(pending)}
            data-testid="scenario-open"
          >
            {t('scenario.open')}
          </button>
          <span id="scenario-pending" className="scenario-pending" role="status">
            {t('scenario.pending')}
          </span>
        </>
      )}
      <button type="button" onClick={() => fileInput.current?.click()} data-testid="load-file">
        {t('scenario.fromFile')}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        onChange={onFile}
        data-testid="load-file-input"
      />
      {runId && !(description && known) && (
        <p className="run-info" data-testid="run-info">
          {/* an example's title is in the picker, in the page's language */}
          {!known && <strong>{name}</strong>}
          <span>{t('scenario.seed', { seed })}</span>
          <span>{t('scenario.hosts', { count: hostCount })}</span>
          {source === null && <span>{t('scenario.fromText')}</span>}
        </p>
      )}
      <div className="scenario-actions">
        <button
          type="button"
          className="quiet"
          onClick={() => void onDownload()}
          disabled={!runId || exporting}
          title={t('scenario.downloadHint')}
          data-testid="download-trace"
        >
          {exporting ? t('scenario.downloading') : t('scenario.download')}
        </button>
        {/* a link names the scenario by its file: the user's own file cannot be named, and
            a click says so (a disabled button could not show why) */}
        <button
          type="button"
          className="quiet"
          onClick={source === null ? () => setShareNoteFor(runId) : onShare}
          disabled={!runId}
          aria-describedby={shareNote ? 'share-note' : undefined}
          title={source === null ? t('controls.shareUnavailable') : undefined}
          data-testid="share-link"
        >
          {copied ? t('controls.shared') : t('controls.share')}
        </button>
      </div>
      {runId && description && (
        <p className="scenario-description" data-testid="scenario-description">
          {description}
          {/* an example's seed and hosts end its description: on the row above they took the
              room its title needs in the picker */}
          {known && (
            <span className="run-info-inline" data-testid="run-info">
              {t('scenario.seed', { seed })} · {t('scenario.hosts', { count: hostCount })}
            </span>
          )}
        </p>
      )}
      {shareNote && source === null && (
        <p id="share-note" className="share-note" role="status">
          {t('controls.shareUnavailable')}
        </p>
      )}
    </section>
  );
}
