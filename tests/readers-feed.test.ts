import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { readFeed, readFeedItems } from '../electron/import/readers/feed.js';
import { ReadError, type ReadOptions, type ReadResult } from '../electron/import/types.js';
import { fixture } from './helpers.js';

function readFixture(name: string): { path: string; result: ReadResult } {
  const path = fixture('feeds', name);
  return { path, result: readFeed({ path, text: readFileSync(path, 'utf8') }, {}) };
}

function readInline(xml: string, options: ReadOptions = {}): ReadResult {
  return readFeed({ path: 'inline.xml', text: xml }, options);
}

function throwsReadError(fn: () => unknown, message: RegExp | string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ReadError, `expected a ReadError, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('readFeed: RSS 2.0 (Indonesian, content:encoded in CDATA)', () => {
  const { path, result } = readFixture('rss2-id.xml');
  const [first, second, fourth] = result.articles;

  test('reads every item with a title or text and reports the empty one', () => {
    assert.deepEqual(result.articles.map((a) => a.origin), [`${path}#1`, `${path}#2`, `${path}#4`]);
    assert.deepEqual(result.problems, [{ path: `${path}#3`, reason: 'item has no title or text' }]);
  });

  test('prefers content:encoded over description and splits it into paragraphs', () => {
    assert.ok(first);
    assert.equal(first.title, 'Harga Cabai Rawit Turun Jelang Ramadhan');
    assert.deepEqual(first.body.split('\n\n'), [
      'Harga cabai rawit di Pasar Induk Bandarjaya turun menjadi Rp 45.000 per kilogram, dari Rp 70.000 sepekan lalu.',
      'Pedagang menyebut pasokan dari sentra produksi di lereng gunung kembali lancar setelah cuaca membaik & jalur distribusi dibuka.',
      'Pedagang cabai di Pasar Induk Bandarjaya.',
      'Dinas Perdagangan memperkirakan harga tetap stabil hingga pekan pertama Ramadhan.',
    ]);
  });

  test('reads link, pubDate, dc:creator, and the link\'s domain as the outlet over the channel title', () => {
    assert.ok(first);
    assert.equal(first.url, 'https://www.kabarpagi.example/ekonomi/2024/03/05/harga-cabai-rawit-turun');
    assert.equal(first.publishedAt, '2024-03-05T14:30:00+07:00');
    assert.equal(first.author, 'Rina Wulandari');
    assert.equal(first.source, 'kabarpagi.example');
    assert.equal(first.section, undefined);
  });

  test('decodes entity-escaped HTML in description and titles', () => {
    assert.ok(second);
    assert.equal(second.title, 'Ekspor Kopi Bandarjaya Naik 12 Persen – Tertinggi dalam Lima Tahun');
    assert.equal(second.body, 'Nilai ekspor kopi dari Bandarjaya sepanjang 2023 naik 12 persen.\n\nPasar utama masih Jepang dan Belanda.');
  });

  test('takes the name out of an RSS author e-mail and reads GMT dates', () => {
    assert.ok(second);
    assert.equal(second.author, 'Dimas Prasetyo');
    assert.equal(second.publishedAt, '2024-03-04T09:05:00Z');
  });

  test('reads dc:date and trims the link', () => {
    assert.ok(fourth);
    assert.equal(fourth.publishedAt, '2024-03-02T10:00:00+07:00');
    assert.equal(fourth.url, 'https://www.kabarpagi.example/ekonomi/2024/03/02/kredit-usaha-rakyat');
    assert.equal(fourth.author, 'Lestari Anggraeni');
  });
});

