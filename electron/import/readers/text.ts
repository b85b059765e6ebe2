import { parseDate } from '../dates.js';
import { unreadableDate } from '../fields.js';
import { type Problem, ReadError, type RawArticle, type Reader } from '../types.js';
import { assignOutlet } from '../outlet.js';

/*
 * Scrapers often write a few `Key: value` lines under the title (URL, source, date). Only those
 * keys, only at the top, so a sentence starting "Sumber: ..." in the body stays body text.
 */
const HEADER = /^(url|link|tautan|source|sumber|media|date|tanggal|published|author|penulis|by)\s*:\s*(.+)$/i;
const BARE_URL = /^https?:\/\/\S+$/i;

export const readText: Reader = (file, options) => {
  // Without a CR the only line break is LF, and splitting on the character is much cheaper than on the regex.
  const lines = file.text.includes('\r') ? file.text.split(/\r\n?|\n/) : file.text.split('\n');
  const titleIndex = lines.findIndex((l) => l.trim() !== '');
  if (titleIndex < 0) throw new ReadError('empty file');
  const article: RawArticle = { title: lines[titleIndex]!.trim(), body: '', origin: file.path };
  const problems: Problem[] = [];
  let stated: string | undefined;
  let i = titleIndex + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (BARE_URL.test(line)) {
      article.url ??= line;
      continue;
    }
    const m = HEADER.exec(line);
    if (!m) break;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'url' || key === 'link' || key === 'tautan') article.url = value;
    else if (key === 'source' || key === 'sumber' || key === 'media') stated = value;
    else if (key === 'author' || key === 'penulis' || key === 'by') article.author = value;
    else {
      article.publishedAt = parseDate(value, options.dateFormat) ?? undefined;
      if (!article.publishedAt) problems.push(unreadableDate(file.path, value));
    }
  }
  article.body = lines.slice(i).join('\n');
  assignOutlet(article, stated);
  return { articles: [article], problems };
};
