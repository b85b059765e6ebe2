import { extname } from 'node:path';
import { decodeText } from './decode.js';
import { mailFormatOf } from './mail-sniff.js';
import { isDocxHead, newsDatabaseFormatOf } from './readers/nexis-sniff.js';
import { ReadError } from './types.js';

export type Format = 'text' | 'markdown' | 'html' | 'json' | 'jsonl' | 'csv' | 'tsv' | 'feed' | 'email' | 'mbox' | 'nexis' | 'factiva' | 'docx' | 'rtf' | 'zip';

const BY_EXTENSION: Readonly<Record<string, Format>> = {
  '.txt': 'text', '.text': 'text',
  '.md': 'markdown', '.markdown': 'markdown',
  '.html': 'html', '.htm': 'html', '.xhtml': 'html',
  '.json': 'json',
  '.jsonl': 'jsonl', '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.rss': 'feed', '.atom': 'feed', '.xml': 'feed',
  '.eml': 'email', '.mbox': 'mbox',
  '.docx': 'docx', '.rtf': 'rtf',
  '.zip': 'zip',
};

/**
 * Extensions of files that are not articles we read. Listed because several are zip containers
 * (docx, xlsx, epub…) that content sniffing would otherwise take for archives of articles.
 */
const UNSUPPORTED_EXTENSIONS = new Set([
  '.doc', '.xls', '.xlsx', '.ppt', '.pptx', '.odt', '.ods', '.odp', '.epub', '.pdf',
  '.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tif', '.tiff', '.svg', '.ico', '.heic',
  '.mp3', '.mp4', '.m4a', '.mov', '.avi', '.wav',
  '.exe', '.dll', '.so', '.dylib', '.bin', '.jar', '.apk', '.gz', '.tgz', '.7z', '.rar',
]);

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The format to read a file as, from its extension, or from the start of its content when the
 * extension says nothing. Null for files that are not articles (images, PDFs, executables…).
 */
export function sniffFormat(path: string, head: Buffer): Format | null {
  const extension = extname(path).toLowerCase();
  const known = BY_EXTENSION[extension];
  // News-database downloads come as .txt and .html too: those two are looked into.
  if (known && known !== 'text' && known !== 'html') return known;
  if (!known && UNSUPPORTED_EXTENSIONS.has(extension)) return null;
  if (!known && head.subarray(0, ZIP_SIGNATURE.length).equals(ZIP_SIGNATURE)) return isDocxHead(head) ? 'docx' : 'zip';

  let text: string;
  try {
    text = decodeText(head, path);
  } catch (error) {
    if (!(error instanceof ReadError)) throw error;
    if (known) return known;
    if (error.message.startsWith('binary file')) return null;
    // An unknown charset: the structure is ASCII, so classify anyway and let the reader report it.
    text = head.toString('latin1');
  }
  const format = known ?? formatOfText(text.trimStart());
  return format === 'text' || format === 'html' ? (newsDatabaseFormatOf(text, format) ?? format) : format;
}

function formatOfText(text: string): Format | null {
  if (/^(<!doctype html|<html[\s>])/i.test(text)) return 'html';
  if (text.startsWith('<')) {
    if (/<(rss|feed|rdf:RDF)[\s>]/.test(text)) return 'feed';
    if (/<html[\s>]/i.test(text)) return 'html';
    // Some other XML vocabulary: not something we can take articles from.
    if (text.startsWith('<?xml')) return null;
    return 'html';
  }
  if (text.startsWith('{\\rtf')) return 'rtf';
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) return looksLikeJsonLines(text) ? 'jsonl' : 'json';
  return mailFormatOf(text) ?? 'text';
}

/** One object per line; a pretty-printed JSON object has indented or closing-brace lines instead. */
function looksLikeJsonLines(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.length >= 2 && lines.every((line) => line.startsWith('{'));
}

/** Hidden and operating-system files that are skipped silently when walking folders and archives. */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    name.startsWith('.') ||
    name.startsWith('~$') || // Office lock files
    name === 'Icon\r' || // macOS custom folder icon
    name === '__MACOSX' ||
    lower === 'thumbs.db' ||
    lower === 'ehthumbs.db' ||
    lower === 'desktop.ini' ||
    lower === '$recycle.bin' ||
    lower === 'system volume information'
  );
}
