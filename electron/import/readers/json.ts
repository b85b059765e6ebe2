import { columnDateOrder, findKey, resolveFields, toArticle } from '../fields.js';
import { stripTags } from '../strip-tags.js';
import { ReadError } from '../types.js';
import type { ArticleField, Problem, RawArticle, ReadOptions, ReadResult, Reader, TextFile } from '../types.js';
import { firstBadOffset, scanList, syntaxMessage } from './json-scan.js';

/*
 * JSON from news APIs, CMS exports (WordPress REST), scrapers and search engines: a single
 * article, an array of them, or an envelope holding the array. JSON Lines: one article per line.
 */

type Item = Record<string, unknown>;

interface Entry {
  value: unknown;
  origin: string;
}

/**
 * Deepest nesting of arrays and objects read inside one field's value (`{"title": {"rendered": ...}}`
 * is two). Deeper values, which no export writes, are ignored rather than walked into a stack overflow.
 */
export const MAX_VALUE_DEPTH = 32;

/** Properties API responses wrap their result list in; `hits` nests again in Elasticsearch. */
const WRAPPERS = ['articles', 'items', 'data', 'results', 'hits', 'posts', 'news'];

const isItem = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Line and column (both 1-based) of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * Line, column and a readable message for a JSON.parse failure. Node 20 omits the position for
 * "Unexpected token" errors, so when the message has none the text is scanned for it.
 */
function describeSyntaxError(text: string, error: unknown): { line: number; column: number; message: string } {
  const at = /at position (\d+)/.exec(error instanceof Error ? error.message : String(error));
  return { ...lineColumn(text, at ? Number(at[1]) : firstBadOffset(text)), message: syntaxMessage(error) };
}

function malformed({ line, column, message }: { line: number; column: number; message: string }): string {
  return `malformed JSON at line ${line} column ${column}: ${message}`;
}

/**
 * Text of a field value: plain, or nested as exports do it (`{rendered}`, `{name}`, arrays of those).
 * Numbers are not text here: in these fields they are ids (WordPress `author: 7`).
 */
function textOf(value: unknown, separator: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value;
  if (depth >= MAX_VALUE_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const parts = value.map((v) => textOf(v, separator, depth + 1)).filter((v): v is string => !!v?.trim());
    return parts.length > 0 ? parts.join(separator) : undefined;
  }
  if (isItem(value)) {
    for (const key of ['rendered', 'name', 'text', 'value', 'href', 'url']) {
      if (key in value) return textOf(value[key], separator, depth + 1);
    }
  }
  return undefined;
}

/** Dates in APIs are strings, or epoch numbers in seconds or milliseconds. */
function dateOf(value: unknown): string | undefined {
  if (typeof value !== 'number') return textOf(value, ' ');
  const ms = value < 1e11 ? value * 1000 : value;
  // Out of range for a date: passed on as text, so the item is kept and the date reported unreadable.
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(value);
}

/** The user's mapping restricted to what this item has; other items may have the rest. */
function mapFor(keys: string[], map: ReadOptions['map']): ReadOptions['map'] {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([, name]) => findKey(keys, name) !== undefined));
}

interface ItemValues {
  values: Partial<Record<ArticleField, string>>;
  /** Property the date came from, to name it when dates disagree on their order. */
  dateKey?: string;
}

function valuesOf(item: Item, map: ReadOptions['map']): ItemValues {
  // Empty values do not claim a field, so NewsAPI's `content: null` falls back to `description`.
  const filled = Object.keys(item).filter((k) => item[k] !== null && item[k] !== undefined && item[k] !== '');
  const keys = resolveFields(filled, mapFor(filled, map));
  const get = (field: ArticleField): unknown => (keys[field] === undefined ? undefined : item[keys[field]]);
  const text = (field: ArticleField, separator = ', '): string | undefined => {
    const t = textOf(get(field), separator);
    return t === undefined ? undefined : stripTags(t);
  };
  const values = { title: text('title', ' '), body: text('body', '\n\n'), date: dateOf(get('date')), url: text('url'), source: text('source'), author: text('author') };
  return { values, dateKey: keys.date };
}

/** Search-engine hits keep the document under `_source`. */
const unwrap = (v: unknown): unknown => (isItem(v) && isItem(v._source) ? v._source : v);

