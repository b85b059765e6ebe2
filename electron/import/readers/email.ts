import { type AddressObject, type ParsedMail, simpleParser, type SimpleParserOptions } from 'mailparser';
import { parseHTML } from 'linkedom';
import { parseDate } from '../dates.js';
import { unreadableDate } from '../fields.js';
import { checkHtmlDepth, htmlToParagraphs } from '../html-text.js';
import { bomLength, isHeaderField, isMboxFromLine, lineAt, lineEnd } from '../mail-sniff.js';
import { assignOutlet, outletOf } from '../outlet.js';
import { type BinaryReader, type Problem, ReadError, type RawArticle, type ReadOptions, type ReadResult } from '../types.js';
import { alertItems, alertServiceOf } from './alerts.js';
import { readHtml } from './html.js';

/*
 * One e-mail message becomes articles in one of two ways. A newsletter is one article: the
 * subject its title, the sender its outlet, the Date header its date. An alert (Google Alerts,
 * Talkwalker) lists news found elsewhere: each item becomes a stub of its own, with the headline,
 * the snippet and the article's real URL. MIME, transfer encodings, charsets and RFC 2047 words
 * are mailparser's job.
 */

/** Only what an article needs: no conversions between text and HTML, no inlined images, no checksums. */
const PARSE: SimpleParserOptions = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
  keepCidLinks: true,
  checksumAlgo: false,
};

/**
 * Domains of mail and newsletter services that send for many senders: their domain is nobody's
 * outlet, so the sender's display name is used instead.
 */
const SHARED_SENDER_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.id', 'outlook.com', 'hotmail.com', 'live.com', 'icloud.com',
  'substack.com', 'beehiiv.com', 'mailchimp.com', 'mailchimpapp.com', 'convertkit.com', 'ghost.io', 'buttondown.email',
]);

/** Where the articles of one message are recorded as coming from. */
export interface MessageOrigin {
  /** The message: `a.eml`, `box.mbox#3`. */
  path: string;
  /** Joins the path and an alert item's number: `a.eml#2`, `box.mbox#3/2`. */
  itemSeparator: '#' | '/';
}

export const readEmail: BinaryReader = (file, options) => readMessage(file.bytes, { path: file.path, itemSeparator: '#' }, options);

/** The articles of one message; throws ReadError when it is not a message that can be read. */
export async function readMessage(bytes: Buffer, origin: MessageOrigin, options: ReadOptions): Promise<ReadResult> {
  const mail = await parse(withoutEnvelopeLine(bytes));
  const problems: Problem[] = [];
  const publishedAt = dateOf(mail, origin.path, problems);
  const id = mail.messageId?.trim() || undefined;
  const service = alertServiceOf(senderOf(mail.from)?.address);
  if (service && typeof mail.html === 'string') {
    const items = alertItems(mail.html, service);
    if (items.length > 0) {
      const articles = items.map((item, i): RawArticle => {
        const article: RawArticle = { title: item.title, body: item.snippet, url: item.url, origin: `${origin.path}${origin.itemSeparator}${i + 1}` };
        assignOutlet(article, item.source);
        if (publishedAt) article.publishedAt = publishedAt;
        if (id) article.externalId = `${id}#${i + 1}`;
        return article;
      });
      return { articles, problems };
    }
  }
  const article: RawArticle = { title: mail.subject?.trim() ?? '', body: bodyOf(mail, origin.path), origin: origin.path };
  const outlet = outletOfSender(mail);
  if (outlet) article.source = outlet;
  if (publishedAt) article.publishedAt = publishedAt;
  if (id) article.externalId = id;
  return { articles: [article], problems };
}

/** A message saved out of a mailbox may still start with its mbox "From " line, which is no header. */
function withoutEnvelopeLine(bytes: Buffer): Buffer {
  let start = bomLength(bytes);
  if (isMboxFromLine(lineAt(bytes, start))) start = lineEnd(bytes, start) + 1;
  if (!isHeaderField(lineAt(bytes, start))) throw new ReadError('not an e-mail message (no header at the top)');
  return bytes.subarray(start);
}

async function parse(bytes: Buffer): Promise<ParsedMail> {
  try {
    return await simpleParser(bytes, PARSE);
  } catch (err) {
    throw new ReadError(parseFailure(err));
  }
}

/** mailparser's limits, in the words of the other readers' limits. */
function parseFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/child nodes/i.test(message)) return 'e-mail has more than 1,000 MIME parts';
  if (/header size/i.test(message)) return 'e-mail header is larger than the limit of 1 MB';
  return `malformed e-mail: ${message}`;
}

/**
 * The Date header as written: mailparser turns a date it cannot read into the current time, which
 * would date the article wrongly without a word.
 */
function dateOf(mail: ParsedMail, path: string, problems: Problem[]): string | undefined {
  const line = mail.headerLines.find((h) => h.key === 'date')?.line;
  if (!line) return undefined;
  const value = line.slice(line.indexOf(':') + 1).replace(/\s+/g, ' ').trim();
  // RFC 5322 comments, such as the zone's name in "+0700 (WIB)".
  const date = parseDate(value.replace(/\([^()]*\)/g, ' ').trim(), 'DMY');
  if (!date) problems.push(unreadableDate(path, value));
  return date ?? undefined;
}

function senderOf(from: AddressObject | undefined): { address?: string; name?: string } | undefined {
  const first = from?.value[0];
  return first && { address: first.address?.trim() || undefined, name: first.name?.trim() || undefined };
}

/**
 * The outlet: the Organization header, where the sender names itself; otherwise the registrable
 * domain of the sender's address (news@email.kompas.com is kompas.com, as its web pages are); the
 * sender's display name when that domain is a mail or newsletter service shared by many senders.
 */
function outletOfSender(mail: ParsedMail): string | undefined {
  const organization = mail.headers.get('organization');
  if (typeof organization === 'string' && organization.trim()) return organization.trim();
  const sender = senderOf(mail.from);
  const domain = sender?.address?.includes('@') ? outletOf(`https://${sender.address.slice(sender.address.lastIndexOf('@') + 1)}/`)?.outlet : undefined;
  return domain && !SHARED_SENDER_DOMAINS.has(domain) ? domain : (sender?.name ?? domain);
}

/**
 * The text part; without one, the HTML part read as a saved web page is (Readability drops the
 * "view in browser" line and the footer), or all its text when that finds no article in it.
 */
function bodyOf(mail: ParsedMail, path: string): string {
  if (mail.text?.trim()) return mail.text;
  if (typeof mail.html !== 'string') return '';
  try {
    return readHtml({ path, text: mail.html }, {}).articles[0]?.body ?? '';
  } catch (err) {
    if (!(err instanceof ReadError)) throw err;
    return htmlToParagraphs(bodyMarkup(mail.html));
  }
}

/** The inside of <body>: a message's <title> and <style> are not its text. */
function bodyMarkup(html: string): string {
  if (!/<body[\s>]/i.test(html)) return html;
  checkHtmlDepth(html);
  const { document } = parseHTML(html);
  return (document as unknown as { body: { innerHTML: string } | null }).body?.innerHTML ?? html;
}