describe('readFeed: Atom (English, HTML content escaped as entities)', () => {
  const { path, result } = readFixture('atom-en.xml');
  const [first, second, third] = result.articles;

  test('reads every entry', () => {
    assert.deepEqual(result.articles.map((a) => a.origin), [`${path}#1`, `${path}#2`, `${path}#3`]);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(new Set(result.articles.map((a) => a.source)), new Set(['riverdaletribune.example']));
  });

  test('prefers full content over the summary and decodes escaped HTML', () => {
    assert.ok(first);
    assert.equal(first.title, 'Council Approves $12 Million Flood Barrier & Riverside Path');
    assert.deepEqual(first.body.split('\n\n'), [
      'The city council voted 7–2 on Monday night to fund a $12 million flood barrier along the Riverside district.',
      'Construction is expected to start next spring & take about eighteen months.',
      'What happens next',
      'A public meeting on December 5.',
      'Final design in February.',
    ]);
  });

  test('takes the alternate link, the published date and every author', () => {
    assert.ok(first);
    assert.equal(first.url, 'https://www.riverdaletribune.example/news/2023/11/14/council-approves-flood-barrier');
    assert.equal(first.publishedAt, '2023-11-14T09:15:00Z');
    assert.equal(first.author, 'Sarah Mitchell, Tom Becker');
  });

  test('falls back to summary, updated and a link without rel', () => {
    assert.ok(second);
    assert.equal(second.body, 'Three routes will add about ten minutes while the Elm Street bridge is repaired.');
    assert.equal(second.publishedAt, '2023-11-13T16:20:00-05:00');
    assert.equal(second.url, 'https://www.riverdaletribune.example/news/2023/11/13/school-bus-routes-change');
  });

  test('reads inline XHTML content and keeps a text title literal', () => {
    assert.ok(third);
    assert.equal(third.title, 'Library Extends Weekend Hours <for now>');
    assert.equal(third.body, 'The central library will open on Sundays from noon to five.\n\nThe trial runs until March.');
    assert.equal(third.author, undefined);
  });
});

describe('readFeed: RSS 1.0 / RDF', () => {
  const { result } = readFixture('rdf-id.rdf');
  const [first, second] = result.articles;

  test('reads items that sit beside the channel', () => {
    assert.equal(result.articles.length, 2);
    assert.ok(first && second);
    assert.equal(first.title, 'Banjir Rendam 300 Rumah di Kecamatan Sukamaju');
    assert.equal(first.source, 'suaralembah.example');
    assert.equal(first.publishedAt, '2024-02-18T07:45:00+07:00');
    assert.equal(first.author, 'Ahmad Fauzi');
    assert.equal(first.body, 'Hujan deras membuat Sungai Cibeureum meluap dan merendam sedikitnya 300 rumah di tiga desa.');
  });

  test('takes the url, and so the outlet, from rdf:about when there is no link and keeps plain-text paragraphs', () => {
    assert.ok(second);
    assert.equal(second.url, 'https://suaralembah.example/read/2024/02/17/festival-panen-raya');
    assert.equal(second.source, 'suaralembah.example');
    assert.equal(second.publishedAt, '2024-02-17');
    assert.equal(second.body, 'Ratusan petani memamerkan hasil panen padi dan sayuran dalam festival tahunan.\n\nFestival berlangsung selama tiga hari.');
  });
});

describe('readFeed: outlets', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>detikcom - Terpopuler</title><link>https://www.detik.com/</link>
<item><title>Harga emas Antam naik</title><link>https://finance.detik.com/berita/d-1/harga-emas</link><description>Harga emas naik Rp5.000 per gram.</description></item>
<item><title>Banjir rendam Bekasi</title><link>https://m.news.detik.com/berita/d-2/banjir-bekasi</link><description>Ratusan rumah terendam.</description></item>
<item><title>Jadwal KRL berubah</title><description>Jadwal perjalanan KRL berubah mulai pekan depan.</description></item>
</channel></rss>`;
  const { articles } = readInline(xml);

  test('each item with a link belongs to the link\'s registrable domain, its subdomain the section', () => {
    assert.deepEqual(
      articles.slice(0, 2).map((a) => [a.source, a.section]),
      [
        ['detik.com', 'finance'],
        ['detik.com', 'news'],
      ],
    );
  });

  test('an item without a link takes the feed title', () => {
    assert.deepEqual([articles[2]?.source, articles[2]?.section], ['detikcom - Terpopuler', undefined]);
  });

  test('in an Atom feed too', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>BBC News</title>
<entry><title>Storm warning</title><link href="https://www.bbc.co.uk/news/uk-1"/><summary>High winds expected.</summary></entry>
<entry><title>Tanpa tautan</title><summary>Tanpa tautan sama sekali.</summary></entry></feed>`;
    assert.deepEqual(
      readInline(atom).articles.map((a) => [a.source, a.section]),
      [
        ['bbc.co.uk', undefined],
        ['BBC News', undefined],
      ],
    );
  });
});

