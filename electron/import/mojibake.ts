import iconv from 'iconv-lite';

/*
 * Mojibake: UTF-8 bytes that were once decoded as Windows-1252 or Latin-1 and encoded again, so
 * "ó" (C3 B3) arrives as "Ã³" and Arabic "ي" (D9 8A) as "Ù\u008a". Each such character stands for
 * one byte; mapping the characters back to their bytes and reading those as UTF-8 restores the
 * text. This follows Python's ftfy: repair only runs that decode as strict UTF-8 and look like
 * mojibake, repeat while something changes (text double-encoded twice), and read C1 controls
 * that are left as the Windows-1252 characters they were meant to be.
 */

/**
 * What bytes 0x80–0x9F became: Windows-1252's character where it defines one, the C1 control
 * otherwise (0x81 0x8D 0x8F 0x90 0x9D, which sloppy encoders pass through as Latin-1 does).
 */
const HIGH_1252: readonly string[] = [...iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'windows-1252')].map(
  (c, i) => (c === '\uFFFD' ? String.fromCharCode(0x80 + i) : c),
);

/** The byte each character came from, whether a Windows-1252 or a Latin-1 decoder produced it. */
const BYTE_OF = new Map<string, number>();
for (let byte = 0x80; byte <= 0xff; byte++) BYTE_OF.set(String.fromCharCode(byte), byte);
HIGH_1252.forEach((c, i) => BYTE_OF.set(c, 0x80 + i));

/** C1 controls Windows-1252 gives a meaning; the rest are left alone. */
const C1_AS_1252 = new Map(HIGH_1252.map((c, i) => [String.fromCharCode(0x80 + i), c] as const).filter(([control, c]) => c !== control));

// Characters read from UTF-8 lead bytes (C2–F4) and continuation bytes (80–BF). They are
// disjoint sets, so a run splits into sequences the one way UTF-8 would.
const CONTINUATION = `[\\u0080-\\u00bf${HIGH_1252.join('')}]`;
const SEQUENCE = `[\\u00c2-\\u00df]${CONTINUATION}|[\\u00e0-\\u00ef]${CONTINUATION}{2}|[\\u00f0-\\u00f4]${CONTINUATION}{3}`;
const RUN = new RegExp(`(?:${SEQUENCE})+`, 'g');
const SEQUENCES = new RegExp(SEQUENCE, 'g');

/** Anything a repair could touch: a lead character or a C1 control. Clean and ASCII text stops here. */
const SUSPECT = /[\u0080-\u009f\u00c2-\u00f4]/;
const C1 = /[\u0080-\u009f]/;
const C1_ALL = /[\u0080-\u009f]/g;

/**
 * Punctuation that real text puts straight after an accented letter ("CAFÉ”", "NESCAFÉ™",
 * "«ÉTÉ»"): a two-character sequence ending in one of these is left as written.
 */
const AFTER_LETTER = new Set('…’”–—™®»\u00a0\u00ad');
/** Closing punctuation that may stand two in a row after a letter at the end of a word ("café…”"). */
const CLOSING = new Set('…’”–—»');

/**
 * Leads whose sequences are mojibake whatever follows: Â and Ã (Latin-1 letters), Î (Greek),
 * Ð (Cyrillic, as in the one-letter word "В"), â (’ “ ” – … €).
 */
const ALWAYS_MOJIBAKE = new Set('ÂÃÎÐâ');

const LETTER = /^\p{L}/u;

/** Repeats allowed for text double-encoded more than once; each pass shortens what it changes. */
const MAX_PASSES = 4;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Unassigned and private-use code points: a decoding that yields one is not the text. C1 controls
 * are allowed: text encoded twice passes through them ("ÃƒÂ\u008d" → "Ã\u008d" → "Í").
 */
const IMPLAUSIBLE = /[\p{Cn}\p{Co}]/u;

/**
 * Badness of a lone sequence: a C1 control never belongs in text, and the leads above are the
 * signature of double-encoded letters and typography. Otherwise a letter followed by punctuation
 * is taken as written when the punctuation is what follows words, and, for two marks, when a
 * space or the end comes next: inside a word ("Nguyá»…n") it is a Vietnamese letter.
 */
function isBad(sequence: string, next: string): boolean {
  if (C1.test(sequence)) return true;
  if (ALWAYS_MOJIBAKE.has(sequence[0]!)) return true;
  const marks = [...sequence.slice(1)];
  if (marks.length === 1) return !AFTER_LETTER.has(marks[0]!);
  return LETTER.test(next) || marks.some((c) => !CLOSING.has(c));
}

function decodeSequence(sequence: string): string | null {
  const bytes = Uint8Array.from(sequence, (c) => BYTE_OF.get(c)!);
  try {
    const text = strictUtf8.decode(bytes);
    return IMPLAUSIBLE.test(text) ? null : text;
  } catch {
    return null;
  }
}

/** Two or more sequences in a row (an Arabic or CJK word, "ÃƒÂ³" encoded twice) are mojibake by themselves. */
function repairRun(run: string, offset: number, text: string): string {
  const sequences = run.match(SEQUENCES)!;
  const end = offset + run.length;
  if (sequences.length === 1 && !isBad(run, text.slice(end, end + 2))) return run;
  return sequences.map((s) => decodeSequence(s) ?? s).join('');
}

/** The text with double-encoded UTF-8 repaired; equal to the input when there was nothing to repair. */
export function repairMojibake(text: string): string {
  // ASCII, most text, is told natively and at once: every other character is two or more bytes in UTF-8.
  if (Buffer.byteLength(text, 'utf8') === text.length || !SUSPECT.test(text)) return text;
  let fixed = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = fixed.replace(RUN, repairRun);
    if (next === fixed) break;
    fixed = next;
  }
  // Windows-1252 text once read as Latin-1: “ arrives as U+0093.
  return fixed.replace(C1_ALL, (c) => C1_AS_1252.get(c) ?? c);
}
