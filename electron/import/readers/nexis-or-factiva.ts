import type { Reader, ReadOptions, ReadResult } from '../types.js';
import { isFactivaIndexedText, readFactivaIndexedText } from './factiva-indexed.js';
import { isFactivaText, readFactivaText } from './factiva-text.js';
import { isNexisAcademic, readNexisAcademic } from './nexis-academic.js';
import { isNexisUni, readNexisUni } from './nexis-uni.js';
import { readText } from './text.js';

/*
 * Word and RTF files are containers: what a download from a news database holds is known only
 * from its text. Shared by the DOCX and RTF readers.
 */

/** Paragraphs of converted text: trimmed, none empty. */
export const paragraphsOf = (text: string): string[] => text.split(/\r\n?|\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');

/** A news-database download in text form, by what it holds; null when it is none of them. */
export function readNewsDatabaseText(text: string, path: string, options: ReadOptions): ReadResult | null {
  // Before the other Factiva layout: its AN rows hold `Document …` lines too.
  if (isFactivaIndexedText(text)) return readFactivaIndexedText(text, path, options);
  if (isFactivaText(text)) return readFactivaText(text, path, options);
  const paragraphs = paragraphsOf(text);
  if (isNexisUni(paragraphs)) return readNexisUni(paragraphs, path, options);
  if (isNexisAcademic(text)) return readNexisAcademic(text, path, options);
  return null;
}


/** A text file that holds a news-database download (sniffed by its `N of M DOCUMENTS` lines); plain text otherwise. */
export const readNexis: Reader = (file, options) => readNewsDatabaseText(file.text, file.path, options) ?? readText(file, options);
