import { Lexer, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { parseDate } from '../dates.js';
import { unreadableDate } from '../fields.js';
import { ReadError, type RawArticle, type Reader } from '../types.js';
import { assignOutlet } from '../outlet.js';
import { decodeEntities } from '../entities.js';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\r?\n?/;

/*
 * marked's time and stack grow faster than the text on some inputs, so a file is checked against
 * these before it is lexed (measured with marked 18: 400 nested list levels take 1.3 s, 5,000 never
 * finish; 10,000 nested quotes, a line of 8 MB or 2,000 `**` in a row overflow the stack).
 */
/** Deepest nesting of block quotes and lists read; each `>`, list marker or two spaces of indent is a level. */
export const MAX_MARKDOWN_NESTING = 100;
/** Longest line read; marked's block rules overflow V8's regular-expression stack on lines of a few MB. */
export const MAX_MARKDOWN_LINE = 1_000_000;
/** A paragraph with more emphasis marks than this is kept as plain text: matching them costs marked more than linear time. */
export const MAX_EMPHASIS_MARKS = 200;

/** The containers a line opens: indentation, `>` and list markers before its text. */
const CONTAINERS = /^(?:[ \t]|>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/;
const EMPHASIS_MARKS = /[*_~]/g;

function nestingOf(line: string): number {
  let level = 0;
  for (const c of CONTAINERS.exec(line)?.[0] ?? '') level += c === ' ' ? 0.5 : c === '\t' ? 2 : /[>\-+*.)]/.test(c) ? 1 : 0;
  return Math.floor(level);
}

/** Refuses what marked cannot read in bounded time and stack (see the limits above). */
function checkLimits(text: string): void {
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.length > MAX_MARKDOWN_LINE) throw new ReadError(`line ${i + 1} is longer than the limit of ${MAX_MARKDOWN_LINE.toLocaleString('en')} characters for Markdown`);
    if (nestingOf(line) > MAX_MARKDOWN_NESTING) throw new ReadError(`Markdown nested more than ${MAX_MARKDOWN_NESTING} levels deep at line ${i + 1}`);
  });
}

/** marked's tokens, with the inline pass skipped for paragraphs too full of emphasis marks to match in bounded time. */
function lex(text: string): Token[] {
  const lexer = new Lexer();
  const tokens = lexer.blockTokens(text.replace(/\r\n?/g, '\n'));
  for (const { src, tokens: into } of lexer.inlineQueue) {
    lexer.state.inRawBlock = false;
    if ((src.match(EMPHASIS_MARKS)?.length ?? 0) <= MAX_EMPHASIS_MARKS) lexer.inlineTokens(src, into);
    else into.push({ type: 'text', raw: src, text: src });
  }
  return tokens;
}

function inlineText(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return decodeEntities(fallback);
  return tokens
    .map((t) => {
      if (t.type === 'image') return '';
      if (t.type === 'br') return '\n';
      if ('tokens' in t && Array.isArray(t.tokens)) return inlineText(t.tokens, '');
      return 'text' in t && typeof t.text === 'string' ? decodeEntities(t.text) : '';
    })
    .join('')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** Block tokens to paragraphs: headings, paragraphs, quotes and list items each become one. */
function blocks(tokens: Token[], out: string[]): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'heading':
      case 'paragraph':
      case 'text':
        out.push(inlineText((t as Tokens.Paragraph).tokens, (t as Tokens.Paragraph).text));
        break;
      case 'blockquote':
        blocks((t as Tokens.Blockquote).tokens, out);
        break;
      case 'list':
        for (const item of (t as Tokens.List).items) blocks(item.tokens, out);
        break;
      default:
        break;
    }
  }
}

type FrontMatter = Record<string, unknown>;

function field(meta: FrontMatter, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = meta[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return undefined;
}

/** Markdown article: title from front matter or the first `#` heading; front matter also gives date, url, source, author. */
export const readMarkdown: Reader = (file, options) => {
  let text = file.text;
  let meta: FrontMatter = {};
  const fm = FRONT_MATTER.exec(text);
  if (fm) {
    try {
      const parsed: unknown = parseYaml(fm[1]!);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) meta = parsed as FrontMatter;
    } catch (err) {
      throw new ReadError(`malformed front matter: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    text = text.slice(fm[0].length);
  }
  checkLimits(text);
  const tokens = lex(text);
  let title = field(meta, 'title', 'judul', 'headline');
  if (!title) {
    const h1 = tokens.findIndex((t) => t.type === 'heading' && (t as Tokens.Heading).depth === 1);
    const h = tokens[h1] as Tokens.Heading | undefined;
    if (h) {
      title = inlineText(h.tokens, h.text);
      tokens.splice(h1, 1);
    }
  }
  const paragraphs: string[] = [];
  blocks(tokens, paragraphs);
  const url = field(meta, 'url', 'link', 'canonical', 'tautan');
  const date = field(meta, 'date', 'published', 'publishedAt', 'tanggal');
  const article: RawArticle = {
    title: title ?? '',
    body: paragraphs.filter((p) => p !== '').join('\n\n'),
    url,
    publishedAt: date ? (parseDate(date, options.dateFormat) ?? undefined) : undefined,
    author: field(meta, 'author', 'penulis', 'by'),
    origin: file.path,
  };
  if (article.title === '' && article.body === '') throw new ReadError('empty file');
  assignOutlet(article, field(meta, 'source', 'sumber', 'site', 'publisher'));
  const problems = date && !article.publishedAt ? [unreadableDate(file.path, date)] : [];
  return { articles: [article], problems };
};
