import { bomLength, isMboxFromLine, lineAt, lineEnd } from '../mail-sniff.js';
import { type BinaryReader, type Problem, ReadError, type RawArticle } from '../types.js';
import { readMessage } from './email.js';

/*
 * An mbox mailbox (Thunderbird, Apple Mail, mutt, Gmail's export) is messages one after another,
 * each opened by a "From " line. Writers escape a body line that starts with "From " as ">From "
 * (mboxo), or add a ">" to any run of them (mboxrd); one ">" is taken off again here, which is
 * exact for mboxrd and right for all but a body line written as ">From " in mboxo. Messages are
 * cut out of the file's bytes and parsed one at a time, so a message that cannot be read costs
 * only itself and memory holds one parsed message beside the file.
 */

const SEPARATOR = Buffer.from('\nFrom ');
const ESCAPED = /^>(>*From )/gm;

export const readMbox: BinaryReader = async (file, options) => {
  const articles: RawArticle[] = [];
  const problems: Problem[] = [];
  let n = 0;
  for (const message of mboxMessages(file.bytes)) {
    const path = `${file.path}#${++n}`;
    try {
      const result = await readMessage(unescape(message), { path, itemSeparator: '/' }, options);
      articles.push(...result.articles);
      problems.push(...result.problems);
    } catch (err) {
      if (!(err instanceof ReadError)) throw err;
      problems.push({ path, reason: err.message });
    }
  }
  return { articles, problems };
};

/** The messages of a mailbox, without their "From " lines. */
function* mboxMessages(bytes: Buffer): Generator<Buffer> {
  const start = bomLength(bytes);
  if (!isMboxFromLine(lineAt(bytes, start))) throw new ReadError('not an mbox mailbox (no "From " line at the top)');
  let from = start;
  while (from < bytes.length) {
    const bodyStart = lineEnd(bytes, from) + 1;
    let next = bytes.indexOf(SEPARATOR, bodyStart - 1);
    while (next >= 0 && !isMboxFromLine(lineAt(bytes, next + 1))) next = bytes.indexOf(SEPARATOR, next + 1);
    const end = next < 0 ? bytes.length : next + 1;
    yield bytes.subarray(Math.min(bodyStart, end), end);
    from = end;
  }
}

/** Latin-1 maps every byte to one character and back, so the message's own encoding is untouched. */
function unescape(message: Buffer): Buffer {
  const text = message.toString('latin1');
  return text.includes('>From ') ? Buffer.from(text.replace(ESCAPED, '$1'), 'latin1') : message;
}
