import mammoth from 'mammoth';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { type BinaryReader, ReadError } from '../types.js';
import { readNewsDatabaseText } from './nexis-or-factiva.js';
import { readText } from './text.js';

/*
 * Word documents (.docx) through mammoth, as raw text: one paragraph per Word paragraph. A Nexis
 * Uni download becomes its articles; any other document one article, read as plain text.
 * mammoth inflates the XML parts of the zip whole and trusts their stated sizes, so those parts are
 * first inflated once through yauzl, which stops at the stated size: a part that inflates to more,
 * or parts that add up to too much, refuse the file before mammoth sees it.
 */

const MB = 1024 * 1024;
/** XML of the largest real downloads (1,000 documents) is a few tens of MB. */
const MAX_XML_BYTES = 256 * MB;
const MAX_ENTRIES = 10_000;
/** The parts mammoth reads for text; pictures and other media it leaves alone. */
const TEXT_PART = /\.(xml|rels)$/i;

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: Entry): void => (done(), resolve(entry));
    const onEnd = (): void => (done(), resolve(null));
    const onError = (error: Error): void => (done(), reject(error));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

async function inflatedSize(zip: ZipFile, entry: Entry): Promise<number> {
  let size = 0;
  for await (const chunk of await zip.openReadStreamPromise(entry)) size += (chunk as Buffer).length;
  return size;
}

/** Throws ReadError unless the bytes are a zip with a Word document's text part, of a sane size. */
async function checkDocx(bytes: Buffer): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true });
  } catch (error) {
    throw new ReadError(`not a Word document: ${briefly(error)}`);
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) throw new ReadError(`zip bomb suspected: ${zip.entryCount} entries (limit ${MAX_ENTRIES})`);
    let total = 0;
    let document = false;
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      if (!TEXT_PART.test(entry.fileName)) continue;
      document ||= entry.fileName === 'word/document.xml';
      total += entry.uncompressedSize;
      if (total > MAX_XML_BYTES) throw new ReadError(`zip bomb suspected: more than ${MAX_XML_BYTES / MB} MB of XML uncompressed`);
      await inflatedSize(zip, entry);
    }
    if (!document) throw new ReadError('not a Word document: no word/document.xml');
  } catch (error) {
    if (error instanceof ReadError) throw error;
    throw new ReadError(`damaged Word document: ${briefly(error)}`);
  } finally {
    zip.close();
  }
}

/** The first line of a library's message; the XML parser's own runs on with positions it does not know. */
function briefly(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/xmldom|xml/i.test(message)) return 'its XML cannot be parsed';
  return message.split('\n')[0]!.slice(0, 120);
}

/** The text of a Word document, one paragraph per line pair (mammoth ends each paragraph with a blank line). */
export async function docxToText(bytes: Buffer): Promise<string> {
  await checkDocx(bytes);
  try {
    return (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (error) {
    throw new ReadError(`damaged Word document: ${briefly(error)}`);
  }
}

export const readDocx: BinaryReader = async (file, options) => {
  const text = await docxToText(file.bytes);
  if (text.trim() === '') throw new ReadError('empty Word document');
  return readNewsDatabaseText(text, file.path, options) ?? readText({ path: file.path, text }, options);
};
