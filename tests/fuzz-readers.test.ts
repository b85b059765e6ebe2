import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { test } from 'node:test';
import type { ImportSummary } from '../electron/api.js';
import { tempDir } from './helpers.js';
import { type ChildImport, importInChild, NOT_CLEAN } from './fuzz-import.js';
import {
  bombZip, deflatedZeros, FUZZ_ITERATIONS, FUZZ_SEED, hostileFiles, mutate, overlapping, random, randomBytes, truncate, VALID, writeZip,
} from './fuzz-inputs.js';

/*
 * Every reader, fed random, damaged and hostile files through the real import (worker threads,
 * the writer, a real archive) in a process of its own: each file is imported or fails alone with
 * its path and a reason, and nothing crashes, hangs or blows up memory. Seeded: a failure replays
 * with PANTAU_FUZZ_SEED, and PANTAU_FUZZ_ITERATIONS runs longer (docs/fuzzing.md).
 */

/** Peak memory of the whole import process; the readers' limits keep a run far below it. */
const MAX_RSS_MB = 1024;

/** Every problem names one of the files (or a part of it) and gives a clean reason; the archive is sound. */
function assertClean(result: ChildImport, files: string[]): void {
  const { summary } = result;
  assert.equal(summary.status, 'done');
  assert.equal(summary.files, files.length);
  for (const p of [...summary.errors, ...summary.warnings]) {
    assert.ok(files.some((f) => p.path === f || p.path.startsWith(`${f}#`) || p.path.startsWith(`${f}!`)), `problem without its file: ${JSON.stringify(p)}`);
    assert.ok(p.reason.trim().length > 0, `no reason: ${p.path}`);
    assert.doesNotMatch(p.reason, NOT_CLEAN, `${p.path}: ${p.reason}`);
  }
  assert.deepEqual(result.integrity, []);
  assert.ok(result.maxRssMb < MAX_RSS_MB, `peak memory ${result.maxRssMb} MB`);
}

const errorsOf = (summary: ImportSummary, path: string): string[] =>
  summary.errors.filter((e) => e.path === path || e.path.startsWith(`${path}#`) || e.path.startsWith(`${path}!`)).map((e) => e.reason);

test(`random, truncated and mutated files of every format import or fail alone (seed ${FUZZ_SEED}, ${FUZZ_ITERATIONS} of each)`, { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const rand = random();
  const files: string[] = [];
  const add = (name: string, bytes: Buffer): void => {
    const path = join(dir, 'in', name);
    writeFileSync(path, bytes);
    files.push(path);
  };
  mkdirSync(join(dir, 'in'));
  for (const [name, content] of Object.entries(VALID)) {
    const ext = extname(name);
    const valid = Buffer.from(content);
    for (let i = 0; i < FUZZ_ITERATIONS; i++) {
      add(`random-${i}${ext}`, randomBytes(rand, Math.floor(rand() * 2048)));
      add(`truncated-${i}${ext}`, truncate(rand, valid));
      add(`mutated-${i}${ext}`, mutate(rand, valid));
    }
  }
  // Zips of damaged files, and damaged zips.
  for (let i = 0; i < FUZZ_ITERATIONS; i++) {
    const zip = join(dir, `z${i}.zip`);
    await writeZip(zip, Object.entries(VALID).map(([name, content]) => ({ name: `d/${name}`, data: mutate(rand, Buffer.from(content)) })));
    const bytes = readFileSync(zip);
    add(`archive-${i}.zip`, bytes);
    add(`archive-truncated-${i}.zip`, truncate(rand, bytes));
    add(`archive-mutated-${i}.zip`, mutate(rand, bytes));
  }
  const result = await importInChild(join(dir, 'fuzz.db'), [join(dir, 'in')]);
  assertClean(result, files);
  // The generator must reach both outcomes, or it is not exercising the readers.
  assert.ok(result.summary.imported > 0 && result.summary.failed > files.length / 4, `imported ${result.summary.imported}, failed ${result.summary.failed}`);
});

