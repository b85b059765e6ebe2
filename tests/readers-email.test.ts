import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { Archive, type RunCounts } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { type Prepared, type PrepareOptions, prepareFile } from '../electron/import/prepare.js';
import { alertServiceOf, unwrapRedirect } from '../electron/import/readers/alerts.js';
import { readEmail } from '../electron/import/readers/email.js';
import { type MboxMessage, mboxMessages, readMbox } from '../electron/import/readers/mbox.js';
import { DEFAULT_IMPORT_OPTIONS, runImport } from '../electron/import/run.js';
import { sniffFormat } from '../electron/import/sniff.js';
import { ReadError, type RawArticle, type ReadResult } from '../electron/import/types.js';
import { pantauJson } from './cli-run.js';
import { FUZZ_ITERATIONS, FUZZ_SEED, mutate, random, randomBytes, truncate } from './fuzz-inputs.js';
import { importInChild, NOT_CLEAN as NOT_CLEAN_IMPORT } from './fuzz-import.js';
import { fixture, repoRoot, tempDir } from './helpers.js';

/*
 * E-mail: single messages (.eml) and mailboxes (.mbox), newsletters and alerts, read from fixtures
 * written by hand in the shape real ones have (tests/fixtures/email). Expected values are read off
 * the fixtures, never taken from the program's output.
 */

async function read(name: string): Promise<{ path: string; result: ReadResult; articles: RawArticle[] }> {
  const path = fixture('email', name);
  const reader = name.endsWith('.mbox') ? readMbox : readEmail;
  const result = await reader({ path, bytes: readFileSync(path) }, {});
  return { path, result, articles: result.articles };
}

const eml = (text: string): Buffer => Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
const readInline = (bytes: Buffer, path = 'inline.eml'): Promise<ReadResult> => readEmail({ path, bytes }, {});

