import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import yazl from 'yazl';
import { DEFAULT_ZIP_LIMITS, readZip, type ZipEntry, type ZipLimits } from '../electron/import/zip.js';
import { ReadError } from '../electron/import/types.js';
import { tempDir } from './helpers.js';

type Item = string | { buffer: Buffer; compress?: boolean } | null;

/** Builds a zip with yazl; a null item is an empty directory. */
async function makeZip(path: string, items: Array<[name: string, item: Item]>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, item] of items) {
    if (item === null) zip.addEmptyDirectory(name);
    else if (typeof item === 'string') zip.addBuffer(Buffer.from(item, 'utf8'), name);
    else zip.addBuffer(item.buffer, name, { compress: item.compress ?? true });
  }
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  zip.end();
  await once(out, 'close');
  return path;
}

/** Reads the whole archive, recording a thrown error as the last element. */
async function collect(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<Array<ZipEntry | Error>> {
  const out: Array<ZipEntry | Error> = [];
  try {
    for await (const entry of readZip(path, limits)) out.push(entry);
  } catch (error) {
    out.push(error as Error);
  }
  return out;
}

const text = (name: string, content: string): ZipEntry => ({ name, bytes: Buffer.from(content, 'utf8') });

function assertReadError(value: ZipEntry | Error | undefined, message: string): void {
  assert.ok(value instanceof ReadError, `expected ReadError, got ${JSON.stringify(value)}`);
  assert.equal(value.message, message);
}

/** Incompressible ASCII, so the compression ratio stays low. */
const noise = (bytes: number): Buffer => Buffer.from(randomBytes(bytes / 2).toString('hex'), 'latin1');

test('yields files in archive order, skipping folders and macOS and Windows clutter', async (t) => {
  const dir = tempDir(t);
  const path = await makeZip(join(dir, 'berita.zip'), [
    ['2023/', null],
    ['2023/maret/', null],
    ['2023/maret/kafe.html', '<p>Café Réunion</p>'],
    ['__MACOSX/2023/maret/._kafe.html', 'resource fork'],
    ['2023/.DS_Store', 'finder'],
    ['2023/Thumbs.db', 'thumbs'],
    ['readme.txt', 'Judul\n\nIsi'],
    ['stored.txt', { buffer: Buffer.from('tidak dikompresi'), compress: false }],
  ]);
  assert.deepEqual(await collect(path), [
    text('2023/maret/kafe.html', '<p>Café Réunion</p>'),
    text('readme.txt', 'Judul\n\nIsi'),
    text('stored.txt', 'tidak dikompresi'),
  ]);
});

test('reports an entry above the size limit and goes on with the next', async (t) => {
  const dir = tempDir(t);
  const path = await makeZip(join(dir, 'big.zip'), [
    ['besar.txt', { buffer: noise(600 * 1024) }],
    ['kecil.txt', 'kecil'],
  ]);
  const limits = { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 512 * 1024 };
  assert.deepEqual(await collect(path, limits), [
    { name: 'besar.txt', error: 'entry is larger than the limit of 0.5 MB' },
    text('kecil.txt', 'kecil'),
  ]);
});

test('stops at an entry that expands suspiciously (50 MB of zeros)', async (t) => {
  const dir = tempDir(t);
  const path = await makeZip(join(dir, 'bomb.zip'), [
    ['ok.txt', 'baik'],
    ['zeros.txt', { buffer: Buffer.alloc(50 * 1024 * 1024) }],
    ['after.txt', 'never reached'],
  ]);
  const entries = await collect(path, { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 100 * 1024 * 1024 });
  assert.deepEqual(entries.slice(0, -1), [text('ok.txt', 'baik')]);
  assertReadError(entries.at(-1), 'zip bomb suspected: "zeros.txt" expands more than 200 times');
});

test('stops when the archive expands beyond the total limit', async (t) => {
  const dir = tempDir(t);
  const items: Array<[string, Item]> = ['a', 'b', 'c'].map((name) => [`${name}.txt`, { buffer: noise(400 * 1024) }]);
  const path = await makeZip(join(dir, 'total.zip'), items);
  const entries = await collect(path, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1024 * 1024 });
  assert.deepEqual(entries.slice(0, -1).map((entry) => ('bytes' in entry ? [entry.name, entry.bytes.length] : entry)), [
    ['a.txt', 400 * 1024],
    ['b.txt', 400 * 1024],
  ]);
  assertReadError(entries.at(-1), 'zip bomb suspected: more than 1 MB uncompressed');
});

