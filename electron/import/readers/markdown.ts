import { Lexer, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { parseDate } from '../dates.js';
import { unreadableDate } from '../fields.js';
import { ReadError, type RawArticle, type Reader } from '../types.js';
import { assignOutlet } from '../outlet.js';
import { decodeEntities } from '../entities.js';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\r?\n?/;

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
  const tokens = Lexer.lex(text);
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