function readEntries(entries: Entry[], options: ReadOptions, problems: Problem[]): ReadResult {
  const items: { item: Item; origin: string }[] = [];
  for (const { value, origin } of entries) {
    const item = unwrap(value);
    if (isItem(item)) items.push({ item, origin });
    else problems.push({ path: origin, reason: 'not a JSON object' });
  }
  // A mapped name that no item has is a typo, not a field some items lack.
  resolveFields([...new Set(items.flatMap(({ item }) => Object.keys(item)))], options.map);

  const read = items.map(({ item, origin }) => ({ origin, ...valuesOf(item, options.map) }));
  const dateKey = read.find((r) => r.dateKey !== undefined)?.dateKey ?? 'date';
  const order = columnDateOrder(read.map((r) => r.values.date ?? ''), options, dateKey);

  const articles: RawArticle[] = [];
  for (const { origin, values } of read) {
    if (!values.title?.trim() && !values.body?.trim()) {
      problems.push({ path: origin, reason: 'item has neither title nor body' });
      continue;
    }
    articles.push(toArticle(values, origin, order, problems));
  }
  return { articles, problems };
}

/** The article list inside a parsed document, or the document itself when it is one article. */
function findList(doc: unknown, depth = 0): unknown[] | undefined {
  if (Array.isArray(doc)) return doc;
  if (!isItem(doc) || depth > 2) return undefined;
  for (const key of WRAPPERS) {
    const list = findList(doc[key], depth + 1);
    if (list) return list;
  }
  return undefined;
}

/**
 * The items of a list JSON.parse refused, read one by one: a damaged item is a problem naming its
 * position, line and column, and costs only itself. Undefined when no item could be read, or the
 * damage is not in the list; then the whole file is malformed.
 */
function salvage(file: TextFile, text: string, error: unknown): { entries: Entry[]; problems: Problem[] } | undefined {
  const list = scanList(text, WRAPPERS);
  if (!list || list.items.length === 0) return undefined;
  const problems = list.damage.map(({ item, offset, message }): Problem => {
    const { line, column } = lineColumn(text, offset);
    return item === undefined
      ? { path: file.path, reason: malformed({ line, column, message }) }
      : { path: `${file.path}#${item}`, reason: `malformed JSON in item ${item} at line ${line} column ${column}: ${message}` };
  });
  // Every item read, yet the file was refused: the damage is around the list and costs no article.
  if (problems.length === 0) problems.push({ path: file.path, reason: malformed(describeSyntaxError(text, error)) });
  return { entries: list.items.map(({ item, value }) => ({ value, origin: `${file.path}#${item}` })), problems };
}

export const readJson: Reader = (file, options) => {
  const text = file.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new ReadError('empty JSON file');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const salvaged = salvage(file, text, error);
    if (salvaged) return readEntries(salvaged.entries, options, salvaged.problems);
    throw new ReadError(malformed(describeSyntaxError(text, error)));
  }
  const list = findList(doc);
  if (list?.length === 0) throw new ReadError('no articles: the JSON list is empty');
  if (list) return readEntries(list.map((value, i) => ({ value, origin: `${file.path}#${i + 1}` })), options, []);

  const single = readEntries([{ value: doc, origin: file.path }], options, []);
  if (single.articles.length === 0) {
    throw new ReadError(`no articles: expected an article object, an array of them, or an object with one of ${WRAPPERS.join(', ')}`);
  }
  return single;
};

export const readJsonLines: Reader = (file, options) => {
  const problems: Problem[] = [];
  const entries: Entry[] = [];
  file.text.replace(/^\uFEFF/, '').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const origin = `${file.path}#${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const { column, message } = describeSyntaxError(line, error);
      problems.push({ path: origin, reason: `malformed JSON at column ${column}: ${message}` });
      return;
    }
    if (isItem(unwrap(value))) entries.push({ value, origin });
    else problems.push({ path: origin, reason: 'not a JSON object' });
  });
  const first = problems[0];
  if (entries.length === 0) {
    throw new ReadError(first ? `not JSON Lines: no line holds a JSON object (line ${first.path.slice(file.path.length + 1)}: ${first.reason})` : 'empty JSON Lines file');
  }
  return readEntries(entries, options, problems);
};
