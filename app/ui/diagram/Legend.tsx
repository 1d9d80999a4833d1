import { useTranslation } from 'react-i18next';
import type { TokenKind } from '../../protocol/messages';
import { useAppStore, useStoreApi } from '../StoreContext';
import { tokenShape } from './tokens';

const TOKENS: { kind: TokenKind; sample: string }[] = [
  { kind: 'cast', sample: 'cast' },
  { kind: 'call', sample: 'call' },
  { kind: 'reply', sample: 'reply' },
  { kind: 'rest-request', sample: 'GET' },
  { kind: 'rest-response', sample: '200' },
  { kind: 'db-write', sample: 'DB' },
  { kind: 'notify', sample: 'notify' },
  { kind: 'lost', sample: 'dropped' },
];

/** What the line styles and token shapes mean, always on screen next to the diagram. */
export function Legend() {
  const { t } = useTranslation();
  return (
    <aside className="dg-legend" aria-label={t('diagram.legend')} data-testid="diagram-legend">
      <ul className="dg-legend-edges">
        {(['rpc', 'rest', 'db'] as const).map((tr) => (
          <li key={tr}>
            <svg width="44" height="12" aria-hidden="true">
              <line x1="2" y1="6" x2="42" y2="6" className={`dg-edge dg-edge-${tr}`} />
            </svg>
            {t(`diagram.edge_${tr}`)}
          </li>
        ))}
      </ul>
      <ul className="dg-legend-tokens">
        {TOKENS.map(({ kind, sample }) => (
          <li key={kind}>
            <svg
              className={`dg-token-sample kind-${kind}`}
              width={kind.startsWith('rest') ? 24 : 20}
              height="18"
              viewBox={kind.startsWith('rest') ? '-10 -9 24 18' : '-10 -9 20 18'}
              aria-hidden="true"
            >
              <path className="dg-token-shape" d={tokenShape(kind)} />
            </svg>
            <span className="dg-token-sample-label">{sample}</span>
            {t(`diagram.token_${kind}`)}
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** Says which boot request is followed, with a way back to all of them. */
export function SelectionBar() {
  const { t } = useTranslation();
  const selection = useAppStore((s) => s.selection);
  const name = useAppStore((s) =>
    s.selection?.instance ? (s.instancesById[s.selection.instance]?.name ?? null) : null,
  );
  const store = useStoreApi();
  if (!selection) return null;
  // short: the bar sits over the diagram (the whole id is its tooltip)
  const rid = selection.request_id ?? '';
  const label =
    name ?? selection.instance?.slice(0, 8) ?? (rid.length > 12 ? `${rid.slice(0, 12)}…` : rid);
  return (
    <div
      className="dg-selection"
      data-testid="diagram-selection"
      title={`${t('diagram.followingHelp')} (${selection.request_id ?? selection.instance ?? ''})`}
    >
      <span>{t('diagram.following', { name: label })}</span>
      <button type="button" onClick={() => store.getState().select(null)}>
        {t('diagram.clear')}
      </button>
    </div>
  );
}
