/*
 * What an e-mail message and an mbox mailbox look like from their first bytes. A message opens
 * with RFC 5322 header fields; a mailbox with the "From " line every mbox writer puts before each
 * message (`From sender@example.com Tue Mar  5 07:15:00 2024`, `From - Tue Mar 05 …` by
 * Thunderbird, `From 1792…@xxx Tue Mar 05 07:15:00 +0000 2024` by Gmail's export).
 */

/** A header field line: a name of printable ASCII other than the colon, then the colon (RFC 5322 §2.2). */
const FIELD = /^[!-9;-~]+[ \t]*:/;

/**
 * An mbox separator: `From `, the envelope sender, and an asctime date with its time and year.
 * The date is required so that a body line a careless writer left unescaped ("From Jakarta …")
 * does not split a message in two.
 */
const MBOX_FROM = /^From \S*[ \t].*\d{1,2}:\d\d.*\d{4}/;

/** Headers only mail carries: added in transit or by the mail software itself. */
const MAIL_ONLY = new Set([
  'received', 'return-path', 'delivered-to', 'mime-version', 'message-id', 'dkim-signature', 'arc-seal',
  'x-received', 'authentication-results', 'x-mailer', 'content-transfer-encoding',
]);

export type MailFormat = 'email' | 'mbox';

export function isMboxFromLine(line: string): boolean {
  return MBOX_FROM.test(line);
}

/** Whether a line opens a header section: a message's first line must, or it is no message. */
export function isHeaderField(line: string): boolean {
  return FIELD.test(line);
}

/** `mbox` for a mailbox, `email` for a single message, null for anything else. */
export function mailFormatOf(text: string): MailFormat | null {
  const lines = text.split(/\r?\n/);
  if (text.startsWith('From ')) return isMboxFromLine(lines[0]!) && isHeaderField(lines[1] ?? '') ? 'mbox' : null;
  const end = lines.indexOf('');
  // Without a blank line the head ends inside the header section (Gmail's run to many kilobytes),
  // and its last line may be cut anywhere.
  const header = end < 0 ? lines.slice(0, -1) : lines.slice(0, end);
  if (header.length === 0 || !isHeaderField(header[0]!)) return null;
  const names = new Set<string>();
  for (const line of header) {
    if (/^[ \t]/.test(line)) continue;
    if (!isHeaderField(line)) return null;
    names.add(line.slice(0, line.indexOf(':')).trim().toLowerCase());
  }
  const mailOnly = [...names].some((name) => MAIL_ONLY.has(name));
  // Without mail-only headers, From, Date and Subject must all be there: one or two of them are
  // also how a memo or a scraper's text file may begin.
  return (mailOnly && names.size >= 2) || (names.has('from') && names.has('date') && names.has('subject')) ? 'email' : null;
}

/** Where the line starting at `from` ends (its newline, or the end of the bytes). */
export function lineEnd(bytes: Buffer, from: number): number {
  const end = bytes.indexOf(0x0a, from);
  return end < 0 ? bytes.length : end;
}

/** The line starting at `from`, without its line break: headers and "From " lines are ASCII, whatever follows them. */
export function lineAt(bytes: Buffer, from: number): string {
  return from >= bytes.length ? '' : bytes.subarray(from, lineEnd(bytes, from)).toString('latin1').replace(/\r$/, '');
}

/** Bytes of a UTF-8 byte order mark at the start, which some tools write before a message or mailbox. */
export function bomLength(bytes: Buffer): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}