async function rejectsWith(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof ReadError, `expected a ReadError, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

const paragraphs = (body: string): string[] => body.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);

describe('readEmail: newsletters', () => {
  test('Indonesian, plain text in quoted-printable UTF-8, subject in a Base64 encoded word', async () => {
    const { path, result, articles } = await read('newsletter-id.eml');
    assert.deepEqual(result.problems, []);
    assert.equal(articles.length, 1);
    const [a] = articles;
    assert.equal(a!.title, 'Harga cabai turun, warga Bandarjaya lega – Buletin 5 Maret');
    assert.deepEqual(paragraphs(a!.body), [
      'Selamat pagi, pembaca Kabar Pagi.',
      'Harga cabai rawit di Pasar Induk Bandarjaya turun menjadi Rp 45.000 per kilogram, dari Rp 70.000 sepekan lalu. Pedagang menyebut pasokan dari sentra produksi di lereng gunung kembali lancar setelah cuaca membaik.',
      '“Sekarang pembeli kembali ramai,” kata Siti Rahmawati, pedagang cabai yang sudah berjualan dua puluh tahun di pasar itu.',
      'Dinas Perdagangan memperkirakan harga tetap stabil hingga pekan pertama Ramadan — kabar baik bagi warung makan di seluruh kota.',
    ]);
    // buletin@news.kabarpagi.example: the registrable domain, as the outlet's web pages have it.
    assert.equal(a!.source, 'kabarpagi.example');
    assert.equal(a!.section, undefined);
    assert.equal(a!.url, undefined);
    assert.equal(a!.author, undefined);
    // "+0700 (WIB)": the comment is no part of the date.
    assert.equal(a!.publishedAt, '2024-03-05T07:15:00+07:00');
    assert.equal(a!.externalId, '<20240305071500.buletin-1842@kabarpagi.example>');
    assert.equal(a!.origin, path);
  });

  test('Indonesian, HTML only (Base64, beside an attachment) cleaned as a web page is', async () => {
    const { result, articles } = await read('newsletter-id-html.eml');
    assert.deepEqual(result.problems, []);
    assert.equal(articles.length, 1);
    const [a] = articles;
    assert.equal(a!.title, 'Kereta cepat tambah jadwal akhir pekan – Buletin 6 Maret');
    // No "Lihat di peramban", no unsubscribe footer, no <title> or <style>, no attachment.
    assert.deepEqual(paragraphs(a!.body), [
      'Operator kereta cepat Jakarta–Bandung menambah enam perjalanan setiap Sabtu dan Minggu mulai bulan depan, seiring lonjakan penumpang selama libur sekolah.',
      'Tiket perjalanan tambahan sudah bisa dipesan melalui aplikasi sejak Rabu pagi, dengan harga yang sama seperti jadwal reguler.',
      'Menurut data operator, rata-rata okupansi pada akhir pekan mencapai 92 persen sepanjang Februari.',
    ]);
    assert.equal(a!.source, 'kabarpagi.example');
    assert.equal(a!.publishedAt, '2024-03-06T06:00:00+07:00');
    assert.equal(a!.externalId, '<20240306060000.buletin-1843@kabarpagi.example>');
  });

  test('English, ISO-8859-1 quoted-printable, the text part over the HTML one, the Organization header as outlet', async () => {
    const { result, articles } = await read('newsletter-en.eml');
    assert.deepEqual(result.problems, []);
    const [a] = articles;
    assert.equal(a!.title, 'Harbour cafés reopen after the storm');
    assert.deepEqual(paragraphs(a!.body), [
      'Good evening from the Port Herald.',
      'The harbour cafés on Quay Street reopened on Thursday, three weeks after the storm flooded their kitchens. Owners said the insurers paid out faster than they had feared.',
      '"We lost the whole winter menu," said Renée Dubois, who runs the Anchor café. "But the regulars came back the first morning."',
      'The council will decide next month whether to raise the sea wall by half a metre, at a cost of £4 million.',
    ]);
    assert.equal(a!.source, 'Port Herald Media');
    assert.equal(a!.publishedAt, '2024-03-07T18:30:00+00:00');
    assert.equal(a!.externalId, '<evening-briefing-2024-03-07@portherald.example>');
  });

  test('a sender on a shared mail service is named by its display name; a message without a sender has no outlet', async () => {
    const shared = await readInline(eml('From: Catatan Ekonomi <catatanekonomi@substack.com>\nSubject: Inflasi Februari\nDate: Fri, 1 Mar 2024 08:00:00 +0700\nMIME-Version: 1.0\n\nInflasi Februari tercatat 2,75 persen secara tahunan menurut Badan Pusat Statistik.\n'));
    assert.equal(shared.articles[0]!.source, 'Catatan Ekonomi');
    const gmail = await readInline(eml('From: reporter.lepas@gmail.com\nSubject: Catatan\nMIME-Version: 1.0\n\nCatatan liputan dari lapangan tentang banjir di pesisir utara.\n'));
    assert.equal(gmail.articles[0]!.source, 'gmail.com');
    const none = await readInline(eml('Subject: Tanpa pengirim\nMIME-Version: 1.0\n\nPesan tanpa pengirim tetap dibaca sebagai satu artikel.\n'));
    assert.equal(none.articles[0]!.source, undefined);
    assert.equal(none.articles[0]!.externalId, undefined);
  });

  test('an unreadable Date header is a warning and the article is undated, not dated today', async () => {
    const r = await readInline(eml('From: a@kabarpagi.example\nSubject: Tanggal rusak\nDate: kemarin sore\nMessage-ID: <x1@kabarpagi.example>\n\nBadan pesan dengan tanggal yang tidak bisa dibaca.\n'));
    assert.deepEqual(r.problems, [{ path: 'inline.eml', reason: 'unreadable date "kemarin sore"; imported without a date', warning: true }]);
    assert.equal(r.articles[0]!.publishedAt, undefined);
  });

  test('a message saved out of a mailbox keeps working with its "From " line on top', async () => {
    const r = await readInline(eml('From a@kabarpagi.example Tue Mar  5 07:15:00 2024\nFrom: a@kabarpagi.example\nSubject: Dengan baris From\n\nIsi pesan yang disimpan dari kotak surat.\n'));
    assert.equal(r.articles[0]!.title, 'Dengan baris From');
    await rejectsWith(readInline(Buffer.from('From a@kabarpagi.example Tue Mar  5 07:15:00 2024')), 'not an e-mail message (no header at the top)');
  });
});

describe('readEmail: alerts become one stub per item', () => {
  test('Google Alerts in Indonesian: headline, snippet, unwrapped URL and its outlet, the alert\'s date and id', async () => {
    const { path, result, articles } = await read('google-alert-id.eml');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(articles.map((a) => a.origin), [`${path}#1`, `${path}#2`, `${path}#3`]);
    assert.deepEqual(articles.map((a) => a.title), [
      'Banjir Rendam Kampung Melayu, Ratusan Warga Mengungsi',
      'BPBD DKI Catat 23 RT Tergenang Usai Hujan Deras',
      'Pompa Air Dikerahkan untuk Surutkan Banjir di Jakarta Timur',
    ]);
    assert.deepEqual(articles.map((a) => a.url), [
      'https://news.detik.com/berita/d-7225011/banjir-rendam-kampung-melayu-ratusan-warga-mengungsi',
      'https://megapolitan.kompas.com/read/2024/03/05/09150021/bpbd-dki-catat-23-rt-tergenang',
      // Percent-encoded inside the redirect, decoded once.
      'https://metro.tempo.co/read/1842233/pompa-air-di-jakarta-timur-dikerahkan?utm_source=google',
    ]);
    assert.deepEqual(articles.map((a) => [a.source, a.section]), [['detik.com', 'news'], ['kompas.com', 'megapolitan'], ['tempo.co', 'metro']]);
    assert.equal(
      articles[0]!.body,
      'Hujan deras sejak Minggu malam membuat Kali Ciliwung meluap dan merendam ratusan rumah di Kampung Melayu, Jakarta Timur. Warga mengungsi ke masjid terdekat ...',
    );
    assert.ok(articles.every((a) => a.publishedAt === '2024-03-05T00:31:09-08:00'));
    assert.deepEqual(articles.map((a) => a.externalId), [1, 2, 3].map((n) => `<000000000000a1b2c3d4e5f60718@google.com>#${n}`));
    // Nothing of the alert's own text (the query, "Tandai sebagai tidak relevan", the footer) is in a stub.
    assert.ok(articles.every((a) => !/Tandai|Google Alerts|berlangganan|BERITA/.test(a.body + a.title)));
  });

  test('Google Alerts in English, HTML in Base64: outlets by the public suffix list', async () => {
    const { path, articles } = await read('google-alert-en.eml');
    assert.deepEqual(articles.map((a) => [a.origin, a.title, a.url, a.source]), [
      [`${path}#1`, 'Indonesia rice prices hit record as harvest is delayed', 'https://www.reuters.com/world/asia-pacific/indonesia-rice-prices-hit-record-2024-03-04/', 'reuters.com'],
      [`${path}#2`, 'Why are rice prices rising across Asia?', 'https://www.bbc.co.uk/news/world-asia-68470012', 'bbc.co.uk'],
    ]);
    assert.equal(articles[0]!.body, "Indonesia's rice prices rose to a record this week as the main harvest was delayed by heavy rain, traders said, prompting the government to release stocks ...");
    assert.equal(articles[1]!.publishedAt, '2024-03-04T14:02:11-08:00');
  });

  test('Talkwalker Alerts: click-tracking links unwrapped, the meta line is not the snippet', async () => {
    const { path, articles } = await read('talkwalker-alert.eml');
    assert.deepEqual(articles.map((a) => [a.origin, a.title, a.url, a.source]), [
      [`${path}#1`, 'Bulog releases rice stocks to cool prices', 'https://www.thejakartapost.com/business/2024/03/06/bulog-releases-rice-stocks-to-cool-prices.html', 'thejakartapost.com'],
      [`${path}#2`, 'Pemerintah salurkan beras SPHP ke pasar tradisional', 'https://www.antaranews.com/berita/4001234/pemerintah-salurkan-beras-spmh-ke-pasar', 'antaranews.com'],
    ]);
    assert.deepEqual(articles.map((a) => a.body), [
      'State logistics agency Bulog will release 200,000 tonnes of rice from its reserves this month to bring down prices in traditional markets.',
      'Pemerintah menyalurkan beras program Stabilisasi Pasokan dan Harga Pangan ke ratusan pasar tradisional untuk menahan kenaikan harga menjelang Ramadan.',
    ]);
    assert.deepEqual(articles.map((a) => a.externalId), ['<alert-7Q2KX1-20240306@talkwalker.com>#1', '<alert-7Q2KX1-20240306@talkwalker.com>#2']);
  });

  test('an alert service\'s message without items (a confirmation) is read as one article', async () => {
    const r = await readInline(eml('From: Google Alerts <googlealerts-noreply@google.com>\nSubject: Konfirmasi Google Alert\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<html><body><p>Konfirmasikan peringatan Google Anda untuk kata kunci banjir jakarta agar mulai menerima email.</p><a href="https://www.google.com/alerts/verify?s=1">Konfirmasi peringatan</a></body></html>\n'));
    assert.equal(r.articles.length, 1);
    assert.equal(r.articles[0]!.title, 'Konfirmasi Google Alert');
    assert.equal(r.articles[0]!.url, undefined);
  });

  test('the same HTML from an ordinary sender is a newsletter, not an alert', async () => {
    const bytes = readFileSync(fixture('email', 'google-alert-en.eml')).toString('latin1').replace('googlealerts-noreply@google.com', 'digest@portherald.example');
    const r = await readInline(Buffer.from(bytes, 'latin1'));
    assert.equal(r.articles.length, 1);
    assert.equal(r.articles[0]!.title, 'Google Alert - rice prices');
  });

  test('redirects are unwrapped from their query, never fetched', () => {
    assert.equal(unwrapRedirect('https://www.google.com/url?rct=j&sa=t&url=https://www.reuters.com/a&ct=ga&usg=x'), 'https://www.reuters.com/a');
    assert.equal(unwrapRedirect('https://www.google.com/url?q=https%3A%2F%2Fnews.detik.com%2Fb%3Fx%3D1&sa=D'), 'https://news.detik.com/b?x=1');
    // A share link around Google's redirect.
    const google = encodeURIComponent('https://www.google.com/url?rct=j&url=https%3A%2F%2Ftempo.co%2Fc&ct=ga');
    assert.equal(unwrapRedirect(`https://www.facebook.com/sharer/sharer.php?u=${google}`), 'https://tempo.co/c');
    assert.equal(unwrapRedirect('https://alerts.talkwalker.com/alerts/click?url=https%3A%2F%2Fwww.antaranews.com%2Fberita%2F1&sig=1'), 'https://www.antaranews.com/berita/1');
    // Nothing to unwrap: a plain link, a query that is no URL, a target that is not http(s).
    assert.equal(unwrapRedirect('https://www.kompas.com/read/1'), 'https://www.kompas.com/read/1');
    assert.equal(unwrapRedirect('https://www.google.com/search?q=banjir+jakarta'), 'https://www.google.com/search?q=banjir+jakarta');
    assert.equal(unwrapRedirect('https://t.example/r?url=javascript:alert(1)'), 'https://t.example/r?url=javascript:alert(1)');
    assert.equal(unwrapRedirect('not a url'), 'not a url');
  });

  test('alert services are known by their sender address', () => {
    assert.equal(alertServiceOf('googlealerts-noreply@google.com')?.name, 'Google Alerts');
    assert.equal(alertServiceOf('alerts@talkwalker.com')?.name, 'Talkwalker Alerts');
    assert.equal(alertServiceOf('noreply@mail.talkwalker.com')?.name, 'Talkwalker Alerts');
    assert.equal(alertServiceOf('someone@google.com'), undefined);
    assert.equal(alertServiceOf('alerts@talkwalker.com.evil.example'), undefined);
    assert.equal(alertServiceOf(undefined), undefined);
  });
});

