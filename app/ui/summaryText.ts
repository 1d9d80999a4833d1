import type { TFunction } from 'i18next';
import type { Story, SummaryWord } from '../protocol/messages';

/** What an event means, as the narration tells it: its sentence, and the one after it. */
export function storyText({ key, params, more }: Story, t: TFunction): string {
  return (
    t(`story.${key}`, params ?? {}) +
    (more ? t('story.join') + t(`story.${more.key}`, more.params ?? {}) : '')
  );
}

/** An event's short description in the page's language: Nova's names kept, its terms said. */
export function summaryText(words: readonly SummaryWord[], t: TFunction): string {
  let text = '';
  for (const w of words)
    text += typeof w === 'string' ? w : t(`term.${w.term}`, { name: w.name, n: w.n });
  return text;
}