test('refuses an archive with more entries than allowed before reading any', async (t) => {
  const dir = tempDir(t);
  const path = await makeZip(join(dir, 'many.zip'), ['1', '2', '3', '4', '5'].map((n) => [`${n}.txt`, n]));
  assert.deepEqual(await collect(path, { ...DEFAULT_ZIP_LIMITS, maxEntries: 3 }), [
    new ReadError('zip bomb suspected: 5 entries (limit 3)'),
  ]);
});

test('reports a truncated archive', async (t) => {
  const dir = tempDir(t);
  const whole = await makeZip(join(dir, 'whole.zip'), [
    ['a.txt', { buffer: noise(8 * 1024) }],
    ['b.txt', { buffer: noise(8 * 1024) }],
  ]);
  const bytes = readFileSync(whole);
  const half = join(dir, 'half.zip');
  writeFileSync(half, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const entries = await collect(half);
  assert.equal(entries.length, 1);
  assertReadError(entries[0], 'corrupt or truncated zip: End of central directory record signature not found. Either not a zip file, or file is truncated.');
});

test('keeps the entries read before a corrupt central directory record', async (t) => {
  const dir = tempDir(t);
  const path = await makeZip(join(dir, 'broken.zip'), [['a.txt', 'pertama'], ['b.txt', 'kedua']]);
  const bytes = readFileSync(path);
  const central = Buffer.from('PK\x01\x02', 'latin1');
  const second = bytes.indexOf(central, bytes.indexOf(central) + 1);
  bytes.writeUInt32LE(0xdeadbeef, second);
  writeFileSync(path, bytes);
  assert.deepEqual(await collect(path), [
    text('a.txt', 'pertama'),
    new ReadError('corrupt or truncated zip: invalid central directory file header signature: 0xdeadbeef'),
  ]);
});

test('reports an encrypted entry and reads the others', async (t) => {
  const dir = tempDir(t);
  const path = await makeZip(join(dir, 'secret.zip'), [['rahasia.txt', 'rahasia'], ['umum.txt', 'umum']]);
  // yazl cannot encrypt; setting the "encrypted" flag of the first central directory record is what readers look at.
  const bytes = readFileSync(path);
  const first = bytes.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
  bytes.writeUInt16LE(bytes.readUInt16LE(first + 8) | 1, first + 8);
  writeFileSync(path, bytes);
  assert.deepEqual(await collect(path), [{ name: 'rahasia.txt', error: 'encrypted entry' }, text('umum.txt', 'umum')]);
});

test('reports a missing archive', async (t) => {
  const dir = tempDir(t);
  assert.deepEqual(await collect(join(dir, 'nope.zip')), [new ReadError('no such file or directory')]);
});

test('a path that is not an archive file is refused in the words the folder walk uses', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'berita.txt'), 'Banjir di Kemang');
  mkdirSync(join(dir, 'arsip.zip'));
  assert.deepEqual(await collect(join(dir, 'berita.txt', 'dalam.zip')), [new ReadError('not a directory')]);
  assert.deepEqual(await collect(join(dir, 'arsip.zip')), [new ReadError('is a folder')]);
});

test('lets the consumer stop early', async (t) => {
  const dir = tempDir(t);
  const path = await makeZip(join(dir, 'three.zip'), [['1.txt', 'satu'], ['2.txt', 'dua'], ['3.txt', 'tiga']]);
  const seen: string[] = [];
  for await (const entry of readZip(path, DEFAULT_ZIP_LIMITS)) {
    seen.push(entry.name);
    if (seen.length === 2) break;
  }
  assert.deepEqual(seen, ['1.txt', '2.txt']);
});