describe('readMbox', () => {
  test('reads every message, numbers alert items within their message, and reports the broken one by position', async () => {
    const { path, result, articles } = await read('mailbox.mbox');
    assert.deepEqual(articles.map((a) => a.origin), [`${path}#1`, `${path}#2/1`, `${path}#2/2`, `${path}#4`]);
    assert.deepEqual(result.problems, [{ path: `${path}#3`, reason: 'not an e-mail message (no header at the top)' }]);
    assert.deepEqual(articles.map((a) => a.title), [
      'Night ferry leaves an hour earlier from Monday',
      'Harga Beras Premium Tembus Rp18 Ribu per Kilogram',
      'Bulog Gelontorkan Beras SPHP ke Pasar Induk Cipinang',
      // Two encoded words across a folded line.
      'Taman baca baru di Sukamaju dibuka',
    ]);
    assert.deepEqual(articles.map((a) => a.source), ['portherald.example', 'cnnindonesia.com', 'bisnis.com', 'kabarpagi.example']);
    assert.deepEqual(articles.map((a) => a.publishedAt), ['2024-03-08T06:00:00Z', '2024-03-08T01:10:00+00:00', '2024-03-08T01:10:00+00:00', '2024-03-09T07:00:00+07:00']);
    assert.deepEqual(articles.map((a) => a.externalId), [
      '<morning-briefing-2024-03-08@portherald.example>',
      '<0000000000009988776655443322@google.com>#1',
      '<0000000000009988776655443322@google.com>#2',
      '<20240309070000.buletin-1846@kabarpagi.example>',
    ]);
  });

  test('takes one ">" off escaped "From " lines (mboxrd)', async () => {
    const { articles } = await read('mailbox.mbox');
    const lines = articles[0]!.body.split('\n');
    assert.ok(lines.includes('From Jakarta to Surabaya the night ferry now leaves an hour earlier, at'), articles[0]!.body);
    assert.ok(lines.includes('>From the harbour master: ">From" lines in old mailboxes are escaped.'), articles[0]!.body);
  });

  test('a Base64 body in a mailbox', async () => {
    const { articles } = await read('mailbox.mbox');
    assert.deepEqual(paragraphs(articles[3]!.body), [
      'Selamat pagi.',
      'Pemerintah kota meresmikan taman baca di Kelurahan Sukamaju pada Kamis sore. Taman itu menyediakan dua ribu buku anak dan buka setiap hari.',
      'Relawan mengajak warga menyumbangkan buku bekas yang masih layak baca.',
    ]);
  });

  test('a "From " line without a date inside a body does not split the message', async () => {
    const box = Buffer.from('From a@kabarpagi.example Tue Mar  5 07:15:00 2024\nFrom: a@kabarpagi.example\nSubject: Satu pesan\n\nBaris pertama.\nFrom Bandung kami melaporkan.\nBaris terakhir.\n');
    const r = await readMbox({ path: 'x.mbox', bytes: box }, {});
    assert.equal(r.articles.length, 1);
    assert.match(r.articles[0]!.body, /From Bandung kami melaporkan\./);
  });

  test('CRLF mailboxes and empty messages', async () => {
    const box = Buffer.from('From a@b.example Tue Mar  5 07:15:00 2024\r\nFrom b@b.example Tue Mar  5 07:16:00 2024\r\nFrom: b@kabarpagi.example\r\nSubject: Kedua\r\n\r\nPesan kedua dalam kotak surat CRLF.\r\n');
    const r = await readMbox({ path: 'x.mbox', bytes: box }, {});
    assert.deepEqual(r.problems, [{ path: 'x.mbox#1', reason: 'not an e-mail message (no header at the top)' }]);
    assert.deepEqual(r.articles.map((a) => [a.origin, a.title]), [['x.mbox#2', 'Kedua']]);
  });

  test('a file that is no mailbox fails as a whole', async () => {
    await rejectsWith(readMbox({ path: 'x.mbox', bytes: Buffer.from('Subject: no separator\n\nbody\n') }, {}), 'not an mbox mailbox (no "From " line at the top)');
    await rejectsWith(readMbox({ path: 'x.mbox', bytes: Buffer.alloc(0) }, {}), 'not an mbox mailbox (no "From " line at the top)');
  });
});

