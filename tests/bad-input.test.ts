import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Archive } from '../db/archive.js';
import type { FileError } from '../electron/api.js';
import { pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';
import { bombZip, deflatedZeros, hostileFiles, mutate, random, randomBytes, truncate, VALID, VALID_TITLES, writeZip } from './fuzz-inputs.js';

/*
 * The whole bad-input corpus in one `pantau import`: good files of every format beside every kind
 * of bad file the fuzz tests try. Every good article is in and searchable, every bad file is
 * reported with its path and a reason, and the archive is sound afterwards.
 */

interface Summary {
  imported: number;
  failed: number;
  files: number;
  status: string;
  errors: FileError[];
}

test('one import of good and bad files together: every good article in, every bad file reported', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const corpus = join(dir, 'corpus');
  mkdirSync(join(corpus, 'good'), { recursive: true });
  mkdirSync(join(corpus, 'bad'), { recursive: true });
  for (const [name, content] of Object.entries(VALID)) writeFileSync(join(corpus, 'good', name), content);
  // The same kinds of article again inside a zip, under other titles so they are new articles.
  await writeZip(join(corpus, 'good', 'arsip.zip'), [{ name: '2024/berita.txt', data: VALID['berita.txt']!.replace('Banjir rendam', 'Genangan di') }]);

  const bad = (name: string, content: string | Buffer): string => {
    const path = join(corpus, 'bad', name);
    writeFileSync(path, content);
    return path;
  };
  const rand = random();
  const badFiles = [
    ...Object.entries(hostileFiles(4 * 1024 * 1024))
      // These are imported (in parts, or with their damage replaced), not refused: the fuzz test covers them.
      .filter(([name]) => !['emphasis.md', 'huge-line.txt', 'huge-title.txt', 'invalid-utf8.txt', 'utf16-halves.txt', 'unbalanced.csv', 'laughs.xml'].includes(name))
      .map(([name, content]) => bad(name, content)),
    bad('random.json', randomBytes(rand, 1500)),
    bad('random.html', randomBytes(rand, 1500)),
    bad('cut.json', truncate(rand, Buffer.from(VALID['beras.json']!)).subarray(0, 60)),
    bad('cut.xml', Buffer.from(VALID['kabar.xml']!).subarray(0, 120)),
    bad('image.png', readFileSync(fixture('encodings', 'image.png'))),
    bad('kosong.txt', ''),
  ];
  await bombZip(join(corpus, 'bad', 'bomb.zip'), 'nol.txt', deflatedZeros(600), 600 * 1024 * 1024);
  await writeZip(join(corpus, 'bad', 'escape.zip'), [{ name: '../../keluar.txt', data: VALID['berita.txt']! }, { name: 'tautan', data: '/etc/passwd', mode: 0o120777 }]);
  const zips = [join(corpus, 'bad', 'bomb.zip'), join(corpus, 'bad', 'escape.zip')];
  // A mutation that still parses would be a good file; these are checked to be refused below.
  bad('mutated.csv', mutate(rand, Buffer.from('"')));

  const db = join(dir, 'archive.db');
  const { code, json } = await pantauJson<Summary>(['import', corpus, '--db', db]);
  // 1: done, with files that failed (docs/cli.md).
  assert.equal(code, 1);
  assert.equal(json.status, 'done');

  // Every good article, by title.
  for (const title of [...VALID_TITLES, 'Genangan di Kampung Melayu']) {
    const found = await pantauJson<{ results: { title: string }[] }>(['search', `title:"${title}"`, '--db', db]);
    assert.deepEqual(found.json.results.map((r) => r.title), [title], title);
  }
  const goodErrors = json.errors.filter((e) => e.path.startsWith(join(corpus, 'good')));
  assert.deepEqual(goodErrors, []);

  // Every bad file, with its path and a reason; zip entries with the entry's path.
  for (const path of [...badFiles, join(corpus, 'bad', 'mutated.csv')]) {
    const reported = json.errors.filter((e) => e.path === path || e.path.startsWith(`${path}#`));
    assert.ok(reported.length > 0 && reported.every((e) => e.reason.length > 0), `${path} not reported`);
  }
  assert.deepEqual(json.errors.filter((e) => e.path.startsWith(`${zips[0]}!`)).map((e) => e.reason), ['entry is larger than the limit of 50 MB']);
  assert.deepEqual(
    json.errors.filter((e) => e.path.startsWith(`${zips[1]}!`)).map((e) => [e.path.slice(zips[1]!.length), e.reason]),
    [['!../../keluar.txt', 'unsafe entry name (invalid relative path)'], ['!tautan', 'symbolic link; not followed']],
  );
  // Nothing but the corpus's own files is named.
  for (const e of json.errors) assert.ok(e.path.startsWith(corpus), e.path);

  const archive = await Archive.open(db);
  t.after(() => archive.close());
  assert.deepEqual(archive.integrityProblems(), []);
  assert.equal(archive.stats().articles, json.imported);
});
