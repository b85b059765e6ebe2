import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { htmlToParagraphs } from '../electron/import/html-text.js';
import { readHtml } from '../electron/import/readers/html.js';
import { ReadError, type RawArticle } from '../electron/import/types.js';
import { pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

function readFixture(name: string): RawArticle {
  const path = fixture('html', name);
  const result = readHtml({ path, text: readFileSync(path, 'utf8') }, {});
  assert.equal(result.articles.length, 1);
  assert.deepEqual(result.problems, []);
  const [article] = result.articles;
  assert.ok(article);
  assert.equal(article.origin, path);
  return article;
}

function readInline(html: string): RawArticle {
  const [article] = readHtml({ path: 'inline.html', text: html }, {}).articles;
  assert.ok(article);
  return article;
}

const paragraphs = (body: string): string[] => body.split('\n\n');

/** A page body long enough for Readability to score it as an article. */
const STORY =
  '<p>Warga Kupang antre sejak subuh untuk membeli beras murah yang dijual pemerintah provinsi di halaman kantor gubernur, dengan harga Rp 10.500 per kilogram.</p>' +
  '<p>Setiap warga boleh membeli paling banyak sepuluh kilogram dengan menunjukkan kartu tanda penduduk, dan operasi pasar akan berlanjut selama dua pekan.</p>';

describe('readHtml: Indonesian page with Open Graph and JSON-LD @graph', () => {
  const article = readFixture('id-news-graph.html');

  test('takes the title from og:title', () => {
    assert.equal(article.title, 'Pemkot Bandarjaya Tambah 40 Bus Listrik untuk Koridor Baru');
  });

  test('takes metadata from og tags and the NewsArticle inside @graph; the canonical URL names the outlet', () => {
    assert.equal(article.source, 'kabarpagi.example');
    assert.equal(article.section, undefined);
    assert.equal(article.publishedAt, '2024-03-05T14:30:00+07:00');
    assert.equal(article.author, 'Rina Wulandari, Dimas Prasetyo');
    // canonical wins over og:url, which carries tracking parameters
    assert.equal(article.url, 'https://www.kabarpagi.example/ekonomi/2024/03/05/pemkot-bandarjaya-tambah-40-bus-listrik');
  });

  test('keeps the article paragraphs, subheading and quote as separate paragraphs', () => {
    assert.deepEqual(paragraphs(article.body), [
      'BANDARJAYA, KABARPAGI — Pemerintah Kota Bandarjaya menambah 40 unit bus listrik untuk melayani dua koridor baru yang mulai beroperasi pada awal April 2024. Penambahan armada ini menjadi bagian dari target kota untuk memangkas emisi transportasi publik hingga separuhnya pada 2030.',
      'Kepala Dinas Perhubungan Kota Bandarjaya, Hendra Saputra, mengatakan bus-bus tersebut akan melayani rute Terminal Sukamaju–Pasar Induk dan Stasiun Kota–Kampus Timur. "Kami ingin warga punya pilihan yang nyaman, murah, dan tepat waktu," ujarnya, Selasa (5/3/2024).',
      'Menurut Hendra, setiap bus mampu menempuh sekitar 250 kilometer dalam sekali pengisian daya. Pengisian dilakukan pada malam hari di depo Sukamaju yang kini memiliki 24 titik pengisian cepat, sehingga armada siap beroperasi sejak pukul 05.00 WIB.',
      'Tarif dan jam operasional',
      'Tarif untuk kedua koridor baru disamakan dengan koridor lama, yaitu Rp 3.500 sekali jalan. Pelajar dan warga lanjut usia cukup membayar Rp 1.000 dengan menunjukkan kartu identitas.',
      'Kami akan mengevaluasi jumlah penumpang setiap tiga bulan sebelum menambah koridor berikutnya.',
      'Pengamat transportasi dari Universitas Bandarjaya, Lestari Anggraeni, menilai penambahan armada perlu diikuti perbaikan halte dan trotoar agar warga benar-benar beralih dari kendaraan pribadi.',
    ]);
  });

  test('drops menus, ads, the "Baca juga" box, share links, sidebar and footer', () => {
    for (const chrome of ['Baca juga', 'Tarif Bus Listrik Bandarjaya Tetap', 'ADVERTISEMENT', 'Beranda', 'Masuk', 'Bagikan', 'Terpopuler', 'Hak cipta', 'dataLayer', 'Pedoman Media Siber']) {
      assert.ok(!article.body.includes(chrome), `body should not contain "${chrome}"`);
    }
  });
});

describe('readHtml: English page with only <meta> and <time>', () => {
  const article = readFixture('en-meta-only.html');

  test('takes title from <h1>, author from meta, date from <time datetime>', () => {
    assert.equal(article.title, 'Council Approves $12 Million Flood Barrier for Riverside District');
    assert.equal(article.author, 'Sarah Mitchell');
    assert.equal(article.publishedAt, '2023-11-14T09:15:00Z');
    assert.equal(article.url, 'https://www.riverdaletribune.example/news/2023/11/14/council-approves-flood-barrier');
  });

  test('names the outlet by the URL\'s registrable domain, without www', () => {
    assert.equal(article.source, 'riverdaletribune.example');
    assert.equal(article.section, undefined);
  });

  test('reads unclosed <p> and <li> tags as separate paragraphs', () => {
    const paras = paragraphs(article.body);
    assert.ok(paras.includes('The city council voted 7–2 on Monday night to fund a $12 million flood barrier along the Riverside district, three years after the worst flooding the town has recorded.'));
    assert.ok(paras.includes('Opposition over costs'));
    assert.ok(paras.includes('Phase one: levees between Old Mill bridge and Hill Street.'));
    assert.ok(paras.includes('Phase two: removable panels along the waterfront park.'));
    assert.equal(paras.at(-1), 'The council will hold a public meeting on the design on December 5.');
  });

  test('leaves out navigation, newsletter box and footer', () => {
    for (const chrome of ['Subscribe', 'Sign in', 'Opinion', 'Get the morning briefing', 'Copyright', 'Privacy']) {
      assert.ok(!article.body.includes(chrome), `body should not contain "${chrome}"`);
    }
  });
});

describe('readHtml: page with broken JSON-LD', () => {
  const article = readFixture('broken-jsonld.html');

  test('still reads the page and ignores the broken JSON-LD', () => {
    assert.notEqual(article.title, 'Judul dari JSON-LD yang rusak');
    assert.equal(article.author, 'Ahmad Fauzi');
    assert.equal(article.publishedAt, '2024-02-18T07:45:00');
  });

  test('strips the " | Site" suffix from <title> when it is the site name (application-name)', () => {
    assert.equal(article.title, 'Banjir Rendam 300 Rumah di Kecamatan Sukamaju');
  });

  test('takes the url, and so the outlet, from og:url', () => {
    assert.equal(article.url, 'https://suaralembah.example/read/2024/02/18/banjir-rendam-300-rumah');
    assert.equal(article.source, 'suaralembah.example');
  });

  test('splits paragraphs separated by <br><br>', () => {
    const paras = paragraphs(article.body);
    assert.equal(paras.length, 4);
    assert.equal(paras[1], 'Ketinggian air di beberapa titik mencapai satu meter. Warga mengungsi ke balai desa dan masjid terdekat sambil menunggu air surut.');
    assert.ok(!article.body.includes('Video'));
  });
});

describe('readHtml: JSON-LD shapes', () => {
  const page = (url?: string): string => {
    const ld = JSON.stringify([
      { '@type': 'Organization', '@id': '#org', name: 'Warta Timur' },
      {
        '@type': ['ReportageNewsArticle', 'Article'],
        headline: 'Operasi Pasar Beras Murah Digelar di Kupang',
        datePublished: '2024-01-09T10:00:00+08:00',
        author: 'Yohanes Bere',
        publisher: { '@id': '#org' },
        ...(url ? { url } : {}),
      },
    ]);
    return `<!DOCTYPE html><html><head><title>Beranda</title><script type="application/ld+json">${ld}</script></head><body><article>${STORY}</article></body></html>`;
  };

  test('reads a top-level array, a type array, a string author and the url', () => {
    const article = readInline(page('https://wartatimur.example/berita/operasi-pasar-beras'));
    assert.equal(article.title, 'Operasi Pasar Beras Murah Digelar di Kupang');
    assert.equal(article.source, 'wartatimur.example');
    assert.equal(article.author, 'Yohanes Bere');
    assert.equal(article.publishedAt, '2024-01-09T10:00:00+08:00');
    assert.equal(article.url, 'https://wartatimur.example/berita/operasi-pasar-beras');
  });

  test('without a URL, the outlet is a publisher given by @id', () => {
    assert.equal(readInline(page()).source, 'Warta Timur');
  });

  test('reads a BlogPosting with an author object and ignores non-article nodes', () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebPage', name: 'Halaman', author: { name: 'Bukan Penulis' } },
        { '@type': 'BlogPosting', headline: 'Catatan dari Pasar', author: { '@type': 'Person', name: 'Maria Lende' }, publisher: { '@type': 'Organization', name: 'Blog Timur' } },
      ],
    });
    const article = readInline(`<html><head><script type="application/ld+json">${ld}</script></head><body>${STORY}</body></html>`);
    assert.equal(article.author, 'Maria Lende');
    assert.equal(article.source, 'Blog Timur');
  });
});

