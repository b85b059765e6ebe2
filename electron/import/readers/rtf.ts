import iconv from 'iconv-lite';
import { Tokenize } from 'rtf-stream-parser';
import type { ProcessTokensGlobalState } from 'rtf-stream-parser/dist/src/ProcessTokens.types.js';
import type { FeatureHandler } from 'rtf-stream-parser/dist/src/features/types.js';
import { ToPlainText } from 'rtf-stream-parser/dist/src/ToPlainText.js';
import type { Token } from 'rtf-stream-parser/dist/src/tokenize.js';
import { type BinaryReader, ReadError } from '../types.js';
import { readNewsDatabaseText } from './nexis-or-factiva.js';
import { readText } from './text.js';

/*
 * RTF to text with rtf-stream-parser: its tokenizer, and its plain-text converter, which handles
 * code pages (`\'e9` in the document's ANSI code page, through iconv-lite), `\uN` with the
 * replacement characters `\ucN` says to skip, and symbol fonts. @iarna/rtf-to-html was tried too
 * and rejected: it kept the `?` after every `\uN?`, lost negative `\uN`, and wrote picture data
 * into the text. The converter leaves out only `\*` destinations and the font, colour and style
 * tables; the other destinations that hold no text of the document are left out here.
 */

/** Destinations whose content is no text of the document: metadata, pictures, field codes, headers, objects. */
const HIDDEN = [
  'info', 'pict', 'nonshppict', 'shppict', 'fldinst', 'object', 'objdata', 'datastore', 'themedata', 'listtable', 'listoverridetable',
  'revtbl', 'filetbl', 'header', 'headerl', 'headerr', 'headerf', 'footer', 'footerl', 'footerr', 'footerf', 'footnote', 'annotation', 'atnid',
];

/** Deeper nesting is no document anyone wrote, and would make the converter slow. */
const MAX_DEPTH = 1000;

function extraFeatures(): FeatureHandler<ProcessTokensGlobalState>[] {
  let depth = 0;
  return [
    {
      allTokenHandler: (_global, token: Token) => {
        // Token types: 0 is a group's start, 1 its end.
        if (token.type === 0 && ++depth > MAX_DEPTH) throw new ReadError(`RTF nested more than ${MAX_DEPTH} levels deep`);
        if (token.type === 1) depth--;
      },
      outputDataFilter: (global) => {
        const within = global._state.allDestinations;
        return within !== undefined && HIDDEN.some((d) => within[d]) ? true : undefined;
      },
      // Table cells and page breaks separate text too.
      controlHandlers: {
        cell: (global) => global._pushOutput('\t'),
        row: (global) => global._pushOutput('\r\n'),
        page: (global) => global._pushOutput('\r\n'),
        sect: (global) => global._pushOutput('\r\n'),
      },
    },
  ];
}

/** The text of an RTF document, one line per paragraph (`\par`) or line break (`\line`). */
export function rtfToText(bytes: Buffer): string {
  const tokens = new Tokenize();
  const converter = new ToPlainText({ decode: (data, encoding) => iconv.decode(data, encoding), warn: () => {} });
  converter._featureHandlers.push(...extraFeatures());
  const out: string[] = [];
  const fail = (error?: Error | null): void => {
    if (!error) return;
    if (error instanceof ReadError) throw error;
    throw new ReadError(`unreadable RTF: ${error.message.split('\n')[0]!.slice(0, 120).replace(/\.$/, '')}`);
  };
  tokens.push = (token: Token): boolean => {
    converter._transform(token, '', fail);
    return true;
  };
  converter.push = (piece: string): boolean => {
    out.push(piece);
    return true;
  };
  try {
    tokens._transform(bytes, 'buffer', fail);
    tokens._flush(fail);
    converter._flush(fail);
  } catch (error) {
    if (error instanceof ReadError) throw error;
    throw new ReadError(`unreadable RTF: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 120)}`);
  }
  return out.join('');
}

/** An RTF file: a Factiva or Nexis download, else one article as plain text is read. */
export const readRtf: BinaryReader = async (file, options) => {
  const text = rtfToText(file.bytes);
  return readNewsDatabaseText(text, file.path, options) ?? readText({ path: file.path, text }, options);
};
