import type { TFunction } from 'i18next';
import type { Story, SummaryWord } from '../protocol/messages';

/** What an event means, as the narration tells it: its sentence, and the one after it. */
export function storyText({ key, params, more }: Story, t: TFunction): string {
  return glueParticles(
    briefUuids(
      t(`story.${key}`, params ?? {}) +
        (more ? t('story.join') + t(`story.${more.key}`, more.params ?? {}) : ''),
    ),
  );
}

/** A Japanese particle after a space, ending its word: "nova-api に REST" → "nova-api\u00a0に REST". */
const PARTICLE = /(?<=\S) (?=の|が|を|に|で|へ|と|は|も|から|まで|より)/gu;

/**
 * A particle stays on the line of the name it follows: a line that starts with one ("に REST
 * で POST…", "の RPC キャスト") reads as cut in the wrong place, and a long name on the next
 * line could leave it alone on its own.
 */
export const glueParticles = (text: string): string => text.replace(PARTICLE, '\u00a0');

/** a uuid, and the full stop after it if it ends a sentence (the ellipsis ends it then) */
const UUID = /\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b(?:\.(?=\s|$))?/g;

/**
 * A uuid in a sentence (a fault's "…for instance 63133f3f-76a6-…") said by its first eight
 * digits, as the diagram and the tables show it: read aloud or on a projector, the whole of
 * it is five lines of hex; the inspector has it whole. At a sentence's end, `e9bba02d…`, not
 * `e9bba02d….`.
 */
export const briefUuids = (text: string): string => text.replace(UUID, '$1…');

/** An event's short description in the page's language: Nova's names kept, its terms said. */
export function summaryText(words: readonly SummaryWord[], t: TFunction): string {
  let text = '';
  for (const w of words)
    text += typeof w === 'string' ? w : t(`term.${w.term}`, { name: w.name, n: w.n });
  return text;
}
