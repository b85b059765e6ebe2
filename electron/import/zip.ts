import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { errnoReason } from './errno.js';
import { isIgnoredName } from './sniff.js';
import { ReadError } from './types.js';

export type ZipEntry = { name: string; bytes: Buffer } | { name: string; error: string };

export interface ZipLimits {
  /** Largest single entry we read; bigger ones are reported and skipped. */
  maxEntryBytes: number;
  /** Largest total uncompressed size of one archive; beyond it the archive is abandoned. */
  maxTotalBytes: number;
  /** Highest uncompressed/compressed ratio allowed for an entry above RATIO_FLOOR_BYTES. */
  maxRatio: number;
  maxEntries: number;
}

const MB = 1024 * 1024;

/** Small entries (a page of repeated whitespace) legitimately compress very well. */
const RATIO_FLOOR_BYTES = MB;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 50 * MB,
  maxTotalBytes: 2048 * MB,
  maxRatio: 200,
  maxEntries: 100_000,
};

/**
 * Yields the files of a zip archive one at a time, with their bytes. Per-entry problems are
 * yielded as error entries; a corrupt archive or a suspected zip bomb throws ReadError after the
 * entries read so far. Directories and hidden or system files are skipped.
 */
export async function* readZip(path: string, limits: ZipLimits): AsyncGenerator<ZipEntry> {
  const zip = await open(path);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ReadError(`zip bomb suspected: ${zip.entryCount} entries (limit ${limits.maxEntries})`);
    }
    let total = 0;
    const starts = new Set<number>();
    for await (const entry of entries(zip)) {
      const name = entryName(entry);
      // Before the hidden-file rule, which would skip a `..` name silently.
      const unsafe = unsafeName(name);
      if (unsafe) {
        yield { name, error: unsafe };
        continue;
      }
      if (name.endsWith('/') || name.split('/').some(isIgnoredName)) continue;
      // Many directory records pointing at one entry's data make a tiny archive expand without end.
      if (starts.has(entry.relativeOffsetOfLocalHeader)) throw new ReadError(`zip bomb suspected: "${name}" shares its data with another entry`);
      starts.add(entry.relativeOffsetOfLocalHeader);

      const problem = entryProblem(entry, limits);
      if (problem) {
        yield { name, error: problem };
        continue;
      }
      // Checked on declared sizes before inflating anything; readEntry enforces them on real bytes.
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) {
        throw new ReadError(`zip bomb suspected: more than ${formatMb(limits.maxTotalBytes)} MB uncompressed`);
      }
      yield await readEntry(zip, entry, limits);
    }
  } finally {
    zip.close();
  }
}

async function open(path: string): Promise<ZipFile> {
  try {
    // Names are decoded here rather than by yauzl, which abandons the whole archive at the first
    // name it finds unsafe; such an entry costs only itself (see unsafeName).
    return await yauzl.openPromise(path, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false });
  } catch (error) {
    throw archiveError(error);
  }
}

/** yauzl's entry iterator, with its central-directory errors turned into ReadError. */
async function* entries(zip: ZipFile): AsyncGenerator<Entry> {
  try {
    yield* zip.eachEntry();
  } catch (error) {
    throw archiveError(error);
  }
}

function archiveError(error: unknown): ReadError {
  if (error instanceof ReadError) return error;
  return new ReadError(errnoReason(error) ?? `corrupt or truncated zip: ${message(error)}`);
}

/** The entry's name as yauzl would decode it (CP437 or UTF-8, backslashes as slashes). */
function entryName(entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Entries are only ever read into memory, never written out, so no name can reach outside the
 * import; still, an absolute or `..` name, or a symbolic link, is what a zip made to escape
 * an unzipper looks like, and is no article.
 */
function unsafeName(name: string): string | null {
  const problem = yauzl.validateFileName(name);
  if (problem) return `unsafe entry name (${problem.replace(/:.*$/, '')})`;
  return null;
}

function isSymlink(entry: Entry): boolean {
  return ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

/** A reason to skip the entry without reading it, or throws if the archive as a whole is suspect. */
function entryProblem(entry: Entry, limits: ZipLimits): string | null {
  if (entry.isEncrypted()) return 'encrypted entry';
  if (isSymlink(entry)) return 'symbolic link; not followed';
  if (!entry.canDecodeFileData()) return `unsupported compression method ${entry.compressionMethod}`;
  if (entry.uncompressedSize > limits.maxEntryBytes) return tooLarge(limits);
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) {
    throw new ReadError(`zip bomb suspected: "${entryName(entry)}" expands more than ${limits.maxRatio} times`);
  }
  return null;
}

/**
 * Reads one entry into memory. yauzl checks the inflated size against the declared one, which
 * we already limited, so a lying header cannot make us buffer more than maxEntryBytes; the count
 * here is a second guard. Damaged entry data spoils only that entry.
 */
async function readEntry(zip: ZipFile, entry: Entry, limits: ZipLimits): Promise<ZipEntry> {
  const name = entryName(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const stream = await zip.openReadStreamPromise(entry);
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > limits.maxEntryBytes) return { name, error: tooLarge(limits) };
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    return { name, error: `corrupt entry: ${message(error)}` };
  }
  return { name, bytes: Buffer.concat(chunks, size) };
}

function tooLarge(limits: ZipLimits): string {
  return `entry is larger than the limit of ${formatMb(limits.maxEntryBytes)} MB`;
}

function formatMb(bytes: number): string {
  return String(Math.round((bytes / MB) * 100) / 100);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