describe('readHtml: outlets', () => {
  const head = (meta: string): string => `<!DOCTYPE html><html><head>${meta}<title>Harga Emas Antam Naik Rp5.000 - detikFinance</title></head><body><article>${STORY}</article></body></html>`;

  test('the canonical URL names the outlet and its subdomain the section; the site name still strips the title suffix', () => {
    const article = readInline(head('<meta property="og:site_name" content="detikFinance"><link rel="canonical" href="https://finance.detik.com/berita-ekonomi-bisnis/d-7/harga-emas">'));
    assert.deepEqual([article.source, article.section], ['detik.com', 'finance']);
    assert.equal(article.title, 'Harga Emas Antam Naik Rp5.000');
  });

  test('www and m are no section: the desktop and mobile page are the same outlet', () => {
    for (const host of ['www.detik.com', 'm.detik.com']) {
      const article = readInline(head(`<meta property="og:url" content="https://${host}/d-7/harga-emas">`));
      assert.deepEqual([article.source, article.section], ['detik.com', undefined], host);
    }
  });

  test('without a URL the outlet is og:site_name, else application-name', () => {
    const named = readInline(head('<meta property="og:site_name" content="detikFinance">'));
    assert.deepEqual([named.source, named.section], ['detikFinance', undefined]);
    assert.equal(readInline(head('<meta name="application-name" content="detikcom">')).source, 'detikcom');
    assert.equal(readInline(head('')).source, undefined);
  });
});