describe('readFeed: errors and options', () => {
  test('rejects malformed XML naming the line and the parser message', () => {
    const path = fixture('feeds', 'malformed.xml');
    throwsReadError(() => readFeed({ path, text: readFileSync(path, 'utf8') }, {}), /^malformed XML at line 12: Expected closing tag 'title'/);
  });

  test('counts a BOM and blank lines before the declaration in the line number', () => {
    const xml = '\uFEFF\n\n<?xml version="1.0"?>\n<rss><channel><title>x</title>\n<item><title>a</b></item></channel></rss>';
    throwsReadError(() => readInline(xml), /^malformed XML at line 5: /);
  });

  test('rejects XML that is not a feed', () => {
    const path = fixture('feeds', 'not-a-feed.xml');
    throwsReadError(() => readFeed({ path, text: readFileSync(path, 'utf8') }, {}), 'not an RSS or Atom feed');
  });

  test('passes the date order option to ambiguous dates', () => {
    const xml = '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><item><title>A</title><dc:date>03/04/2024</dc:date></item></channel></rss>';
    assert.equal(readInline(xml).articles[0]?.publishedAt, '2024-04-03');
    assert.equal(readInline(xml, { dateFormat: 'MDY' }).articles[0]?.publishedAt, '2024-03-04');
  });

  test('keeps a title-only item with an empty body', () => {
    const xml = '<rss version="2.0"><channel><title>T</title><item><title>Hanya judul</title></item></channel></rss>';
    const { articles, problems } = readInline(xml);
    assert.deepEqual(problems, []);
    assert.equal(articles[0]?.title, 'Hanya judul');
    assert.equal(articles[0]?.body, '');
  });
});

describe('readFeedItems: the identifier each item keeps (RSS guid, Atom id)', () => {
  const ids = (name: string): (string | undefined)[] => {
    const path = fixture('feeds', name);
    return readFeedItems({ path, text: readFileSync(path, 'utf8') }, {}).items.map((i) => i.id);
  };

  test('RSS 2.0: the guid, whether a permalink or not; an item without one has none', () => {
    assert.deepEqual(ids('rss2-id.xml'), ['kp-2024-0305-118', 'https://www.kabarpagi.example/ekonomi/2024/03/04/ekspor-kopi-naik', undefined]);
  });

  test('Atom: the id of each entry, not of the feed', () => {
    assert.deepEqual(ids('atom-en.xml'), ['tag:riverdaletribune.example,2023:4411', 'tag:riverdaletribune.example,2023:4402', 'tag:riverdaletribune.example,2023:4390']);
  });

  test('RSS 1.0 gives none: its items are known by their link', () => {
    assert.deepEqual(ids('rdf-id.rdf'), [undefined, undefined]);
  });

  test('a guid is the link when there is no <link>, unless isPermaLink="false" or it is no http(s) address', () => {
    const xml = `<rss version="2.0"><channel><title>Kabar Pesisir</title>
<item><title>Satu</title><guid>https://kabarpesisir.example.id/satu</guid><description>Teks satu.</description></item>
<item><title>Dua</title><guid isPermaLink="true"> https://kabarpesisir.example.id/dua </guid><description>Teks dua.</description></item>
<item><title>Tiga</title><guid isPermaLink="false">https://kabarpesisir.example.id/tiga</guid><description>Teks tiga.</description></item>
<item><title>Empat</title><guid>4812</guid><description>Teks empat.</description></item>
<item><title>Lima</title><link>https://kabarpesisir.example.id/lima?utm_source=rss</link><guid>https://kabarpesisir.example.id/lima</guid><description>Teks lima.</description></item>
</channel></rss>`;
    const { items, problems } = readFeedItems({ path: 'inline.xml', text: xml }, {});
    assert.deepEqual(problems, []);
    assert.deepEqual(
      items.map((i) => [i.id, i.article.url]),
      [
        ['https://kabarpesisir.example.id/satu', 'https://kabarpesisir.example.id/satu'],
        ['https://kabarpesisir.example.id/dua', 'https://kabarpesisir.example.id/dua'],
        ['https://kabarpesisir.example.id/tiga', undefined],
        ['4812', undefined],
        ['https://kabarpesisir.example.id/lima', 'https://kabarpesisir.example.id/lima?utm_source=rss'],
      ],
    );
  });

  test('readFeed gives the same articles, without identifiers', () => {
    const path = fixture('feeds', 'rss2-id.xml');
    const file = { path, text: readFileSync(path, 'utf8') };
    assert.deepEqual(readFeed(file, {}).articles, readFeedItems(file, {}).items.map((i) => i.article));
    assert.ok(readFeed(file, {}).articles.every((a) => !('id' in a)));
  });
});