/*
 * Mailboxes are read as they stream: cut into messages piece by piece, handed over in chunks.
 * The mailboxes here are generated from known messages, so what each message must become is
 * known without reading it back through the program.
 */

/** The n-th message of a generated mailbox, without its "From " line, with the line ends given. */
function boxMessage(n: number, eol = '\n', body = ''): string {
  return [
    'From: Kabar Pagi <buletin@news.kabarpagi.example>',
    `Subject: Buletin nomor ${n}`,
    'Date: Tue, 5 Mar 2024 07:15:00 +0700',
    `Message-ID: <buletin-${n}@kabarpagi.example>`,
    '',
    `Harga beras di pasar induk nomor ${n} naik karena pasokan dari daerah berkurang, kata pedagang.`,
    `>From Jakarta ke Surabaya, kapal malam nomor ${n} kini berangkat satu jam lebih awal.`,
    ...(body ? [body] : []),
    '',
  ].join(eol);
}

const separator = (n: number, eol = '\n'): string => `From buletin@news.kabarpagi.example Tue Mar  5 07:${String(n % 60).padStart(2, '0')}:00 2024${eol}`;

/** A mailbox of the given messages (by number), each with its separator. */
const mailbox = (messages: string[], eol = '\n'): Buffer => Buffer.from(messages.map((m, i) => separator(i + 1, eol) + m).join(''));

const MAILBOX_OPTIONS: PrepareOptions = { ...DEFAULT_IMPORT_OPTIONS, chunkSize: 10 };

/** Every chunk prepareFile yields for the file. */
async function chunksOf(path: string, options: Partial<PrepareOptions> = {}, mailboxReadBytes?: number, mailboxChunkBytes?: number): Promise<Prepared[]> {
  const chunks: Prepared[] = [];
  const internals = { ...(mailboxReadBytes ? { mailboxReadBytes } : {}), ...(mailboxChunkBytes ? { mailboxChunkBytes } : {}) };
  for await (const chunk of prepareFile(path, statSync(path).size, { ...MAILBOX_OPTIONS, ...options }, internals)) chunks.push(chunk);
  return chunks;
}

const all = (chunks: Prepared[]): Prepared => ({
  articles: chunks.flatMap((c) => c.articles),
  errors: chunks.flatMap((c) => c.errors),
  warnings: chunks.flatMap((c) => c.warnings),
});

async function collect(messages: AsyncIterable<MboxMessage>): Promise<(string | { error: string })[]> {
  const out: (string | { error: string })[] = [];
  for await (const m of messages) out.push('error' in m ? { error: m.error } : m.bytes.toString('latin1'));
  return out;
}

