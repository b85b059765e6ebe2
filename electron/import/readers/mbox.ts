import { errorReason } from '../errno.js';
import { bomLength, isMboxFromLine } from '../mail-sniff.js';
import { type BinaryReader, type Problem, ReadError, type RawArticle, type ReadOptions, type ReadResult } from '../types.js';
import { readMessage } from './email.js';

/*
 * An mbox mailbox (Thunderbird, Apple Mail, mutt, Gmail's export) is messages one after another,
 * each opened by a "From " line. Writers escape a body line that starts with "From " as ">From "
 * (mboxo), or add a ">" to any run of them (mboxrd); one ">" is taken off again here, which is
 * exact for mboxrd and right for all but a body line written as ">From " in mboxo.
 *
 * A mailbox can be gigabytes (Gmail's Takeout), so it is cut into messages as its bytes arrive, in
 * pieces of any size, and the messages are handed on one at a time: memory holds one message and
 * one piece, however big the mailbox. A message over the size limit costs only itself.
 */

/** One message of a mailbox, numbered from 1, without its "From " line; or why its bytes were not kept. */
export type MboxMessage = { n: number; size: number; bytes: Buffer } | { n: number; size: number; error: string };

const FROM = Buffer.from('From ');
const SEPARATOR = Buffer.from('\nFrom ');
/**
 * A "From " line longer than this is a body line, whatever it holds. Real separators are under 200
 * bytes; the bound keeps a huge line that starts "From " from being gathered to check it.
 */
const MAX_SEPARATOR_BYTES = 1000;
const ESCAPED = /^>(>*From )/gm;
const MB = 1024 * 1024;

const NOT_A_MAILBOX = 'not an mbox mailbox (no "From " line at the top)';

/** The line from `start` to `end` (its newline), as the ASCII it must be to be a separator. */
const lineText = (bytes: Buffer, start: number, end: number): string => bytes.toString('latin1', start, end).replace(/\r$/, '');

const startsWith = (bytes: Buffer, at: number, prefix: Buffer): boolean => bytes.subarray(at, at + prefix.length).equals(prefix);

const isSeparator = (bytes: Buffer, start: number, end: number): boolean => end - start <= MAX_SEPARATOR_BYTES && isMboxFromLine(lineText(bytes, start, end));

const messageTooLarge = (maxBytes: number): string => `message is larger than the limit of ${+(maxBytes / MB).toFixed(2)} MB (use --max-file-size)`;

/**
 * Cuts a mailbox into messages as its pieces arrive. Each line start is looked at for "From ", with
 * Buffer.indexOf, so the bytes between separators are never looked at one by one; a line cut by
 * a piece's end waits for the next piece only when it may still be a separator.
 */