describe('readHtml: titles', () => {
  test('keeps a title suffix that is not the site name', () => {
    const article = readInline(`<html><head><meta property="og:site_name" content="Kabar Pagi"><title>Gubernur: Harga Beras Turun - Analisis</title></head><body>${STORY}</body></html>`);
    assert.equal(article.title, 'Gubernur: Harga Beras Turun - Analisis');
  });

  test('skips an <h1> that only holds the site name', () => {
    const article = readInline(`<html><head><meta property="og:site_name" content="Kabar Pagi"><title>Kabar Pagi</title></head><body><header><h1><a href="/">Kabar Pagi</a></h1></header><article><h1>Operasi Pasar Beras Murah Digelar</h1>${STORY}</article></body></html>`);
    assert.equal(article.title, 'Operasi Pasar Beras Murah Digelar');
  });

  test('prefers og:title over <h1> and <title>', () => {
    const article = readInline(`<html><head><meta property="og:title" content="Judul OG"><title>Judul Title</title></head><body><h1>Judul H1</h1>${STORY}</body></html>`);
    assert.equal(article.title, 'Judul OG');
  });
});

describe('readHtml: errors', () => {
  test('rejects a page with no text in it', () => {
    const path = fixture('html', 'no-text.html');
    assert.throws(() => readHtml({ path, text: readFileSync(path, 'utf8') }, {}), (e: unknown) => e instanceof ReadError && e.message === 'no article text found');
  });

  test('rejects a file that is not HTML', () => {
    assert.throws(
      () => readHtml({ path: 'data.json', text: '{"title": "Harga beras", "body": "<p>turun</p>"}' }, {}),
      (e: unknown) => e instanceof ReadError && /^not an HTML document/.test(e.message),
    );
  });

  test('reads a bare HTML fragment', () => {
    const article = readInline('<p>Pasar malam di alun-alun &amp; lapangan kota dibuka lagi mulai Jumat.</p><p>Pedagang menyambutnya.</p>');
    assert.equal(article.body, 'Pasar malam di alun-alun & lapangan kota dibuka lagi mulai Jumat.\n\nPedagang menyambutnya.');
  });
});

