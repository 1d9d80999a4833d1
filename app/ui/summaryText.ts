import type { TFunction } from 'i18next';
import type { SummaryWord } from '../protocol/messages';

/** An event's short description in the page's language: Nova's names kept, its terms said. */
export function summaryText(words: readonly SummaryWord[], t: TFunction): string {
  let text = '';
  for (const w of words)
    text += typeof w === 'string' ? w : t(`term.${w.term}`, { name: w.name, n: w.n });
  return text;
}