class MboxCutter {
  private n = 0;
  private parts: Buffer[] = [];
  /** Bytes of the current message, kept or not. */
  private size = 0;
  private tooLarge = false;
  private started = false;
  /**
   * Non-null at the start of a line: the line's first bytes, held back because they may begin a
   * separator. Null inside a line that is no separator, whose bytes so far are already kept.
   */
  private carry: Buffer | null = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes: number) {}

  *push(piece: Buffer): Generator<MboxMessage> {
    let data = piece;
    if (this.carry?.length) data = Buffer.concat([this.carry, piece]);
    let kept = 0;
    let pos = 0;
    if (!this.started) {
      const nl = data.indexOf(0x0a);
      if (nl < 0 && data.length <= MAX_SEPARATOR_BYTES + 3) {
        this.carry = Buffer.from(data);
        return;
      }
      this.open(data, nl < 0 ? data.length : nl);
      kept = pos = nl + 1;
    } else if (!this.carry) {
      const nl = data.indexOf(0x0a);
      if (nl < 0) {
        this.keep(data);
        return;
      }
      pos = nl + 1;
    }
    this.carry = null;
    // `pos` is always the start of a line.
    for (;;) {
      let candidate = pos;
      if (!startsWith(data, pos, FROM)) {
        const found = data.indexOf(SEPARATOR, pos);
        candidate = found < 0 ? -1 : found + 1;
      }
      if (candidate < 0) {
        // No "From " at a line start: the last line may still begin one once the next piece comes.
        const last = Math.max(pos, data.lastIndexOf(0x0a) + 1);
        const tail = data.subarray(last);
        if (tail.length < FROM.length && FROM.subarray(0, tail.length).equals(tail)) {
          this.keep(data.subarray(kept, last));
          this.carry = Buffer.from(tail);
        } else this.keep(data.subarray(kept));
        return;
      }
      const end = data.indexOf(0x0a, candidate);
      if (end < 0) {
        if (data.length - candidate > MAX_SEPARATOR_BYTES) this.keep(data.subarray(kept));
        else {
          this.keep(data.subarray(kept, candidate));
          this.carry = Buffer.from(data.subarray(candidate));
        }
        return;
      }
      if (isSeparator(data, candidate, end)) {
        this.keep(data.subarray(kept, candidate));
        yield* this.next();
        kept = end + 1;
      }
      pos = end + 1;
    }
  }

  *end(): Generator<MboxMessage> {
    const carry = this.carry ?? Buffer.alloc(0);
    if (!this.started) this.open(carry, carry.length);
    else if (carry.length > 0) {
      // A last line without a line break; a separator there opens one more, empty, message.
      if (isSeparator(carry, 0, carry.length)) yield* this.next();
      else this.keep(carry);
    }
    this.carry = null;
    yield* this.finish();
  }

  /** The mailbox's first line, up to `end`, must be a separator (after a byte order mark, if any). */
  private open(data: Buffer, end: number): void {
    const start = bomLength(data);
    if (!isSeparator(data, start, end)) throw new ReadError(NOT_A_MAILBOX);
    this.started = true;
    this.n = 1;
  }

  private *next(): Generator<MboxMessage> {
    yield* this.finish();
    this.n += 1;
  }

  private *finish(): Generator<MboxMessage> {
    const { n, size } = this;
    const message: MboxMessage = this.tooLarge ? { n, size, error: messageTooLarge(this.maxMessageBytes) } : { n, size, bytes: Buffer.concat(this.parts, size) };
    this.parts = [];
    this.size = 0;
    this.tooLarge = false;
    yield message;
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    if (this.tooLarge) return;
    if (this.size > this.maxMessageBytes) {
      this.tooLarge = true;
      this.parts = [];
    } else this.parts.push(bytes);
  }
}

/**
 * The messages of a mailbox whose bytes arrive in `pieces` (a file's read stream, or one buffer).
 * Throws ReadError when the first line is no "From " line: then it is no mailbox at all.
 */
export async function* mboxMessages(pieces: AsyncIterable<Buffer> | Iterable<Buffer>, maxMessageBytes: number): AsyncGenerator<MboxMessage> {
  const cutter = new MboxCutter(maxMessageBytes);
  for await (const piece of pieces) yield* cutter.push(piece);
  yield* cutter.end();
}

/** The articles of one message of the mailbox at `path`, named `path#N`; a message that cannot be read is a problem, never an exception. */
export async function readMboxMessage(message: MboxMessage, path: string, options: ReadOptions): Promise<ReadResult> {
  const at = `${path}#${message.n}`;
  if ('error' in message) return { articles: [], problems: [{ path: at, reason: message.error }] };
  try {
    return await readMessage(unescape(message.bytes), { path: at, itemSeparator: '/' }, options);
  } catch (err) {
    // In a mailbox of many thousand messages, even a reader's own failure costs only its message.
    return { articles: [], problems: [{ path: at, reason: err instanceof ReadError ? err.message : errorReason(err) }] };
  }
}

/** A mailbox already in memory (one inside a zip archive, whose entries are bounded in size). */
export const readMbox: BinaryReader = async (file, options) => {
  const articles: RawArticle[] = [];
  const problems: Problem[] = [];
  for await (const message of mboxMessages([file.bytes], Infinity)) {
    const result = await readMboxMessage(message, file.path, options);
    articles.push(...result.articles);
    problems.push(...result.problems);
  }
  return { articles, problems };
};

/** Latin-1 maps every byte to one character and back, so the message's own encoding is untouched. */
function unescape(message: Buffer): Buffer {
  const text = message.toString('latin1');
  return text.includes('>From ') ? Buffer.from(text.replace(ESCAPED, '$1'), 'latin1') : message;
}
