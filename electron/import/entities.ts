import { decodeHTMLStrict } from 'entities';

/**
 * Character references left in text that is not parsed as HTML (Markdown, JSON, CSV fields, HTML
 * fragments stripped of their tags): every HTML5 named reference and numeric ones. Only references
 * closed by ";" count, as CommonMark requires; the legacy HTML rule that also reads "&not" in
 * "&notes" or "&copy" in "?a=1&copy=2" would corrupt plain text and URLs quoted in it.
 */
export function decodeEntities(text: string): string {
  return decodeHTMLStrict(text);
}
