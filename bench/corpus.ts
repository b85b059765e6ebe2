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

/** One generated article, before it is written anywhere. `paragraphs` keeps repeats and syndicated copies as scraped. */
export interface GeneratedArticle {
  title: string;
  source: string;
  /** YYYY-MM-DD, all in 2023. */
  date: string;
  /** The vocabulary the body was drawn from: ISO 639-1 `id` or `en` (names of countries and people are mixed into both). */
  language: 'id' | 'en';
  paragraphs: string[];
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

/** The deterministic article stream: the same seed always yields the same articles in the same order. */
export function* articles(count: number, seed = DEFAULT_SEED, shape: CorpusShape = 'news'): Generator<GeneratedArticle> {
  const rand = prng(seed);
  const langs = [
    { code: 'id' as const, words: vocabulary(ID_WORDS, rand, 30000), rank: zipfSampler(30000, rand) },
    { code: 'en' as const, words: vocabulary(EN_WORDS, rand, 30000), rank: zipfSampler(30000, rand) },
  ];
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const syndicated: string[] = [];
  for (let i = 0; i < count; i++) {
    const lang = langs[rand() < 0.6 ? 0 : 1]!;
    const sentence = (): string => {
      const n = 10 + Math.floor(rand() * 14);
      const ws: string[] = [];
      for (let k = 0; k < n; k++) ws.push(rand() < 0.04 ? pick(rand() < 0.5 ? COUNTRIES : PEOPLE) : lang.words[lang.rank()]!);
      const s = ws.join(' ');
      return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
    };
    const paragraph = (): string => Array.from({ length: 2 + Math.floor(rand() * 3) }, sentence).join(' ');
    const target = shape === 'short' ? 1536 + Math.floor(rand() * 1024) : 2048 + Math.floor(rand() * 4096);
    const paras: string[] = [];
    let size = 0;
    while (size < target) {
      const p = syndicated.length > 0 && rand() < 0.05 ? pick(syndicated) : paragraph();
      paras.push(p);
      size += p.length + 1;
    }
    if (rand() < 0.02) syndicated.push(paras[0]!);
    if (syndicated.length > 500) syndicated.shift();
    if (rand() < 0.2) paras.push(...paras.slice(0, Math.ceil(paras.length / 2)));
    const title = sentence().slice(0, 90).replace(/\.$/, '');
    const date = `2023-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const source = pick(OUTLETS);
    yield { title, source, date, language: lang.code, paragraphs: paras };
  }
}

/** Write `count` articles as text files (1,000 per folder) under `root/<count>[-short]`, reusing an earlier identical run. */
export function generateCorpus(root: string, count: number, shape: CorpusShape = 'news', seed = DEFAULT_SEED): CorpusInfo {
  const dir = join(root, shape === 'news' ? String(count) : `${count}-${shape}`);
  const marker = join(dir, '.complete.json');
  if (existsSync(marker)) return { dir, ...(JSON.parse(readFileSync(marker, 'utf8')) as { articles: number; bytes: number }) };
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  let i = 0;
  for (const a of articles(count, seed, shape)) {
    if (i % 1000 === 0) mkdirSync(join(dir, String(i / 1000).padStart(4, '0')), { recursive: true });
    const text = `${a.title}\nSumber: ${a.source}\nTanggal: ${a.date}\n\n${a.paragraphs.join('\n')}\n`;
    const file = join(dir, String(Math.floor(i / 1000)).padStart(4, '0'), `${String(i).padStart(7, '0')}.txt`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    i += 1;
  }
  writeFileSync(marker, JSON.stringify({ articles: count, bytes }));
  return { dir, articles: count, bytes };
}
