import { extname } from 'node:path';
import { analyse } from 'chardet';
import iconv from 'iconv-lite';
import { ReadError } from './types.js';

/** Leading bytes of formats that are never article text, named for the error message. */
const MAGIC: ReadonlyArray<readonly [name: string, signature: Buffer]> = [
  ['PDF', Buffer.from('%PDF-', 'latin1')],
  ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['JPEG', Buffer.from([0xff, 0xd8, 0xff])],
  ['GIF', Buffer.from('GIF87a', 'latin1')],
  ['GIF', Buffer.from('GIF89a', 'latin1')],
  ['ZIP', Buffer.from([0x50, 0x4b, 0x03, 0x04])],
  ['ZIP', Buffer.from([0x50, 0x4b, 0x05, 0x06])],
  ['GZIP', Buffer.from([0x1f, 0x8b])],
  ['ELF', Buffer.from([0x7f, 0x45, 0x4c, 0x46])],
  // OLE2 compound file: .doc, .xls, .ppt, .msg
  ['Office document', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
];

/** The declared charset is looked for only this far in, as browsers do (they use 1024; some pages are sloppy). */
const DECLARATION_WINDOW = 2048;
/** Bytes (or characters) enough for the heuristics to decide; scanning whole multi-MB files buys nothing. */
const SAMPLE_SIZE = 64 * 1024;
/** Above this share of control characters the "text" is really binary data. */
const MAX_CONTROL_SHARE = 0.05;

/**
 * Charsets chardet may report that we accept. Its multi-byte guesses (Shift_JIS, Big5, …) on
 * short Latin-script news text are almost always wrong, so they fall back to Windows-1252.
 */
const SINGLE_BYTE = new Set([
  'ISO-8859-1', 'ISO-8859-2', 'ISO-8859-5', 'ISO-8859-7', 'ISO-8859-9', 'ISO-8859-15',
  'windows-1250', 'windows-1251', 'windows-1252', 'windows-1253', 'windows-1254', 'windows-1257',
  'KOI8-R',
]);
const FALLBACK_ENCODING = 'windows-1252';

/**
 * Labels the WHATWG Encoding Standard decodes as a superset: real documents labelled Latin-1
 * contain Windows-1252 curly quotes and €, never C1 control characters. A non-UTF-16 file
 * declaring UTF-16 is mislabelled ASCII-compatible text, so it is read as UTF-8.
 * Keys are canonicalised like iconv-lite does (lower case, alphanumerics only).
 */
const SUPERSET: Readonly<Record<string, string>> = {
  iso88591: 'windows-1252', latin1: 'windows-1252', l1: 'windows-1252', usascii: 'windows-1252',
  ascii: 'windows-1252', cp819: 'windows-1252', ibm819: 'windows-1252', isoir100: 'windows-1252',
  iso88599: 'windows-1254', latin5: 'windows-1254', l5: 'windows-1254',
  iso885911: 'windows-874', tis620: 'windows-874',
  utf16: 'utf-8', utf16le: 'utf-8', utf16be: 'utf-8',
};

const MARKUP_EXTENSIONS = new Set(['.html', '.htm', '.xhtml', '.xml', '.rss', '.atom']);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns a file's bytes into text, detecting the encoding. Throws ReadError for binary content
 * and for encodings we cannot decode. The result never starts with a BOM.
 */
export function decodeText(bytes: Buffer, path: string): string {
  const magic = MAGIC.find(([, signature]) => startsWith(bytes, signature));
  if (magic) throw new ReadError(`binary file (looks like ${magic[0]})`);

  const { text, utf8 } = decodeBytes(bytes, path);
  return rejectControlHeavy(stripBom(text), utf8);
}

interface Decoded {
  text: string;
  /** Read as UTF-8 (with a BOM or strictly valid): its C1 controls are characters, not stray bytes. */
  utf8: boolean;
}

function decodeBytes(bytes: Buffer, path: string): Decoded {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), utf8: true };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), utf8: false };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), utf8: false };

  // Without any NUL (most files) UTF-16 is out, and the byte-by-byte count is skipped.
  const nul = bytes.includes(0);
  const utf16 = nul ? guessUtf16(bytes) : null;
  if (utf16) return { text: iconv.decode(bytes, utf16), utf8: false };

  if (nul) throw new ReadError('binary file');

  const declared = isMarkup(bytes, path) ? declaredCharset(bytes) : null;
  if (declared !== null) {
    const encoding = supportedEncoding(declared);
    // Pages declaring UTF-8 while holding Windows-1252 bytes are common in scraped archives;
    // trusting the bytes then gives readable text instead of replacement characters.
    if (encoding !== 'utf-8') return { text: iconv.decode(bytes, encoding), utf8: false };
  }

  try {
    return { text: strictUtf8.decode(bytes), utf8: true };
  } catch {
    return { text: iconv.decode(bytes, detectLegacy(bytes)), utf8: false };
  }
}

/** East Asian multi-byte code pages chardet recognises with certainty, as exported by older CMSs. */
const MULTI_BYTE = new Set(['Shift_JIS', 'EUC-JP', 'GB18030', 'Big5', 'EUC-KR']);
const CERTAIN = 90;
/** Above this share of misplaced symbols among the non-ASCII characters, no code page fits. */
const MAX_MISPLACED_SHARE = 0.25;

