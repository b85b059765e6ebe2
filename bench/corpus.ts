import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from '../tests/prng.js';

/*
 * A deterministic synthetic news corpus: the same seed always writes the same bytes, so two runs
 * of the benchmark (or two machines) import the same thing. Word frequencies follow Zipf's law as
 * real text does, which matters for FTS5 (a few huge posting lists, a long tail of small ones).
 */

const ID_WORDS = 'yang dan di itu dengan untuk tidak ini dari dalam akan pada juga ke karena tersebut bisa ada mereka lebih kata telah saat sudah oleh menjadi hari masih harus tahun kami pemerintah presiden menteri negara rakyat ekonomi harga kebijakan pembangunan wilayah daerah kota desa warga masyarakat polisi hukum pengadilan partai pemilu anggota dewan rapat keputusan laporan data persen juta miliar rupiah perusahaan pasar investasi ekspor impor minyak gas listrik jalan tol pelabuhan bandara kereta banjir gempa bencana korban bantuan kesehatan rumah sakit sekolah pendidikan guru siswa petani nelayan beras cabai pangan kerja sama perjanjian kunjungan pertemuan bilateral keamanan militer perbatasan diplomasi perdamaian konflik'.split(' ');
const EN_WORDS = 'the of and to in a is that for on was with said as by at from it his be has have are were an its will government president minister country people economy prices policy development region city village residents police court party election members council meeting decision report data percent million billion company market investment exports imports oil gas electricity road port airport railway flood earthquake disaster victims aid health hospital school education teachers students farmers fishermen rice food cooperation agreement visit talks bilateral security military border diplomacy peace conflict'.split(' ');
const COUNTRIES = ['Indonesia', 'Malaysia', 'Singapura', 'China', 'Rusia', 'Ukraina', 'Amerika Serikat', 'Jepang', 'Australia', 'India', 'Filipina', 'Vietnam', 'Thailand', 'Jerman', 'Prancis', 'Inggris', 'Arab Saudi', 'Turki', 'Brasil', 'Korea Selatan'];
const PEOPLE = ['Joko Widodo', 'Prabowo Subianto', 'Vladimir Putin', 'Xi Jinping', 'Anwar Ibrahim', 'Anthony Albanese', 'Narendra Modi', 'Retno Marsudi', 'Sri Mulyani', 'Emmanuel Macron', 'Olaf Scholz', 'Fumio Kishida', 'Ferdinand Marcos', 'Recep Tayyip Erdogan', 'Luiz Inacio Lula da Silva'];
const OUTLETS = ['Kabar Nusantara', 'Warta Kota', 'Harian Pagi', 'Suara Rakyat', 'The Daily Ledger', 'Metro Post', 'Jakarta Herald', 'Borneo Times'];

/** Vocabulary of real words followed by a long tail of generated ones, sampled by Zipf rank. */
function vocabulary(base: string[], rand: () => number, size: number): string[] {
  const words = [...base];
  const syllables = ['ka', 'ma', 'ra', 'ta', 'si', 'ng', 'lu', 'pe', 'ber', 'an', 'kan', 'di', 'to', 're', 'on', 'in', 'es', 'al'];
  while (words.length < size) {
    let w = '';
    const n = 2 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) w += syllables[Math.floor(rand() * syllables.length)];
    words.push(w);
  }
  return words;
}

function zipfSampler(n: number, rand: () => number, s = 1.07): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** s;
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface CorpusInfo {
  dir: string;
  articles: number;
  bytes: number;
}

export const DEFAULT_SEED = 20230321;

/** The kinds of edit a planted near-duplicate carries, each a way real copy-editing changes a paragraph. */
export const EDITS = ['word replaced', 'sentence added', 'sentence dropped', 'numbers changed'] as const;
export type Edit = (typeof EDITS)[number];

/** A paragraph copied, with one edit, from an earlier article of another outlet: the ground truth of the duplicate benchmark. */
export interface Planted {
  /** The copy as it stands in this article. */
  copy: string;
  /** The earlier article (its index in the stream) and the paragraph copied. */
  from: number;
  original: string;
  edit: Edit;
}

