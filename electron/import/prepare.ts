import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import type { FileError } from '../api.js';
import type { NewArticle } from '../../db/archive.js';
import { paragraphSignature } from '../analysis/duplicates/signature.js';
import { Analyser } from '../analysis/suggest.js';
import type { KnownPerson } from '../analysis/types.js';
import { cleanArticle } from './clean.js';
import { decodeText } from './decode.js';
import { errorReason } from './errno.js';
import { detectLanguage } from './language.js';
import { boundArticle, type LongArticlePolicy } from './long-articles.js';
import { readCsv } from './readers/csv.js';
import { readJson, readJsonLines } from './readers/json.js';
import { readNexis } from './readers/nexis-or-factiva.js';
import { isFactivaHtml } from './readers/nexis-sniff.js';
import { readText } from './readers/text.js';
import { type Format, sniffFormat } from './sniff.js';
import { type BinaryReader, ReadError, type ReadOptions, type ReadResult, type Reader } from './types.js';
import type { ZipLimits } from './zip.js';

/** Everything that decides how one file becomes articles; plain data, so it can cross to a worker. */
export interface PrepareOptions extends ReadOptions {
  /** The outlet of every article of the run, whatever its file or URL says. */
  source?: string;
  maxFileBytes: number;
  /** Articles with more clean text than this are split into parts or refused. */
  maxArticleBytes: number;
  longArticles: LongArticlePolicy;
  zipLimits: ZipLimits;
  /** Most articles handed over at once; a zip or a mailbox of many thousands arrives in several chunks. */
  chunkSize: number;
  /** The archive's registry of people, recognised by name and alias in every article. */
  people: KnownPerson[];
}

/** Articles ready for the archive, and what could not be read, from one file or one part of it. */
export interface Prepared {
  articles: NewArticle[];
  errors: FileError[];
  warnings: FileError[];
}

/**
 * A reader loaded the first time a file needs it. Their libraries (mailparser, mammoth, the RTF
 * parser) take tens of MB of heap once loaded; a worker that never meets such a file never pays
 * for them, and starts within the heap an import gives it. The HTML, feed and Markdown parsers
 * (linkedom, Readability, the XML parser, marked) took more than half of a worker's start, which
 * every import pays, though most read one or two formats.
 */
function once<R>(load: () => Promise<R>): () => Promise<R> {
  let reader: Promise<R> | null = null;
  return () => (reader ??= load());
}

const ready = (reader: Reader) => (): Promise<Reader> => Promise.resolve(reader);

/** Formats read from decoded text. */
const READERS: Partial<Record<Format, () => Promise<Reader>>> = {
  text: ready(readText),
  markdown: once(async () => (await import('./readers/markdown.js')).readMarkdown),
  // HTML whose first 4 KB did not show a Factiva export: a page saved from Factiva has its style
  // sheet first, so the marks are looked for in the whole of it (readFactiva reads a page that
  // only looked like an export as the web page it is).
  html: once(async () => {
    const [{ readHtml }, { readFactiva }] = await Promise.all([import('./readers/html.js'), import('./readers/factiva-html.js')]);
    return (file, options) => (isFactivaHtml(file.text) ? readFactiva : readHtml)(file, options);
  }),
  json: ready(readJson),
  jsonl: ready(readJsonLines),
  csv: ready(readCsv),
  tsv: ready(readCsv),
  feed: once(async () => (await import('./readers/feed.js')).readFeed),
  nexis: ready(readNexis),
  factiva: once(async () => (await import('./readers/factiva-html.js')).readFactiva),
};

/** Formats read from their bytes. */
const BINARY_READERS: Partial<Record<Format, () => Promise<BinaryReader>>> = {
  email: once(async () => (await import('./readers/email.js')).readEmail),
  mbox: once(async () => (await import('./readers/mbox.js')).readMbox),
  docx: once(async () => (await import('./readers/docx.js')).readDocx),
  rtf: once(async () => (await import('./readers/rtf.js')).readRtf),
};

const reasonOf = (err: unknown): string => {
  return err instanceof ReadError ? err.message : errorReason(err);
};

/** One analyser per set of options: a worker receives its options once and keeps them. */
const analysers = new WeakMap<PrepareOptions, Analyser>();
function analyserFor(options: PrepareOptions): Analyser {
  let a = analysers.get(options);
  if (!a) {
    a = new Analyser(options.people);
    analysers.set(options, a);
  }
  return a;
}

const empty = (): Prepared => ({ articles: [], errors: [], warnings: [] });

const HEAD_BYTES = 4096;
/** Files up to this size are read in one go even before their format is known. */
const WHOLE_READ_BYTES = 1024 * 1024;
/** A mailbox is read in pieces of this size. */
const MAILBOX_READ_BYTES = 64 * 1024;
/**
 * A mailbox's chunk is handed over after this much of it has been read, however few articles it
 * holds: big messages (attachments) then never keep the pool waiting long for the next chunk.
 */
const MAILBOX_CHUNK_BYTES = 16 * 1024 * 1024;