function startsWith(bytes: Buffer, prefix: ArrayLike<number>): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** UTF-16 without a BOM shows as NULs in every other byte (the high byte of ASCII characters). */
function guessUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, SAMPLE_SIZE) / 2);
  if (pairs < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const many = pairs * 0.3;
  const few = pairs * 0.05;
  if (oddNuls > many && evenNuls < few) return 'utf-16le';
  if (evenNuls > many && oddNuls < few) return 'utf-16be';
  return null;
}

/** The bytes whose Latin-1 characters `\s` matches: tab, LF, VT, FF, CR, space and no-break space. */
const LATIN1_BLANKS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]);

/**
 * A charset declaration is only meaningful in a markup document; a JSON or CSV file of scraped
 * pages often quotes some other page's `<meta charset>` that says nothing about the file itself.
 */
function isMarkup(bytes: Buffer, path: string): boolean {
  if (MARKUP_EXTENSIONS.has(extname(path).toLowerCase())) return true;
  // `^\s*<` over the head read as Latin-1, on the bytes themselves: one byte is one character.
  const end = Math.min(bytes.length, DECLARATION_WINDOW);
  let i = 0;
  while (i < end && LATIN1_BLANKS.has(bytes[i]!)) i++;
  return i < end && bytes[i] === 0x3c;
}

function declaredCharset(bytes: Buffer): string | null {
  // Declarations are ASCII, and every encoding reaching this point is ASCII-compatible.
  const head = bytes.subarray(0, DECLARATION_WINDOW).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']\s*([^"'\s]+)/i.exec(head);
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([^"'\s;/>]+)/i.exec(head);
  return xml?.[1] ?? meta?.[1] ?? null;
}

/** The iconv-lite name to decode a declared label with, or ReadError if we have no decoder for it. */
function supportedEncoding(label: string): string {
  const canonical = label.toLowerCase().replace(/[^0-9a-z]/g, '');
  const encoding = SUPERSET[canonical] ?? label;
  if (!iconv.encodingExists(encoding)) throw new ReadError(`unknown encoding "${label}"`);
  return canonical === 'utf8' ? 'utf-8' : encoding;
}

/**
 * chardet ranks code pages by letter statistics of European languages, which misfire on
 * Indonesian or English text quoting a few Central European names. Among its candidates we
 * therefore take the first whose decoding leaves the fewest symbols inside words ("Wi¶niewski"
 * is Windows-1252 misreading ISO-8859-2's "Wiśniewski").
 */
function detectLegacy(bytes: Buffer): string {
  const sample = bytes.subarray(0, SAMPLE_SIZE);
  const ranked = analyse(sample);
  const top = ranked[0];
  if (top && MULTI_BYTE.has(top.name) && top.confidence >= CERTAIN) return supportedEncoding(top.name);
  const guesses = ranked.filter(({ name }) => SINGLE_BYTE.has(name)).map(({ name }) => name);
  const candidates = [...new Set([...guesses, FALLBACK_ENCODING].map(supportedEncoding))];
  let best = FALLBACK_ENCODING;
  let fewest = Infinity;
  for (const encoding of candidates) {
    const count = misplacedSymbols(iconv.decode(sample, encoding));
    if (count < fewest) [best, fewest] = [encoding, count];
  }
  const nonAscii = iconv.decode(sample, best).match(/[^\x00-\x7f]/g)?.length ?? 0;
  if (fewest > nonAscii * MAX_MISPLACED_SHARE) {
    throw new ReadError('unknown encoding (not UTF-8, and no supported code page reads it cleanly)');
  }
  return best;
}

/**
 * Non-ASCII symbols between two letters (soft hyphen, middle dot and typographic punctuation
 * such as ’ are at home there), plus C1 controls and undecodable bytes anywhere.
 */
function misplacedSymbols(text: string): number {
  return text.match(/(?<=\p{L})[^\p{L}\p{M}\s\x00-\x7f\u00ad\u00b7\u2010-\u2027](?=\p{L})|[\x80-\x9f\ufffd]/gu)?.length ?? 0;
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

// C0 controls other than tab, newlines, vertical tab and form feed; DEL; and C1 controls.
const CONTROLS = /[\x00-\x08\x0e-\x1f\x7f-\x9f]/g;
const C0_CONTROLS = /[\x00-\x08\x0e-\x1f\x7f]/g;

/**
 * Catches binary data that slipped past the magic and NUL checks (and UTF-16-looking binaries).
 * In valid UTF-8 a C1 control is an encoded character, found in double-encoded text ("Ù\u008a"
 * for "ي", repaired later by mojibake.ts); binary data is almost never valid UTF-8, and its C0
 * controls still count.
 */
function rejectControlHeavy(text: string, utf8: boolean): string {
  const sample = text.slice(0, SAMPLE_SIZE);
  const controls = sample.match(utf8 ? C0_CONTROLS : CONTROLS)?.length ?? 0;
  if (controls > sample.length * MAX_CONTROL_SHARE) throw new ReadError('binary file');
  return text;
}
