import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignOutlet, outletOf } from '../electron/import/outlet.js';
import type { RawArticle } from '../electron/import/types.js';

test('every subdomain of an outlet is the same outlet, the subdomain its section', () => {
  assert.deepEqual(outletOf('https://news.detik.com/berita/d-7/banjir-bekasi'), { outlet: 'detik.com', section: 'news' });
  assert.deepEqual(outletOf('https://finance.detik.com/berita-ekonomi-bisnis/d-8/harga-emas'), { outlet: 'detik.com', section: 'finance' });
  assert.deepEqual(outletOf('https://www.detik.com/'), { outlet: 'detik.com' });
  assert.deepEqual(outletOf('https://detik.com/'), { outlet: 'detik.com' });
  assert.deepEqual(outletOf('https://sport.detik.com:443/sepakbola?utm_source=x#top'), { outlet: 'detik.com', section: 'sport' });
});

test('labels that only pick the desktop, mobile or AMP rendering are no section', () => {
  for (const host of ['www', 'www2', 'm', 'amp', 'mobile']) {
    assert.deepEqual(outletOf(`https://${host}.kompas.com/read/1`), { outlet: 'kompas.com' }, host);
    assert.deepEqual(outletOf(`https://${host}.nasional.kompas.com/read/1`), { outlet: 'kompas.com', section: 'nasional' }, host);
  }
  assert.deepEqual(outletOf('https://m.news.detik.com/d-7'), { outlet: 'detik.com', section: 'news' });
  // Only leading labels: a section that merely contains one keeps it.
  assert.deepEqual(outletOf('https://live.m.example.co.id/'), { outlet: 'example.co.id', section: 'live.m' });
});

test('the public suffix list decides where the registrable domain starts', () => {
  assert.deepEqual(outletOf('https://www.bbc.co.uk/news/uk-1'), { outlet: 'bbc.co.uk' });
  assert.deepEqual(outletOf('https://feeds.bbc.co.uk/news/rss.xml'), { outlet: 'bbc.co.uk', section: 'feeds' });
  assert.deepEqual(outletOf('https://nasional.tempo.co.id/read/1'), { outlet: 'tempo.co.id', section: 'nasional' });
  assert.deepEqual(outletOf('https://metro.kabarkota.id/a'), { outlet: 'kabarkota.id', section: 'metro' });
});

test('each blog on a shared host is its own outlet (private suffixes count)', () => {
  assert.deepEqual(outletOf('https://kabarkampung.blogspot.com/2024/01/post.html'), { outlet: 'kabarkampung.blogspot.com' });
  assert.deepEqual(outletOf('https://catatanwarga.blogspot.com/'), { outlet: 'catatanwarga.blogspot.com' });
  assert.deepEqual(outletOf('https://redaksi.github.io/arsip/'), { outlet: 'redaksi.github.io' });
});

test('the outlet is lower case; an international name is written in its own script', () => {
  assert.deepEqual(outletOf('HTTPS://News.DETIK.com/X'), { outlet: 'detik.com', section: 'news' });
  assert.deepEqual(outletOf('https://новости.пример.рф/1'), { outlet: 'пример.рф', section: 'новости' });
  assert.deepEqual(outletOf('https://xn--e1afmkfd.xn--p1ai/1'), { outlet: 'пример.рф' });
});

test('an IP address or a host without a registrable domain is its own outlet', () => {
  assert.deepEqual(outletOf('http://192.168.1.20/arsip/berita-1.html'), { outlet: '192.168.1.20' });
  assert.deepEqual(outletOf('http://[::1]:8080/a'), { outlet: '[::1]' });
  assert.deepEqual(outletOf('http://localhost:3000/artikel/1'), { outlet: 'localhost' });
  assert.deepEqual(outletOf('http://intranet/berita/1'), { outlet: 'intranet' });
  assert.deepEqual(outletOf('https://kompas.com./read/1'), { outlet: 'kompas.com' });
});

test('anything that is not an http(s) URL has no outlet', () => {
  for (const url of [
    undefined,
    '',
    '   ',
    'kompas.com',
    'www.kompas.com/read/1',
    '//news.detik.com/berita',
    '/read/2024/01/1',
    'Kabar Kota',
    'ftp://files.kompas.com/a.txt',
    'mailto:redaksi@kompas.com',
    'file:///home/rina/berita.html',
    'https://',
    'http://a..b.com/',
    'https://exa mple.com/',
  ]) {
    assert.equal(outletOf(url), undefined, String(url));
  }
  assert.deepEqual(outletOf('  https://www.kompas.com/read/1  '), { outlet: 'kompas.com' });
});

test('assignOutlet: the URL wins over the stated name; without one the stated name stays', () => {
  const article = (url?: string): RawArticle => ({ title: 'Judul', body: 'Isi.', origin: 'a.txt', ...(url ? { url } : {}) });
  const linked = article('https://finance.detik.com/d-8');
  assignOutlet(linked, 'detikFinance');
  assert.deepEqual([linked.source, linked.section], ['detik.com', 'finance']);
  const unlinked = article();
  assignOutlet(unlinked, 'detikFinance');
  assert.deepEqual(unlinked, { title: 'Judul', body: 'Isi.', origin: 'a.txt', source: 'detikFinance' });
  const relative = article('/d-8');
  assignOutlet(relative, 'detikFinance');
  assert.equal(relative.source, 'detikFinance');
  const nothing = article();
  assignOutlet(nothing, undefined);
  assert.deepEqual(nothing, { title: 'Judul', body: 'Isi.', origin: 'a.txt' });
});