test('deeply nested, huge, badly encoded and unbalanced files fail alone with a named limit', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'in'));
  const files = Object.entries(hostileFiles()).map(([name, content]) => {
    const path = join(dir, 'in', name);
    writeFileSync(path, content);
    return path;
  });
  const result = await importInChild(join(dir, 'hostile.db'), [join(dir, 'in')]);
  assertClean(result, files);
  const reasons = (name: string): string[] => errorsOf(result.summary, join(dir, 'in', name));
  assert.deepEqual(reasons('deep-div.html'), ['HTML nested more than 512 levels deep']);
  assert.deepEqual(reasons('deep-unclosed.html'), ['HTML nested more than 512 levels deep']);
  assert.deepEqual(reasons('deep.xml'), ['XML nested more than 100 levels deep']);
  assert.deepEqual(reasons('deep-body.xml'), ['HTML nested more than 512 levels deep']);
  assert.deepEqual(reasons('deep-quote.md'), ['Markdown nested more than 100 levels deep at line 1']);
  assert.deepEqual(reasons('deep-list.md'), ['Markdown nested more than 100 levels deep at line 101']);
  assert.deepEqual(reasons('long-line.md'), ['line 3 is longer than the limit of 1,000,000 characters for Markdown']);
  assert.deepEqual(reasons('emphasis.md'), []);
  assert.deepEqual(reasons('huge-line.csv').map((r) => r.replace(/\d+/g, 'N')), ['malformed CSV at row N (line N): Quoted field unterminated']);
  assert.deepEqual(reasons('nul.txt'), ['binary file']);
  for (const name of Object.keys(hostileFiles())) {
    const r = reasons(name);
    assert.ok(r.every((reason) => reason.length < 300), `${name}: a reason should name the problem, not quote the file`);
  }
});

test('zip bombs, lying sizes, nested and overlapping archives, unsafe names and symbolic links', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'in'));
  const path = (name: string): string => join(dir, 'in', name);
  const zeros = deflatedZeros(4000);
  // 4 MB on disk, 4,000 MB inflated: refused from its header before anything is inflated.
  await bombZip(path('bomb.zip'), 'nol.txt', zeros, 4000 * 1024 * 1024);
  // The same data claiming 1 KB: inflation stops at the claimed size.
  await bombZip(path('liar.zip'), 'kecil.txt', zeros, 1024);
  // 50,000 directory records, every one pointing at the same entry.
  await writeZip(path('one.zip'), [{ name: 'satu.txt', data: `${VALID['berita.txt']}`, compress: false }]);
  writeFileSync(path('overlap.zip'), overlapping(readFileSync(path('one.zip')), 50_000));
  await writeZip(path('inner.zip'), [{ name: 'berita.txt', data: VALID['berita.txt']! }]);
  await writeZip(path('nested.zip'), [{ name: 'lagi.zip', data: readFileSync(path('inner.zip')) }, { name: 'ok.txt', data: VALID['berita.txt']!.replace('Banjir', 'Genangan') }]);
  await writeZip(path('names.zip'), [
    { name: '../../luar.txt', data: VALID['berita.txt']! },
    { name: '/etc/passwd', data: 'root:x:0:0' },
    { name: 'a\\..\\..\\win.txt', data: VALID['berita.txt']! },
    { name: 'C:/Windows/evil.txt', data: 'x' },
    { name: 'tautan', data: '/etc/passwd', mode: 0o120777 },
    { name: 'dalam/aman.html', data: VALID['harbour.html']! },
  ]);
  const files = ['bomb.zip', 'liar.zip', 'one.zip', 'overlap.zip', 'inner.zip', 'nested.zip', 'names.zip'].map(path);
  const result = await importInChild(join(dir, 'zip.db'), files);
  assertClean(result, files);
  const { summary } = result;
  assert.deepEqual(errorsOf(summary, path('bomb.zip')), ['entry is larger than the limit of 50 MB']);
  assert.equal(summary.errors.find((e) => e.path === `${path('bomb.zip')}!nol.txt`)?.reason, 'entry is larger than the limit of 50 MB');
  assert.deepEqual(errorsOf(summary, path('liar.zip')).map((r) => r.replace(/:.*/, '')), ['corrupt entry']);
  assert.deepEqual(errorsOf(summary, path('overlap.zip')), ['zip bomb suspected: "satu.txt" shares its data with another entry']);
  assert.deepEqual(errorsOf(summary, path('nested.zip')), ['zip archive inside a zip archive; extract the inner archive first']);
  assert.deepEqual(
    summary.errors.filter((e) => e.path.startsWith(path('names.zip'))).map((e) => [e.path.slice(path('names.zip').length), e.reason]),
    [
      ['!../../luar.txt', 'unsafe entry name (invalid relative path)'],
      ['!/etc/passwd', 'unsafe entry name (absolute path)'],
      ['!a/../../win.txt', 'unsafe entry name (invalid relative path)'],
      ['!C:/Windows/evil.txt', 'unsafe entry name (absolute path)'],
      ['!tautan', 'symbolic link; not followed'],
    ],
  );
  // What was good in the damaged archives is in: one.zip's article (overlap.zip's is the same), nested.zip's ok.txt, names.zip's page.
  assert.equal(summary.imported, 3);
});
