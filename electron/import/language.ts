import { francAll } from 'franc-min';

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

/** Enough text for a stable guess; more only costs time (this runs for every article imported). */
const SAMPLE_CHARS = 300;

/*
 * Indonesian and Malay share most of their trigrams, and franc's scores for the two are often
 * within a percent of each other. Words that one standard uses and the other avoids settle it;
 * without any, Indonesian, which far more of the monitored outlets write.
 */
const INDONESIAN_ONLY = new Set(['pemerintah', 'mengatakan', 'karena', 'setelah', 'saja', 'bisa', 'bahwa', 'uang', 'rupiah', 'ujar', 'ungkap', 'tapi']);
const MALAY_ONLY = new Set(['kerajaan', 'berkata', 'daripada', 'ialah', 'iaitu', 'selepas', 'sahaja', 'kerana', 'semasa', 'terjejas', 'bahawa', 'wang', 'ringgit']);
const MARKER_CHARS = 1500;
const NEAR_TIE = 0.9;

/**
 * The words of the lists (lower-case a–z) where they stand whole: as maximal runs of a–z, the
 * words splitting at every other character gives. Matching just those takes one regex scan, where
 * splitting makes a string of every word to look up.
 */
function listedWords(...lists: ReadonlySet<string>[]): RegExp {
  return new RegExp(`(?<![a-z])(?:${lists.flatMap((words) => [...words]).join('|')})(?![a-z])`, 'g');
}

const MARKERS = listedWords(INDONESIAN_ONLY, MALAY_ONLY);

function indonesianOrMalay(text: string): 'ind' | 'zlm' {
  let id = 0;
  let ms = 0;
  for (const word of text.slice(0, MARKER_CHARS).toLowerCase().match(MARKERS) ?? []) {
    if (INDONESIAN_ONLY.has(word)) id += 1;
    else if (MALAY_ONLY.has(word)) ms += 1;
  }
  return ms > id ? 'zlm' : 'ind';
}

/*
 * Most articles imported are plainly English or plainly Indonesian/Malay, and their commonest
 * function words say so at a glance; franc's trigram comparison, the costliest step of an import,
 * is kept for the rest. The lists leave out words other languages share (`in`, `is`, `di`, `was`).
 */
const ENGLISH_FUNCTION = new Set(['the', 'of', 'and', 'to', 'that', 'for', 'with', 'said', 'has', 'have', 'were', 'from', 'by', 'his', 'her', 'which', 'their']);
const MALAY_FAMILY_FUNCTION = new Set(['yang', 'dan', 'dengan', 'untuk', 'itu', 'dari', 'dalam', 'pada', 'tidak', 'akan', 'juga', 'ini', 'oleh', 'telah', 'sudah', 'kata', 'para', 'mereka']);
const FUNCTION_WORDS = listedWords(ENGLISH_FUNCTION, MALAY_FAMILY_FUNCTION);
const CLEAR_HITS = 6;
const CLEAR_DISTINCT = 3;

function obvious(sample: string): 'eng' | 'malay-family' | null {
  const en = new Set<string>();
  const ms = new Set<string>();
  let enHits = 0;
  let msHits = 0;
  for (const word of sample.toLowerCase().match(FUNCTION_WORDS) ?? []) {
    if (ENGLISH_FUNCTION.has(word)) {
      enHits += 1;
      en.add(word);
    } else if (MALAY_FAMILY_FUNCTION.has(word)) {
      msHits += 1;
      ms.add(word);
    }
  }
  if (msHits === 0 && enHits >= CLEAR_HITS && en.size >= CLEAR_DISTINCT) return 'eng';
  if (enHits === 0 && msHits >= CLEAR_HITS && ms.size >= CLEAR_DISTINCT) return 'malay-family';
  return null;
}

/** ISO 639-1 code of the text's language, or null when there is too little text to tell. */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, SAMPLE_CHARS);
  const clear = obvious(sample);
  if (clear === 'eng') return 'en';
  if (clear === 'malay-family') return LANGUAGES[indonesianOrMalay(text)]!;
  const ranked = francAll(sample, { only: ONLY, minLength: 20 });
  const first = ranked[0];
  if (!first || first[0] === 'und') return null;
  const twin = first[0] === 'ind' ? 'zlm' : first[0] === 'zlm' ? 'ind' : null;
  const twinScore = ranked.find(([code]) => code === twin)?.[1] ?? 0;
  return LANGUAGES[twinScore >= NEAR_TIE ? indonesianOrMalay(text) : first[0]] ?? null;
}