describe('mailboxes read as they stream', () => {
  test('a mailbox of many messages arrives in several chunks of at most the chunk size, every message once and in order', async (t) => {
    const path = join(tempDir(t), 'besar.mbox');
    const count = 95;
    writeFileSync(path, mailbox(Array.from({ length: count }, (_, i) => boxMessage(i + 1))));
    const chunks = await chunksOf(path);
    assert.ok(chunks.length > 1, `${chunks.length} chunk(s)`);
    assert.deepEqual(chunks.map((c) => c.articles.length), [10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
    const { articles, errors, warnings } = all(chunks);
    assert.deepEqual([errors, warnings], [[], []]);
    assert.deepEqual(articles.map((a) => a.origin), Array.from({ length: count }, (_, i) => `${path}#${i + 1}`));
    assert.deepEqual(articles.map((a) => a.title), Array.from({ length: count }, (_, i) => `Buletin nomor ${i + 1}`));
    assert.deepEqual(articles.map((a) => a.externalId), Array.from({ length: count }, (_, i) => `<buletin-${i + 1}@kabarpagi.example>`));
    // mboxrd: the escaped body line has its ">" back off.
    assert.match(articles[41]!.body, /^From Jakarta ke Surabaya, kapal malam nomor 42 /m);
  });

  test('a chunk is handed over after so many bytes of mailbox, however few articles it holds', async (t) => {
    const path = join(tempDir(t), 'lampiran.mbox');
    const messages = Array.from({ length: 5 }, (_, i) => boxMessage(i + 1));
    // Each message with its separator is between a half and the whole of the chunk's bytes: two make a chunk.
    assert.ok(messages.every((m, i) => Buffer.byteLength(separator(i + 1) + m) < 500 && Buffer.byteLength(m) >= 250));
    writeFileSync(path, mailbox(messages));
    const chunks = await chunksOf(path, { chunkSize: 100 }, undefined, 500);
    assert.deepEqual(chunks.map((c) => c.articles.map((a) => a.title)), [['Buletin nomor 1', 'Buletin nomor 2'], ['Buletin nomor 3', 'Buletin nomor 4'], ['Buletin nomor 5']]);
  });

  test('the file-size limit bounds each message, not the mailbox', async (t) => {
    const path = join(tempDir(t), 'kotak.mbox');
    writeFileSync(path, mailbox(Array.from({ length: 60 }, (_, i) => boxMessage(i + 1))));
    const limit = 2048;
    assert.ok(statSync(path).size > 10 * limit);
    const { articles, errors } = all(await chunksOf(path, { maxFileBytes: limit }));
    assert.deepEqual(errors, []);
    assert.equal(articles.length, 60);
  });

  test('a "From " line cut by the end of a read piece, at every place, cuts the mailbox the same', async () => {
    const messages = [boxMessage(1), boxMessage(2, '\n', 'From Bandung kami melaporkan tanpa tanggal.'), boxMessage(3), ''];
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), mailbox(messages)]);
    const expected = messages.map((m) => m);
    for (let at = 0; at <= bytes.length; at++) {
      assert.deepEqual(await collect(mboxMessages([bytes.subarray(0, at), bytes.subarray(at)], Infinity)), expected, `cut at ${at}`);
    }
    const bytewise = Array.from(bytes, (b) => Buffer.from([b]));
    assert.deepEqual(await collect(mboxMessages(bytewise, Infinity)), expected);
    const crlf = [boxMessage(1, '\r\n'), boxMessage(2, '\r\n')];
    const crlfBytes = mailbox(crlf, '\r\n');
    for (let at = 0; at <= crlfBytes.length; at++) {
      assert.deepEqual(await collect(mboxMessages([crlfBytes.subarray(0, at), crlfBytes.subarray(at)], Infinity)), crlf, `CRLF cut at ${at}`);
    }
  });

  test('a file read in pieces of a few bytes gives the same articles as one read whole', async (t) => {
    const path = join(tempDir(t), 'potongan.mbox');
    writeFileSync(path, mailbox(Array.from({ length: 12 }, (_, i) => boxMessage(i + 1))));
    const whole = all(await chunksOf(path));
    for (const size of [1, 2, 5, 7, 64]) {
      const pieces = all(await chunksOf(path, {}, size));
      assert.deepEqual(pieces.articles.map((a) => [a.origin, a.title, a.body]), whole.articles.map((a) => [a.origin, a.title, a.body]), `pieces of ${size} bytes`);
      assert.equal(pieces.articles.length, 12);
    }
  });

  test('a broken message in the middle and a message over the limit cost only themselves', async (t) => {
    const path = join(tempDir(t), 'rusak.mbox');
    const huge = 'Paragraf panjang yang diulang untuk membuat pesan yang sangat besar. '.repeat(400);
    const messages = Array.from({ length: 30 }, (_, i) => boxMessage(i + 1));
    messages[11] = 'Pesan ini kehilangan kepalanya ketika kotak surat disalin.\n\n';
    messages[19] = boxMessage(20, '\n', huge);
    writeFileSync(path, mailbox(messages));
    const limit = Math.round(0.01 * 1024 * 1024);
    assert.ok(Buffer.byteLength(messages[19]!) > limit && messages.every((m, i) => i === 19 || Buffer.byteLength(m) < limit));
    for (const size of [undefined, 3, 1000]) {
      const chunks = await chunksOf(path, { maxFileBytes: limit }, size);
      assert.ok(chunks.length > 1);
      const { articles, errors } = all(chunks);
      assert.deepEqual(errors, [
        { path: `${path}#12`, reason: 'not an e-mail message (no header at the top)' },
        { path: `${path}#20`, reason: 'message is larger than the limit of 0.01 MB (use --max-file-size)' },
      ]);
      assert.deepEqual(articles.map((a) => a.origin), Array.from({ length: 30 }, (_, i) => `${path}#${i + 1}`).filter((_, i) => i !== 11 && i !== 19));
    }
  });

  test('CRLF mailboxes are read in chunks too', async (t) => {
    const path = join(tempDir(t), 'crlf.mbox');
    writeFileSync(path, mailbox(Array.from({ length: 25 }, (_, i) => boxMessage(i + 1, '\r\n')), '\r\n'));
    const chunks = await chunksOf(path, {}, 100);
    assert.deepEqual(chunks.map((c) => c.articles.length), [10, 10, 5]);
    const { articles, errors } = all(chunks);
    assert.deepEqual(errors, []);
    assert.deepEqual(articles.map((a) => a.title), Array.from({ length: 25 }, (_, i) => `Buletin nomor ${i + 1}`));
    assert.match(articles[0]!.body, /^From Jakarta ke Surabaya/m);
  });

  test(`damaged mailboxes cut in random pieces give the messages they give whole (seed ${FUZZ_SEED})`, async () => {
    const rand = random(FUZZ_SEED + 7);
    const valid = Buffer.concat([readFileSync(fixture('email', 'mailbox.mbox')), mailbox([boxMessage(1, '\r\n'), boxMessage(2)], '\r\n')]);
    const outcome = async (pieces: Buffer[]): Promise<unknown> => {
      try {
        return await collect(mboxMessages(pieces, 4096));
      } catch (err) {
        assert.ok(err instanceof ReadError, String(err));
        return err.message;
      }
    };
    for (let i = 0; i < FUZZ_ITERATIONS * 8; i++) {
      const bytes = [mutate, truncate][i % 2]!(rand, valid);
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + Math.floor(rand() * (rand() < 0.5 ? 8 : 2000));
        pieces.push(bytes.subarray(at, at + size));
        at += size;
      }
      assert.deepEqual(await outcome(pieces), await outcome([bytes]), `iteration ${i}`);
    }
  });

  test('a cancelled import stops a mailbox at the chunk in hand instead of reading it to its end', async (t) => {
    const dir = tempDir(t);
    const box = join(dir, 'takeout.mbox');
    writeFileSync(box, mailbox(Array.from({ length: 200 }, (_, i) => boxMessage(i + 1))));
    const archive = await Archive.open(join(dir, 'archive.db'));
    t.after(() => archive.close());
    const controller = new AbortController();
    // The stop comes with the first commit: the first chunk (10 messages) is in hand, the worker waits for its answer.
    const summary = await runImport(archive, [box], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 10, workers: 1 }, {
      signal: controller.signal,
      afterCommit: () => controller.abort(),
    });
    assert.equal(summary.status, 'cancelled');
    assert.deepEqual([summary.files, summary.imported, summary.failed, summary.errors], [1, 10, 0, []]);
    assert.equal(archive.stats().articles, 10);
    assert.deepEqual(archive.integrityProblems(), []);
    // Run again, the mailbox is read whole: the 10 are skipped, the rest imported.
    const again = await runImport(archive, [box], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 10, workers: 1 });
    assert.deepEqual([again.status, again.imported, again.skipped], ['done', 190, 10]);
  });

  test('double-encoded text repaired in many messages is one warning for the mailbox, as for any file', async (t) => {
    const path = join(tempDir(t), 'mojibake.mbox');
    // UTF-8 read as Windows-1252 and written out as UTF-8 again: "São Paulo" became "SÃ£o Paulo".
    const broken = Buffer.from('Pelatih asal Islandia, Jóhann Ívarsson, tiba di São Paulo pada Senin.', 'utf8').toString('latin1');
    writeFileSync(path, mailbox(Array.from({ length: 25 }, (_, i) => boxMessage(i + 1, '\n', broken))));
    const { articles, errors, warnings } = all(await chunksOf(path));
    assert.deepEqual([articles.length, errors], [25, []]);
    assert.match(articles[24]!.body, /Jóhann Ívarsson, tiba di São Paulo/);
    assert.deepEqual(warnings, [{ path, reason: 'repaired double-encoded text' }]);
  });

  test('a file that is no mailbox fails whole', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'bukan.mbox'), 'Subject: tanpa pemisah\n\nIsi.\n');
    assert.deepEqual(all(await chunksOf(join(dir, 'bukan.mbox'), {}, 4)).errors, [{ path: join(dir, 'bukan.mbox'), reason: 'not an mbox mailbox (no "From " line at the top)' }]);
  });
});

