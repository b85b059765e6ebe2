import { franc } from 'franc-min';

/*
 * franc compares trigram profiles; limiting it to the languages of the news people here monitor
 * makes it faster and stops near neighbours (Sundanese, Ilocano) from winning on short texts.
 * Malay stays in the list because Malaysian outlets are monitored too.
 */
const LANGUAGES: Record<string, string> = {
  ind: 'id', eng: 'en', zlm: 'ms', fra: 'fr', deu: 'de', spa: 'es', por: 'pt', ita: 'it', nld: 'nl',
  rus: 'ru', ukr: 'uk', pol: 'pl', tur: 'tr', arb: 'ar', cmn: 'zh', jpn: 'ja', kor: 'ko', tha: 'th',
  vie: 'vi', hin: 'hi', ben: 'bn', tgl: 'tl',
};
const ONLY = Object.keys(LANGUAGES);

/** Enough text for a stable guess; more only costs time. */
const SAMPLE_CHARS = 300;

/** ISO 639-1 code of the text's language, or null when there is too little text to tell. */
export function detectLanguage(text: string): string | null {
  const code = franc(text.slice(0, SAMPLE_CHARS), { only: ONLY, minLength: 20 });
  return LANGUAGES[code] ?? null;
}
