import { inferDateOrder, parseDate } from './dates.js';
import { assignOutlet } from './outlet.js';
import { ReadError } from './types.js';
import type { ArticleField, DateOrder, Problem, RawArticle, ReadOptions } from './types.js';

/*
 * Which column (CSV) or property (JSON) holds which article field. Exports come from scrapers,
 * spreadsheets and APIs in Indonesian and English, so names are compared loosely: `Judul Berita`,
 * `judul_berita` and `JUDUL-BERITA` are the same column.
 */

export type FieldKeys = Partial<Record<ArticleField, string>>;
export type FieldValues = Partial<Record<ArticleField, string>>;

/** Accepted names per field, most specific first; `description` is last because it is often only a summary. */
const NAMES: Record<ArticleField, readonly string[]> = {
  title: ['title', 'headline', 'judul', 'judulberita', 'name'],
  body: ['body', 'content', 'text', 'article', 'articlebody', 'isi', 'isiberita', 'konten', 'berita', 'fulltext', 'description'],
  date: ['date', 'tanggal', 'published', 'publishedat', 'pubdate', 'datepublished', 'publishdate', 'tanggalterbit', 'waktu', 'tgl', 'datetime', 'timestamp'],
  url: ['url', 'link', 'tautan', 'permalink', 'canonical', 'canonicalurl'],
  source: ['source', 'sumber', 'media', 'outlet', 'publisher', 'site', 'sitename', 'portal', 'domain'],
  author: ['author', 'penulis', 'byline', 'wartawan', 'reporter', 'creator'],
};

const FIELDS = Object.keys(NAMES) as ArticleField[];

/** `Tanggal Terbit`, `tanggal_terbit` → `tanggalterbit`; accents dropped so `Publié` matches `publie`. */
export function normaliseName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s_-]+/g, '');
}

/** The field a column name stands for, if it is one of the known names. */
export function knownField(name: string): ArticleField | undefined {
  const n = normaliseName(name);
  return FIELDS.find((f) => NAMES[f].includes(n));
}

/** The key a user-typed column name refers to: exact spelling first, then the loose comparison. */
export function findKey(keys: readonly string[], name: string): string | undefined {
  if (keys.includes(name)) return name;
  const n = normaliseName(name);
  return keys.find((k) => normaliseName(k) === n);
}

/**
 * Which key to read each field from. The user's mapping wins and must name existing keys;
 * the other fields take the first key matching their most preferred name, never a key already used.
 */
export function resolveFields(keys: readonly string[], map: ReadOptions['map'] = {}): FieldKeys {
  const chosen: FieldKeys = {};
  for (const field of FIELDS) {
    const wanted = map[field];
    if (wanted === undefined) continue;
    const key = findKey(keys, wanted);
    if (key === undefined) {
      throw new ReadError(`--map ${field}=${wanted}: no column "${wanted}"; the columns are ${keys.map((k) => `"${k}"`).join(', ')}`);
    }
    chosen[field] = key;
  }
  const used = new Set(Object.values(chosen));
  for (const field of FIELDS) {
    if (chosen[field] !== undefined) continue;
    for (const name of NAMES[field]) {
      const key = keys.find((k) => !used.has(k) && normaliseName(k) === name);
      if (key !== undefined) {
        chosen[field] = key;
        used.add(key);
        break;
      }
    }
  }
  return chosen;
}

/**
 * Day/month order for a whole date column, so `03/04/2023` is read the same way as `21/04/2023`
 * further down. An explicit `--date-format` wins; a column that contradicts itself cannot be guessed.
 */
export function columnDateOrder(values: readonly string[], options: ReadOptions, column: string): DateOrder | undefined {
  if (options.dateFormat) return options.dateFormat;
  try {
    return inferDateOrder(values) ?? undefined;
  } catch {
    throw new ReadError(`dates in "${column}" mix day-first and month-first values; pass --date-format DMY|MDY`);
  }
}

/** The warning for a date no reader could make sense of; the article itself is kept, undated. */
export function unreadableDate(path: string, value: string): Problem {
  return { path, reason: `unreadable date "${value}"; imported without a date`, warning: true };
}

/**
 * A RawArticle from field values already read out of a row or object. A date that cannot be read
 * does not cost the article: it is imported undated, and the date is reported so it can be fixed.
 */
export function toArticle(values: FieldValues, origin: string, order: DateOrder | undefined, problems: Problem[]): RawArticle {
  const article: RawArticle = { title: values.title?.trim() ?? '', body: values.body?.trim() ?? '', origin };
  const date = values.date?.trim();
  if (date) {
    const iso = parseDate(date, order);
    if (iso) article.publishedAt = iso;
    else problems.push(unreadableDate(origin, date));
  }
  const url = values.url?.trim();
  if (url) article.url = url;
  assignOutlet(article, values.source?.trim() || undefined);
  const author = values.author?.trim();
  if (author) article.author = author;
  return article;
}