describe('e-mail limits', () => {
  test('a message that is no message, a huge header, too many parts', async () => {
    await rejectsWith(readInline(Buffer.from('Banjir rendam Kampung Melayu\n\nHujan deras sejak Minggu malam.\n')), 'not an e-mail message (no header at the top)');
    await rejectsWith(readInline(Buffer.from(`From: a@b.example\nSubject: ${'x'.repeat(2 * 1024 * 1024)}\n\nbody\n`)), 'e-mail header is larger than the limit of 1 MB');
    await rejectsWith(readInline(nestedMultipart(1200)), 'e-mail has more than 1,000 MIME parts');
  });

  test('multiparts nested 900 deep are read', async () => {
    const r = await readInline(nestedMultipart(900));
    assert.equal(r.articles[0]!.body.trim(), 'Isi pesan di dasar bagian yang bersarang.');
  });

  test('an alert whose HTML nests too deep fails with the HTML limit', async () => {
    const html = `<html><body>${'<div>'.repeat(2000)}<a href="https://www.google.com/url?url=https://kompas.com/a">Judul berita dua kata</a>${'</div>'.repeat(2000)}</body></html>`;
    await rejectsWith(readInline(eml(`From: googlealerts-noreply@google.com\nSubject: Google Alert - x\nContent-Type: text/html\n\n${html}\n`)), 'HTML nested more than 512 levels deep');
  });
});

function nestedMultipart(depth: number): Buffer {
  let s = 'From: a@kabarpagi.example\nSubject: Bersarang\nMIME-Version: 1.0\n';
  for (let i = 0; i < depth; i++) s += `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`;
  s += 'Content-Type: text/plain; charset=utf-8\n\nIsi pesan di dasar bagian yang bersarang.\n';
  for (let i = depth - 1; i >= 0; i--) s += `--b${i}--\n`;
  return Buffer.from(s);
}

describe('recognised by content', () => {
  test('messages and mailboxes without their extension', () => {
    for (const name of readdirSync(fixture('email'))) {
      const head = readFileSync(fixture('email', name)).subarray(0, 4096);
      assert.equal(sniffFormat('download', head), name.endsWith('.mbox') ? 'mbox' : 'email', name);
      assert.equal(sniffFormat(name, Buffer.from('{}')), name.endsWith('.mbox') ? 'mbox' : 'email', name);
    }
  });

  test('a header section longer than the bytes sniffed (Gmail\'s Received chains)', () => {
    const received = 'Received: by 2002:a05:7300:5b12 with SMTP id s18csp1234567dyc;\n        Tue, 5 Mar 2024 00:31:10 -0800 (PST)\n'.repeat(80);
    assert.equal(sniffFormat('pesan', Buffer.from(`Delivered-To: a@b.example\n${received}`).subarray(0, 4096)), 'email');
  });

  test('text that merely starts like a message or a mailbox stays text', () => {
    const cases = [
      'Sumber: Warta Kota\nTanggal: 2024-03-20\n\nHujan deras merendam Kampung Melayu.\n',
      'From: Redaksi\nSubject: Rilis pers\n\nIsi rilis pers.\n',
      'Date: 2024-03-05\nSubject: Catatan rapat\n\nIsi catatan.\n',
      'From Jakarta to Surabaya, the night ferry leaves at 21:00.\nIt arrives in the morning.\n',
      'From Jakarta, Tue Mar  5 07:15:00 2024\nThe ferry left on time.\n',
      'Judul: Banjir\nbaris kedua tanpa titik dua\n\nIsi.\n',
    ];
    for (const text of cases) assert.equal(sniffFormat('catatan', Buffer.from(text)), 'text', text);
  });
});