/** One generated article, before it is written anywhere. `paragraphs` keeps repeats and syndicated copies as scraped. */
export interface GeneratedArticle {
  title: string;
  source: string;
  /** YYYY-MM-DD, all in 2023. */
  date: string;
  /** The vocabulary the body was drawn from: ISO 639-1 `id` or `en` (names of countries and people are mixed into both). */
  language: 'id' | 'en';
  paragraphs: string[];
  /** Near-duplicates planted in this article (most articles have none). */
  planted: Planted[];
}

/** The generator's vocabularies in Zipf rank order (index 0 is the commonest word) and its outlets. */
export interface GeneratorVocabulary {
  id: string[];
  en: string[];
  outlets: string[];
}

/** The vocabularies `articles(seed)` draws from, without generating any article. */
export function generatorVocabulary(seed = DEFAULT_SEED): GeneratorVocabulary {
  const rand = prng(seed);
  return { id: vocabulary(ID_WORDS, rand, 30000), en: vocabulary(EN_WORDS, rand, 30000), outlets: [...OUTLETS] };
}

/** `news`: 2–6 KB articles; `short`: about 2 KB, as most real news is (per-article costs weigh more there). */
export type CorpusShape = 'news' | 'short';

/** Share of articles that copy paragraphs of an earlier article of another outlet, each with one edit. */
const PLANT_SHARE = 0.05;
/** How far back a planted copy's original may be, in articles. */
const PLANT_WINDOW = 2000;
/** Share of words that are numbers, so that a copy can change them. */
const NUMBER_SHARE = 0.02;

const NUMBER = /^\d+$/;
/** Generated sentences end in a full stop followed by a space; names and numbers hold none. */
const splitSentences = (p: string): string[] => p.split(/(?<=\.) /);

interface Lang {
  code: 'id' | 'en';
  words: string[];
  rank: () => number;
}

/** The paragraphs an article wrote itself (not syndicated or planted): what later articles may copy. */
interface Written {
  index: number;
  source: string;
  lang: Lang;
  paragraphs: string[];
}

