import { decodeEntities } from './entities.js';

/*
 * Exports from CMSs and APIs (WordPress `content.rendered`, scraper dumps) put HTML fragments in
 * text fields. This is not an HTML parser: it keeps the paragraph breaks and the text, which is all
 * a body field needs; whole pages go through the HTML reader instead.
 */

/** Text of an HTML fragment: `<br>` ends a line, `</p>` a paragraph, other tags vanish, entities are decoded. */
export function stripTags(html: string): string {
  const text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p\s*>/gi, '\n\n')
    .replace(/<\/?[a-z][^>]*>/gi, '');
  return decodeEntities(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