/** Reasons that mean a reader crashed rather than refused the input. */
const NOT_CLEAN = /call stack|RangeError|TypeError|undefined|null|\[object/i;

/** Reads bytes as a message or mailbox: either articles and clean problems, or a clean ReadError. */
async function readsCleanly(name: string, bytes: Buffer): Promise<'read' | 'refused'> {
  const path = `fuzz/${name}`;
  try {
    const result = await (name.endsWith('.mbox') ? readMbox : readEmail)({ path, bytes }, {});
    for (const p of result.problems) {
      assert.ok(p.path === path || p.path.startsWith(`${path}#`), `problem without its file: ${JSON.stringify(p)}`);
      assert.doesNotMatch(p.reason, NOT_CLEAN, `${name}: ${p.reason}`);
    }
    for (const a of result.articles) assert.ok(a.origin === path || a.origin.startsWith(`${path}#`), a.origin);
    return 'read';
  } catch (err) {
    assert.ok(err instanceof ReadError, `${name}: ${err instanceof Error ? err.stack : String(err)}`);
    assert.doesNotMatch(err.message, NOT_CLEAN, `${name}: ${err.message}`);
    assert.ok(err.message.length < 300, `${name}: a reason should name the problem, not quote the file`);
    return 'refused';
  }
}

test(`random, truncated and mutated messages and mailboxes are read or refused cleanly (seed ${FUZZ_SEED})`, { timeout: 120_000 }, async () => {
  const rand = random();
  const outcomes = { read: 0, refused: 0 };
  const iterations = FUZZ_ITERATIONS * 4;
  for (const name of readdirSync(fixture('email'))) {
    const valid = readFileSync(fixture('email', name));
    for (let i = 0; i < iterations; i++) {
      outcomes[await readsCleanly(`random-${i}-${name}`, randomBytes(rand, Math.floor(rand() * 2048)))]++;
      outcomes[await readsCleanly(`truncated-${i}-${name}`, truncate(rand, valid))]++;
      outcomes[await readsCleanly(`mutated-${i}-${name}`, mutate(rand, valid))]++;
    }
  }
  // The generator must reach both outcomes, or it is not exercising the readers.
  assert.ok(outcomes.read > 0 && outcomes.refused > 0, JSON.stringify(outcomes));
});

/** Hostile messages by name; the extension picks the reader. */
function hostileMail(): Record<string, Buffer> {
  const header = (lines: string): Buffer => Buffer.from(`From: a@kabarpagi.example\nSubject: Berbahaya\n${lines}\n\nIsi pesan yang cukup panjang untuk dibaca sebagai artikel.\n`);
  return {
    'huge-header.eml': header(`X-Long: ${'x'.repeat(3 * 1024 * 1024)}`),
    'many-headers.eml': header('X-Many: y\n'.repeat(300_000)),
    'deep-multipart.eml': nestedMultipart(5000),
    'wide-multipart.eml': Buffer.from(`From: a@b.example\nSubject: Lebar\nContent-Type: multipart/mixed; boundary="b"\n\n${'--b\nContent-Type: text/plain\n\nbagian\n'.repeat(5000)}--b--\n`),
    'unclosed-boundary.eml': Buffer.from('From: a@b.example\nSubject: Terbuka\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nBagian yang tidak pernah ditutup oleh batasnya.\n'),
    'bad-base64.eml': Buffer.from('From: a@b.example\nSubject: Rusak\nContent-Transfer-Encoding: base64\n\n!!!!****####$$$$ bukan base64 sama sekali\n'),
    'unknown-charset.eml': Buffer.from('From: a@b.example\nSubject: =?x-tak-dikenal?Q?Judul?=\nContent-Type: text/plain; charset=x-tak-dikenal\n\nIsi pesan dengan charset yang tidak dikenal.\n'),
    'deep-html.eml': Buffer.from(`From: a@b.example\nSubject: Dalam\nContent-Type: text/html\n\n<html><body>${'<div>'.repeat(50_000)}teks${'</div>'.repeat(50_000)}</body></html>\n`),
    'separators.mbox': Buffer.from('From a@b.example Tue Mar  5 07:15:00 2024\n'.repeat(300)),
    'many.mbox': Buffer.from('From a@b.example Tue Mar  5 07:15:00 2024\nFrom: a@b.example\nSubject: Pesan\n\nIsi pesan pendek di kotak surat yang besar.\n\n'.repeat(3000)),
  };
}

test('hostile messages and mailboxes are read or refused cleanly', { timeout: 120_000 }, async () => {
  for (const [name, bytes] of Object.entries(hostileMail())) await readsCleanly(name, bytes);
});


test('hostile and damaged e-mail through the real import: each file fails alone, the rest is imported', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const inbox = join(dir, 'in');
  mkdirSync(inbox);
  const files: string[] = [];
  for (const [name, bytes] of Object.entries(hostileMail())) {
    writeFileSync(join(inbox, name), bytes);
    files.push(join(inbox, name));
  }
  const rand = random(FUZZ_SEED + 1);
  for (const name of readdirSync(fixture('email'))) {
    const path = join(inbox, `mutated-${name}`);
    writeFileSync(path, mutate(rand, readFileSync(fixture('email', name))));
    files.push(path);
  }
  copyFileSync(fixture('email', 'newsletter-id.eml'), join(inbox, 'utuh.eml'));
  files.push(join(inbox, 'utuh.eml'));
  const { summary, integrity } = await importInChild(join(dir, 'fuzz.db'), [inbox]);
  assert.equal(summary.status, 'done');
  assert.equal(summary.files, files.length);
  assert.deepEqual(integrity, []);
  for (const p of [...summary.errors, ...summary.warnings]) {
    assert.ok(files.some((f) => p.path === f || p.path.startsWith(`${f}#`)), `problem without its file: ${JSON.stringify(p)}`);
    assert.doesNotMatch(p.reason, NOT_CLEAN_IMPORT, `${p.path}: ${p.reason}`);
  }
  const reasons = (name: string): string[] => summary.errors.filter((e) => basename(e.path.replace(/#.*/, '')) === name).map((e) => e.reason);
  assert.deepEqual(reasons('huge-header.eml'), ['e-mail header is larger than the limit of 1 MB']);
  assert.deepEqual(reasons('deep-multipart.eml'), ['e-mail has more than 1,000 MIME parts']);
  assert.deepEqual(reasons('wide-multipart.eml'), ['e-mail has more than 1,000 MIME parts']);
  assert.deepEqual(reasons('deep-html.eml'), ['HTML nested more than 512 levels deep']);
  assert.deepEqual(reasons('utuh.eml'), []);
  assert.ok(summary.imported >= 2, `imported ${summary.imported}`);
});

describe('through the real CLI', () => {
  interface Summary {
    imported: number;
    skipped: number;
    failed: number;
    files: number;
    errors: { path: string; reason: string }[];
  }
  interface Search {
    total: number;
    results: { id: number; title: string }[];
  }
  interface ArticleView {
    title: string;
    source: string | null;
    section: string | null;
    url: string | null;
    publishedAt: string | null;
    origin: string;
    paragraphs: { text: string }[];
  }

  test('imports messages and a mailbox, re-importing adds nothing, and files without extensions are recognised', { timeout: 120_000 }, async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'archive.db');
    const inbox = join(dir, 'surat');
    mkdirSync(inbox);
    for (const name of readdirSync(fixture('email'))) copyFileSync(fixture('email', name), join(inbox, name));

    const run = await pantauJson<Summary>(['import', inbox, '--db', db]);
    // 3 newsletters; alerts of 3, 2 and 2 items; the mailbox's newsletter, 2 items and newsletter.
    assert.equal(run.json.imported, 3 + 3 + 2 + 2 + 4, JSON.stringify(run.json));
    assert.equal(run.json.files, 7);
    assert.deepEqual(run.json.errors, [{ path: join(inbox, 'mailbox.mbox#3'), reason: 'not an e-mail message (no header at the top)' }]);
    assert.equal(run.code, 1);

    const search = async (words: string[]): Promise<ArticleView> => {
      const s = await pantauJson<Search>(['search', ...words, '--db', db]);
      assert.equal(s.json.total, 1, `${words.join(' ')}: ${JSON.stringify(s.json.results.map((r) => r.title))}`);
      return (await pantauJson<ArticleView>(['article', String(s.json.results[0]!.id), '--db', db])).json;
    };
    const stub = await search(['pompa', 'mobile']);
    assert.equal(stub.title, 'Pompa Air Dikerahkan untuk Surutkan Banjir di Jakarta Timur');
    assert.equal(stub.url, 'https://metro.tempo.co/read/1842233/pompa-air-di-jakarta-timur-dikerahkan?utm_source=google');
    assert.equal(stub.source, 'tempo.co');
    assert.equal(stub.section, 'metro');
    assert.equal(stub.origin, join(inbox, 'google-alert-id.eml#3'));
    const letter = await search(['Renée']);
    assert.equal(letter.title, 'Harbour cafés reopen after the storm');
    assert.equal(letter.source, 'Port Herald Media');
    assert.equal(letter.publishedAt, '2024-03-07T18:30:00+00:00');
    const boxed = await search(['Sukamaju']);
    assert.equal(boxed.origin, join(inbox, 'mailbox.mbox#4'));
    assert.equal(boxed.source, 'kabarpagi.example');

    const again = await pantauJson<Summary>(['import', inbox, '--db', db]);
    assert.equal(again.json.imported, 0);
    assert.equal(again.json.skipped, 14);

    // The same message with its text edited: its Message-ID is already in the archive.
    const edited = join(dir, 'diedit.eml');
    writeFileSync(edited, readFileSync(fixture('email', 'newsletter-id.eml'), 'latin1').replace('Selamat pagi, pembaca', 'Selamat siang, pembaca'), 'latin1');
    assert.match(readFileSync(edited, 'latin1'), /Selamat siang, pembaca/);
    const editedRun = await pantauJson<Summary>(['import', edited, '--db', db]);
    assert.deepEqual([editedRun.json.imported, editedRun.json.skipped], [0, 1]);

    // The same files without extensions: read as e-mail again (so all duplicates), not as text.
    const bare = join(dir, 'tanpa-ekstensi');
    mkdirSync(bare);
    for (const name of readdirSync(fixture('email'))) copyFileSync(fixture('email', name), join(bare, name.replace(/\.\w+$/, '')));
    const sniffed = await pantauJson<Summary>(['import', bare, '--db', db]);
    assert.equal(sniffed.json.imported, 0, JSON.stringify(sniffed.json));
    assert.equal(sniffed.json.skipped, 14);
    assert.deepEqual(sniffed.json.errors.map((e) => e.path), [join(bare, 'mailbox#3')]);
  });
  test('a mailbox bigger than the file-size limit: its messages imported, the one over the limit refused, nothing doubled on re-import', { timeout: 120_000 }, async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'archive.db');
    const box = join(dir, 'takeout.mbox');
    const messages = Array.from({ length: 600 }, (_, i) => boxMessage(i + 1));
    messages[299] = boxMessage(300, '\n', 'Lampiran yang sangat besar ditulis sebagai teks biasa. '.repeat(400));
    writeFileSync(box, mailbox(messages));
    const first = await pantauJson<Summary>(['import', box, '--max-file-size', '0.01', '--db', db]);
    assert.deepEqual([first.json.files, first.json.imported, first.json.failed], [1, 599, 1], JSON.stringify(first.json));
    assert.deepEqual(first.json.errors, [{ path: `${box}#300`, reason: 'message is larger than the limit of 0.01 MB (use --max-file-size)' }]);
    const again = await pantauJson<Summary>(['import', box, '--max-file-size', '0.01', '--db', db]);
    assert.deepEqual([again.json.imported, again.json.skipped], [0, 599]);
  });

  test('an import killed in the middle of a mailbox and run again has every message exactly once', { timeout: 120_000 }, async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'archive.db');
    const box = join(dir, 'arsip.mbox');
    const count = 1000;
    writeFileSync(box, mailbox(Array.from({ length: count }, (_, i) => boxMessage(i + 1))));
    // Held after the first commit of at least one chunk (250 articles), then killed there.
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'tests', 'paused-import.js'), db, '250', box], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const line = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      lines.once('close', () => reject(new Error('the import process ended without a word')));
    });
    child.kill('SIGKILL');
    await exited;
    assert.notEqual(line, 'finished');
    const committed = (JSON.parse(line) as RunCounts).imported;
    assert.ok(committed >= 250 && committed < count, `committed ${committed}`);

    const resumed = await pantauJson<Summary>(['import', box, '--db', db]);
    assert.deepEqual([resumed.json.imported, resumed.json.skipped, resumed.json.failed], [count - committed, committed, 0]);
    const conn = openDatabase(db, { readonly: true });
    t.after(() => conn.close());
    assert.equal(conn.prepare('SELECT count(*) FROM articles').pluck().get(), count);
    assert.equal(conn.prepare('SELECT count(DISTINCT external_id) FROM articles').pluck().get(), count);
    assert.equal(conn.prepare("SELECT count(*) FROM imports WHERE status = 'interrupted'").pluck().get(), 1);
    assert.deepEqual((await pantauJson<{ ok: boolean }>(['check', '--db', db])).json.ok, true);
  });
});