/** What a test may change: the size of the pieces a mailbox is read in (to cut its lines anywhere) and of its chunks. */
export interface PrepareInternals {
  mailboxReadBytes: number;
  mailboxChunkBytes: number;
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    return head.subarray(0, readSync(fd, head, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** Bytes of one file (or zip entry) to cleaned, language-tagged articles, added to `into`. */
async function readBytes(path: string, bytes: Buffer, options: PrepareOptions, into: Prepared): Promise<void> {
  const format = sniffFormat(path, bytes.subarray(0, HEAD_BYTES));
  if (format === null) throw new ReadError('unsupported file type');
  if (format === 'zip') throw new ReadError('zip archive inside a zip archive; extract the inner archive first');
  const binary = BINARY_READERS[format];
  const text = READERS[format];
  if (!binary && !text) throw new ReadError('unsupported file type');
  addResult(path, binary ? await (await binary())({ path, bytes }, options) : (await text!())({ path, text: decodeText(bytes, path) }, options), options, into);
}

const REPAIRED = 'repaired double-encoded text';

/**
 * A reader's articles, cleaned, bounded and language-tagged, and its problems, added to `into`.
 * Answers whether any text was repaired; `warnRepaired: false` leaves that warning to the caller
 * (a mailbox warns once, not once per message).
 */
function addResult(path: string, result: ReadResult, options: PrepareOptions, into: Prepared, warnRepaired = true): boolean {
  for (const p of result.problems) (p.warning ? into.warnings : into.errors).push({ path: p.path, reason: p.reason });
  let repaired = false;
  for (const raw of result.articles) {
    const clean = cleanArticle(raw);
    if (!clean) {
      into.errors.push({ path: raw.origin, reason: 'no article text' });
      continue;
    }
    repaired ||= clean.repaired;
    let bounded: ReturnType<typeof boundArticle>;
    try {
      bounded = boundArticle(clean, options);
    } catch (err) {
      into.errors.push({ path: raw.origin, reason: reasonOf(err) });
      continue;
    }
    if (bounded.note) into.warnings.push({ path: raw.origin, reason: bounded.note });
    for (const { repaired: _, paragraphs, ...article } of bounded.parts) {
      // Suggestions are made here, off the writer's thread, on the text exactly as it will be stored.
      into.articles.push({
        suggestions: analyserFor(options).suggest(article.title, article.body),
        ...article,
        // Each part of a split article is an article of its own: its identifier gets the part's `#part-N` too.
        ...(article.externalId === undefined ? {} : { externalId: article.externalId + article.origin.slice(raw.origin.length) }),
        // The writer stores each paragraph's text once, in the body: only its hash, flags and
        // duplicate-finder keys (made here, off the writer's thread) cross to it.
        paragraphs: paragraphs.map(({ text, normalised, hash, occurrences, flags }) => ({ hash, occurrences, flags, signature: paragraphSignature(text, normalised) })),
        source: options.source ?? article.source ?? null,
        section: options.source === undefined ? article.section : null,
        language: detectLanguage(`${article.title}\n${article.body}`),
      });
    }
  }
  // One warning for the file, however many of its articles (CSV rows, feed items) needed it.
  if (repaired && warnRepaired) into.warnings.push({ path, reason: REPAIRED });
  return repaired;
}

/**
 * Read one file of an import. Yields its articles in chunks (one for an ordinary file, several
 * for a large zip or mailbox), so memory holds at most a chunk however big the archive is. Never
 * throws: what cannot be read becomes an error with the file's path and the reason.
 */
export async function* prepareFile(path: string, size: number, options: PrepareOptions, internals: Partial<PrepareInternals> = {}): AsyncGenerator<Prepared> {
  // Always the part not yet handed over, so an error after some chunks repeats none of them.
  let chunk = empty();
  try {
    // Most files are small enough to read whole at once, which saves opening them twice.
    const whole = size <= WHOLE_READ_BYTES ? readFileSync(path) : null;
    const format = sniffFormat(path, whole ? whole.subarray(0, HEAD_BYTES) : readHead(path));
    if (format === 'mbox') {
      // Streamed message by message: the size limit bounds each message (mbox.ts), not the mailbox.
      const { mboxMessages, readMboxMessage } = await import('./readers/mbox.js');
      const pieces = createReadStream(path, { highWaterMark: internals.mailboxReadBytes ?? MAILBOX_READ_BYTES });
      let read = 0;
      let repaired = false;
      for await (const message of mboxMessages(pieces, options.maxFileBytes)) {
        repaired = addResult(path, await readMboxMessage(message, path, options), options, chunk, false) || repaired;
        read += message.size;
        if (chunk.articles.length + chunk.errors.length + chunk.warnings.length >= options.chunkSize || read >= (internals.mailboxChunkBytes ?? MAILBOX_CHUNK_BYTES)) {
          yield chunk;
          chunk = empty();
          read = 0;
        }
      }
      if (repaired) chunk.warnings.push({ path, reason: REPAIRED });
    } else if (size > options.maxFileBytes) {
      throw new ReadError(`file is larger than the limit of ${+(options.maxFileBytes / 1048576).toFixed(2)} MB (use --max-file-size)`);
    } else if (format !== 'zip') {
      await readBytes(path, whole ?? readFileSync(path), options, chunk);
    } else {
      // A zip is streamed entry by entry.
      const { readZip } = await import('./zip.js');
      for await (const item of readZip(path, options.zipLimits)) {
        const inner = `${path}!${item.name}`;
        if ('error' in item) chunk.errors.push({ path: inner, reason: item.error });
        else {
          try {
            await readBytes(inner, item.bytes, options, chunk);
          } catch (err) {
            chunk.errors.push({ path: inner, reason: reasonOf(err) });
          }
        }
        if (chunk.articles.length >= options.chunkSize) {
          yield chunk;
          chunk = empty();
        }
      }
    }
  } catch (err) {
    chunk.errors.push({ path, reason: reasonOf(err) });
  }
  yield chunk;
}