describe('readHtml: a portal page without an article', () => {
  const path = fixture('html', 'nav-only.html');
  const shell = readFileSync(path, 'utf8');
  const rejectsPage = (text: string): void => {
    assert.throws(() => readHtml({ path, text }, {}), (e: unknown) => e instanceof ReadError && e.message === 'no article text found');
  };

  test('menus, banner, footer and scripts alone are no article', () => {
    rejectsPage(shell);
  });

  test('nor are link lists and a copyright line in plain <div>s', () => {
    const menu = ['Home', 'News', 'Nasional', 'Ekonomi', 'Olahraga'].map((m) => `<a href="/${m.toLowerCase()}">${m}</a>`).join(' | ');
    rejectsPage(`<!DOCTYPE html><html><head><title>Home | News Portal</title></head><body><div class="menu">${menu}</div><div class="headlines"><div><a href="/a">Harga beras turun di Pasar Induk Cipinang pekan ini</a></div><div><a href="/b">Council delays vote on new bus lanes until spring</a></div></div><div class="copyright">Copyright 2024 News Portal. All rights reserved.</div></body></html>`);
  });

  const brief =
    'Gempa bermagnitudo 5,1 mengguncang Kabupaten Sukabumi, Jawa Barat, pada Minggu dini hari. BMKG menyatakan gempa tidak berpotensi tsunami. Warga sempat keluar rumah, namun belum ada laporan kerusakan.';
  const briefPage = shell.replace('<div class="ad-slot"', `<article><h1>Gempa guncang Sukabumi</h1><p>${brief}</p></article><div class="ad-slot"`);

  test('the same shell around a one-paragraph news brief is an article, without the chrome', () => {
    const { articles, problems } = readHtml({ path, text: briefPage }, {});
    assert.deepEqual(problems, []);
    assert.equal(articles.length, 1);
    assert.equal(articles[0]?.title, 'Gempa guncang Sukabumi');
    assert.equal(articles[0]?.body, brief);
  });

  test('a brief in a script written without spaces is an article too', () => {
    const page = shell.replace('<div class="ad-slot"', '<article><p>雅加达北部沿海地区周一早上发生海水倒灌，数百户居民被迫撤离。</p></article><div class="ad-slot"');
    assert.equal(readHtml({ path, text: page }, {}).articles[0]?.body, '雅加达北部沿海地区周一早上发生海水倒灌，数百户居民被迫撤离。');
  });

  test('importing both with the CLI: the shell fails with its reason, the brief is archived', async (t) => {
    const dir = tempDir(t);
    const inbox = join(dir, 'inbox');
    const navOnly = join(inbox, 'nav-only.html');
    mkdirSync(inbox);
    writeFileSync(navOnly, shell);
    writeFileSync(join(inbox, 'gempa.html'), briefPage);
    const run = await pantauJson<{ imported: number; failed: number; errors: { path: string; reason: string }[] }>(['import', inbox, '--db', join(dir, 'a.db')]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.json.imported, 1);
    assert.deepEqual(run.json.errors, [{ path: navOnly, reason: 'no article text found' }]);
  });
});

describe('htmlToParagraphs', () => {
  test('puts each block element in its own paragraph and inline elements in the text', () => {
    assert.equal(
      htmlToParagraphs('<h2>Judul kecil</h2><p>Satu <b>dua</b> <a href="#">tiga</a>.</p><ul><li>empat</li><li>lima</li></ul><blockquote>enam</blockquote>'),
      'Judul kecil\n\nSatu dua tiga.\n\nempat\n\nlima\n\nenam',
    );
  });

  test('collapses whitespace inside a paragraph and decodes entities', () => {
    assert.equal(htmlToParagraphs('<p>  Harga&nbsp;naik\n   5 &percnt; &amp; stok &lt;aman&gt; &#8211; kata&#x20;dia </p>'), 'Harga naik 5 % & stok <aman> – kata dia');
  });

  test('breaks paragraphs at <br> and skips scripts and styles', () => {
    assert.equal(htmlToParagraphs('satu<br><br>dua<script>track()</script><style>p{}</style><br>tiga'), 'satu\n\ndua\n\ntiga');
  });

  test('keeps blank-line paragraphs of plain text', () => {
    assert.equal(htmlToParagraphs('Paragraf satu\nmasih satu.\n\nParagraf dua &amp; akhir.'), 'Paragraf satu masih satu.\n\nParagraf dua & akhir.');
  });

  test('keeps table cells apart', () => {
    assert.equal(htmlToParagraphs('<table><tr><td>Jakarta</td><td>12</td></tr><tr><td>Bandung</td><td>7</td></tr></table>'), 'Jakarta 12\n\nBandung 7');
  });
});
