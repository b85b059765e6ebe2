/** What a reader extracts from one article before cleaning. */
export interface RawArticle {
  title: string;
  /** Body text; paragraphs separated by blank lines (or one per line). The cleaner splits and tidies it. */
  body: string;
  url?: string;
  /**
   * The outlet: the registrable domain of `url` (`detik.com`) when it has one, otherwise the name
   * the file states (site name, feed title, source column). See outlet.ts.
   */
  source?: string;
  /** Part of the outlet the URL points into: its subdomain, without `www.`/`m.`/`amp.` (`news` for news.detik.com). */
  section?: string;
  /** ISO 8601: `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm[:ss][Z|±hh:mm]`. */
  publishedAt?: string;
  author?: string;
  /**
   * The identifier the source gives the article (a Factiva document id, an e-mail's Message-ID):
   * an article whose identifier is already in the archive is skipped, even if its text changed.
   */
  externalId?: string;
  /** Where the article came from, for error messages and the import log: a path, `a.zip!b.html`, `x.csv#12`. */
  origin: string;
}

/** A part of a file that could not be read while the rest of it could (a CSV row, a JSON Lines line). */
export interface Problem {
  path: string;
  reason: string;
  /** The article was still imported (e.g. without its unreadable date); not a failure. */
  warning?: boolean;
}

export interface ReadResult {
  articles: RawArticle[];
  problems: Problem[];
}

/** Options that change how files are interpreted. */
export interface ReadOptions {
  /** Column mapping for CSV / field mapping for JSON: field name → column header. Keys: title, body, date, url, source, author. */
  map?: Partial<Record<ArticleField, string>>;
  /** Order of day and month for ambiguous numeric dates: `DMY` (21/03/2023) or `MDY` (03/21/2023). */
  dateFormat?: DateOrder;
}

export type ArticleField = 'title' | 'body' | 'date' | 'url' | 'source' | 'author';
export type DateOrder = 'DMY' | 'MDY';

/** A file's text after encoding detection, with where it came from. */
export interface TextFile {
  /** Display path: a file path, or `archive.zip!inner/path.html`. */
  path: string;
  text: string;
}

/** Thrown by a reader when a whole file cannot be read; the message is the user-facing reason. */
export class ReadError extends Error {
  override name = 'ReadError';
}

export type Reader = (file: TextFile, options: ReadOptions) => ReadResult;

/** A file's bytes, for formats read from bytes rather than decoded text (DOCX, RTF, e-mail). */
export interface BinaryFile {
  path: string;
  bytes: Buffer;
}

/** A reader of such a format; asynchronous, as the libraries that parse them are. */
export type BinaryReader = (file: BinaryFile, options: ReadOptions) => Promise<ReadResult>;
