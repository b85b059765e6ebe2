import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readFactiva } from '../electron/import/readers/factiva-html.js';
import { readRtf } from '../electron/import/readers/rtf.js';
import { sniffFormat } from '../electron/import/sniff.js';
import type { ReadResult } from '../electron/import/types.js';
import { pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';
import { fuzzDownloads } from './news-database-fuzz.js';

const HARBOUR_META = { title: 'Harbour reopens after storm repairs', author: 'James Whitfield', externalId: 'PRTHRL0020230322ej3m0003c', publishedAt: '2023-03-22', source: 'Port Herald' };

describe('Factiva HTML export', () => {
  test('every article with headline, author, date and time, outlet and document id; copyright and header are no text', () => {
    const result = readFactiva({ path: 'export.html', text: readFileSync(fixture('factiva', 'export.html'), 'utf8') }, {});
    assert.deepEqual(result, {
      articles: [
        {
          title: 'Harga beras medium tembus Rp14.000 per kilogram',
          body:
            'Harga beras medium di pasar tradisional Jakarta naik menjadi Rp14.000 per kilogram menjelang Lebaran, kata para pedagang di Pasar Induk Cipinang.\n\n' +
            'Pemerintah berjanji menggelontorkan cadangan beras untuk menahan kenaikan harga hingga akhir April.',
          origin: 'export.html#1',
          author: 'Dimas Prasetyo',
          externalId: 'KOMPAS0020230322ej3m0005x',
          publishedAt: '2023-03-22',
          source: 'Kompas',
        },
        {
          title: 'Rice prices climb ahead of Lebaran',
          body:
            'Rice prices in traditional markets across Jakarta rose to Rp14,000 per kilogram this week, traders said, as demand climbs ahead of the Lebaran holiday.\n\n' +
            'The Trade Ministry said it would release 200,000 tonnes from the state logistics agency.',
          origin: 'export.html#2',
          author: 'Ayu Lestari',
          externalId: 'JKTPST0020230321ej3l0002b',
          publishedAt: '2023-03-21T10:05',
          source: 'The Jakarta Post',
        },
      ],
      problems: [{ path: 'export.html#3', reason: 'document has no body text ("Photo: flooded street")' }],
    } satisfies ReadResult);
  });

  test('a web page that only looks like an export is read as a web page', () => {
    const page = '<!DOCTYPE html><html><head><title>Banjir - Kabar</title></head><body><div class="article enArticle"><h1>Banjir</h1><p>Hujan deras merendam ratusan rumah di Kampung Melayu sejak Minggu malam, kata warga.</p></div></body></html>';
    const result = readFactiva({ path: 'page.html', text: page }, {});
    assert.equal(result.articles.length, 1);
    assert.equal(result.articles[0]!.externalId, undefined);
    assert.match(result.articles[0]!.body, /Hujan deras/);
  });
});

describe('Factiva RTF export', () => {
  test('English and German headers (words / Wörter, 1.234), page footers left out, ids kept', async () => {
    const one = await readRtf({ path: 'download-1.rtf', bytes: readFileSync(fixture('factiva', 'download-1.rtf')) }, {});
    const two = await readRtf({ path: 'download-2.rtf', bytes: readFileSync(fixture('factiva', 'download-2.rtf')) }, {});
    assert.deepEqual([one.problems, two.problems], [[], []]);
    assert.deepEqual(one.articles.map(({ body, ...meta }) => meta), [
      { title: 'Banjir rendam ratusan rumah di Kampung Melayu', origin: 'download-1.rtf#1', author: 'Rina Widiastuti', externalId: 'TEMPOI0020230321ej3l0001a', publishedAt: '2023-03-21', source: 'Tempo' },
      { ...HARBOUR_META, origin: 'download-1.rtf#2' },
    ]);
    assert.deepEqual(two.articles.map(({ body, ...meta }) => meta), [
      { ...HARBOUR_META, origin: 'download-2.rtf#1' },
      { title: 'Pasar Kosambi direnovasi setelah kebakaran', origin: 'download-2.rtf#2', externalId: 'BDGPOS0020230715ej7f0007z', publishedAt: '2023-07-15T08:30', source: 'Bandung Pos' },
    ]);
    assert.deepEqual(one.articles[0]!.body.split('\n\n'), [
      'Hujan deras sejak Minggu malam merendam ratusan rumah di Kampung Melayu, Jakarta Timur, dengan ketinggian air mencapai satu meter.',
      'Warga mengungsi ke masjid terdekat sambil menunggu air surut, kata petugas pemadam kebakaran setempat.',
    ]);
    // The second download's copy differs by one character (a non-breaking hyphen): only its id makes it the same article.
    assert.notEqual(one.articles[1]!.body, two.articles[0]!.body);
    assert.doesNotMatch([...one.articles, ...two.articles].map((a) => a.body).join('\n'), /Factiva|Copyright|©|words|Wörter|Document/);
  });

  test('an article cut short of its document id keeps its header; one without a header fails alone', async () => {
    const rtf = readFileSync(fixture('factiva', 'download-1.rtf'), 'latin1');
    const cut = rtf.slice(0, rtf.indexOf('Document PRTHRL'));
    const short = await readRtf({ path: 'cut.rtf', bytes: Buffer.from(`${cut}}`, 'latin1') }, {});
    assert.deepEqual(short.articles.map((a) => [a.origin, a.externalId]), [['cut.rtf#1', 'TEMPOI0020230321ej3l0001a'], ['cut.rtf#2', undefined]]);
    const headless = rtf.replace('58 words\\par', '');
    const broken = await readRtf({ path: 'headless.rtf', bytes: Buffer.from(headless, 'latin1') }, {});
    assert.deepEqual(broken.problems, [{ path: 'headless.rtf#1', reason: 'no Factiva header (no word count such as "412 words" under the headline)' }]);
    assert.deepEqual(broken.articles.map((a) => a.origin), ['headless.rtf#2']);
  });

  test('exports are recognised by content', () => {
    const head = (name: string): Buffer => readFileSync(fixture('factiva', name)).subarray(0, 4096);
    assert.equal(sniffFormat('export.html', head('export.html')), 'factiva');
    assert.equal(sniffFormat('export', head('export.html')), 'factiva');
    assert.equal(sniffFormat('download', head('download-1.rtf')), 'rtf');
    assert.equal(sniffFormat('page.html', Buffer.from('<!DOCTYPE html><html><body><p>Berita</p></body></html>')), 'html');
  });
});

describe('through the real CLI', () => {
  interface Summary {
    imported: number;
    skipped: number;
    errors: { path: string; reason: string }[];
  }

  test('an overlapping second download adds only its new article; re-importing adds nothing', { timeout: 120_000 }, async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'archive.db');
    const inbox = join(dir, 'factiva');
    mkdirSync(inbox);
    for (const name of ['export.html', 'download-1.rtf', 'download-2.rtf']) copyFileSync(fixture('factiva', name), join(inbox, name));

    const first = await pantauJson<Summary>(['import', join(inbox, 'download-1.rtf'), join(inbox, 'export.html'), '--db', db]);
    assert.deepEqual([first.json.imported, first.json.skipped], [4, 0], JSON.stringify(first.json));
    assert.deepEqual(first.json.errors, [{ path: join(inbox, 'export.html#3'), reason: 'document has no body text ("Photo: flooded street")' }]);
    // The harbour story again, with one character changed: its document id is known, so it is skipped.
    const second = await pantauJson<Summary>(['import', join(inbox, 'download-2.rtf'), '--db', db]);
    assert.deepEqual([second.json.imported, second.json.skipped], [1, 1], JSON.stringify(second.json));
    const again = await pantauJson<Summary>(['import', inbox, '--db', db]);
    assert.deepEqual([again.json.imported, again.json.skipped], [0, 6]);
  });
});

test('Factiva exports fuzzed: random, truncated and mutated files fail alone and cleanly', { timeout: 120_000 }, async (t) => {
  const summary = await fuzzDownloads(tempDir(t), {
    'export.html': readFileSync(fixture('factiva', 'export.html')),
    'download.rtf': readFileSync(fixture('factiva', 'download-1.rtf')),
  }, 15);
  assert.ok(summary.imported > 0 && summary.failed > 0, `imported ${summary.imported}, failed ${summary.failed}`);
});