/** The deterministic article stream: the same seed always yields the same articles in the same order. */
export function* articles(count: number, seed = DEFAULT_SEED, shape: CorpusShape = 'news'): Generator<GeneratedArticle> {
  const rand = prng(seed);
  const langs: Lang[] = [
    { code: 'id', words: vocabulary(ID_WORDS, rand, 30000), rank: zipfSampler(30000, rand) },
    { code: 'en', words: vocabulary(EN_WORDS, rand, 30000), rank: zipfSampler(30000, rand) },
  ];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const number = (): string => String(1 + Math.floor(rand() * 9999));
  const word = (lang: Lang): string => (rand() < NUMBER_SHARE ? number() : rand() < 0.04 ? pick(rand() < 0.5 ? COUNTRIES : PEOPLE) : lang.words[lang.rank()]!);
  const sentence = (lang: Lang): string => {
    const n = 10 + Math.floor(rand() * 14);
    const s = Array.from({ length: n }, () => word(lang)).join(' ');
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  };
  const paragraph = (lang: Lang): string => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => sentence(lang)).join(' ');

  /** The paragraph with one edit of its kind; null when it has nothing that edit could change. */
  const edited = (p: string, edit: Edit, lang: Lang): string | null => {
    const words = p.split(' ');
    switch (edit) {
      case 'word replaced': {
        // A plain lower-case word inside the paragraph (not a name, number or sentence end), as "kata" becomes "ujar".
        const at = words.map((w, k) => (k > 0 && /^[a-z]+$/.test(w) ? k : -1)).filter((k) => k >= 0);
        if (at.length === 0) return null;
        const k = pick(at);
        let other = lang.words[lang.rank()]!;
        while (other === words[k]) other = lang.words[lang.rank()]!;
        words[k] = other;
        return words.join(' ');
      }
      case 'sentence added':
        return rand() < 0.5 ? `${p} ${sentence(lang)}` : `${sentence(lang)} ${p}`;
      case 'sentence dropped': {
        const parts = splitSentences(p);
        if (parts.length < 2) return null;
        parts.splice(Math.floor(rand() * parts.length), 1);
        return parts.join(' ');
      }
      case 'numbers changed': {
        if (!words.some((w) => NUMBER.test(w.replace(/\.$/, '')))) return null;
        return words
          .map((w) => {
            const dot = w.endsWith('.') ? '.' : '';
            const bare = dot ? w.slice(0, -1) : w;
            if (!NUMBER.test(bare)) return w;
            let n = number();
            while (n === bare) n = number();
            return `${n}${dot}`;
          })
          .join(' ');
      }
    }
  };

  const syndicated: string[] = [];
  const written: Written[] = [];
  for (let i = 0; i < count; i++) {
    const lang = langs[rand() < 0.6 ? 0 : 1]!;
    const source = pick(OUTLETS);
    const target = shape === 'short' ? 1536 + Math.floor(rand() * 1024) : 2048 + Math.floor(rand() * 4096);
    const paras: string[] = [];
    const own: string[] = [];
    let size = 0;
    while (size < target) {
      let p: string;
      if (syndicated.length > 0 && rand() < 0.05) p = pick(syndicated);
      else {
        p = paragraph(lang);
        own.push(p);
      }
      paras.push(p);
      size += p.length + 1;
    }
    if (rand() < 0.02) syndicated.push(paras[0]!);
    if (syndicated.length > 500) syndicated.shift();
    const planted: Planted[] = [];
    if (rand() < PLANT_SHARE) {
      const others = written.filter((w) => w.source !== source);
      const from = others.length > 0 ? pick(others) : null;
      const copies = 1 + Math.floor(rand() * 3);
      const taken = new Set<string>();
      for (let c = 0; from && c < copies; c++) {
        const edit = pick(EDITS);
        // The first paragraph of the earlier article that this edit can change and that is not copied yet.
        const start = Math.floor(rand() * from.paragraphs.length);
        for (let k = 0; k < from.paragraphs.length; k++) {
          const original = from.paragraphs[(start + k) % from.paragraphs.length]!;
          if (taken.has(original)) continue;
          const copy = edited(original, edit, from.lang);
          if (copy === null) continue;
          taken.add(original);
          paras.splice(Math.floor(rand() * (paras.length + 1)), 0, copy);
          planted.push({ copy, from: from.index, original, edit });
          break;
        }
      }
    }
    if (rand() < 0.2) paras.push(...paras.slice(0, Math.ceil(paras.length / 2)));
    const title = sentence(lang).slice(0, 90).replace(/\.$/, '');
    const date = `2023-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    written.push({ index: i, source, lang, paragraphs: own });
    if (written.length > PLANT_WINDOW) written.shift();
    yield { title, source, date, language: lang.code, paragraphs: paras, planted };
  }
}

/**
 * Bump when `articles` writes different articles for the same seed: cached corpora and the
 * archives built from them (bench/search.ts) are then made again.
 */
export const CORPUS_VERSION = 2;

/** An article as the plain-text file the import reads: title, outlet and date lines, then a paragraph a line. */
export const articleText = (a: GeneratedArticle): string => `${a.title}\nSumber: ${a.source}\nTanggal: ${a.date}\n\n${a.paragraphs.join('\n')}\n`;

/** Write `count` articles as text files (1,000 per folder) under `root/<count>[-short]`, reusing an earlier identical run. */
export function generateCorpus(root: string, count: number, shape: CorpusShape = 'news', seed = DEFAULT_SEED): CorpusInfo {
  const dir = join(root, shape === 'news' ? String(count) : `${count}-${shape}`);
  const marker = join(dir, '.complete.json');
  if (existsSync(marker)) {
    const done = JSON.parse(readFileSync(marker, 'utf8')) as { version?: number; seed?: number; articles: number; bytes: number };
    if (done.version === CORPUS_VERSION && done.seed === seed) return { dir, articles: done.articles, bytes: done.bytes };
  }
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  let i = 0;
  for (const a of articles(count, seed, shape)) {
    if (i % 1000 === 0) mkdirSync(join(dir, String(i / 1000).padStart(4, '0')), { recursive: true });
    const text = articleText(a);
    const file = join(dir, String(Math.floor(i / 1000)).padStart(4, '0'), `${String(i).padStart(7, '0')}.txt`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    i += 1;
  }
  writeFileSync(marker, JSON.stringify({ version: CORPUS_VERSION, seed, articles: count, bytes }));
  return { dir, articles: count, bytes };
}
