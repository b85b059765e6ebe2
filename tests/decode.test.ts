import iconv from 'iconv-lite';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeText } from '../electron/import/decode.js';
import { ReadError } from '../electron/import/types.js';
import { fixture } from './helpers.js';

const NEWS =
  'Kafe kecil di Menteng naik daun\n\n' +
  'Pemilik café kecil di Menteng, Gérard Lefèvre asal Réunion, mengatakan harga kopi naik 12 persen bulan ini. ' +
  'Ia menolak disebut naïve soal inflasi.\n' +
  'The owner of a small café in Menteng, Gérard Lefèvre from Réunion, said coffee prices rose 12 percent this month.\n';

const decodeFixture = (name: string): string => {
  const path = fixture('encodings', name);
  return decodeText(readFileSync(path), path);
};

const readError = (message: string) => (error: unknown) => {
  assert.ok(error instanceof ReadError, `expected ReadError, got ${String(error)}`);
  assert.equal(error.message, message);
  return true;
};

test('decodes plain UTF-8', () => {
  assert.equal(decodeFixture('utf8.txt'), NEWS);
});

test('strips a UTF-8 BOM', () => {
  assert.equal(decodeFixture('utf8-bom.txt'), NEWS);
});

test('decodes UTF-16LE with a BOM and strips the BOM', () => {
  assert.equal(decodeFixture('utf16le-bom.txt'), NEWS);
});

test('recognises UTF-16BE without a BOM', () => {
  assert.equal(decodeFixture('utf16be.txt'), NEWS);
});

test('recognises UTF-16LE without a BOM', () => {
  const bytes = Buffer.from(NEWS, 'utf16le');
  assert.equal(decodeText(bytes, 'news.txt'), NEWS);
});

test('detects Windows-1252 with curly quotes and the euro sign', () => {
  assert.equal(
    decodeFixture('windows-1252.txt'),
    'Harga tiket konser di café Réunion naik jadi €25\n\n' +
      '“Kami tidak naïve,” kata Gérard Lefèvre. ‘Harga €25 itu wajar’ — begitu katanya kepada wartawan.\n' +
      '“We are not naïve,” said Gérard Lefèvre, adding that €25 was a fair price.\n',
  );
});

test('detects ISO-8859-2 with Central European names in Indonesian text', () => {
  assert.equal(
    decodeFixture('iso-8859-2.txt'),
    'Delegasi Eropa Tengah tiba di Jakarta\n\n' +
      'Delegasi yang dipimpin Łukasz Wiśniewski dan Žofie Šťastná tiba di Jakarta pada hari Senin. ' +
      'Rozmowy z Małgorzatą Żółkowską dotyczyły współpracy gospodarczej. ' +
      'Zástupce Antonín Dvořák řekl, že spolupráce s Indonésií je důležitá.\n' +
      'The delegation led by Łukasz Wiśniewski and Žofie Šťastná arrived in Jakarta on Monday.\n',
  );
});

test('decodes HTML declaring iso-8859-1 as Windows-1252, as browsers do', () => {
  assert.equal(
    decodeFixture('declared-iso-8859-1.html'),
    '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="iso-8859-1">\n<title>Café Réunion</title>\n</head>\n' +
      '<body>\n<p>“Kopi di café Réunion kini €3,” kata Gérard.</p>\n</body>\n</html>\n',
  );
});

test('a declared charset wins over bytes that are also valid UTF-8', () => {
  // C3 A9 is "é" in UTF-8; the declaration says KOI8-R, where the same bytes are "ц╘".
  const bytes = Buffer.from('<?xml version="1.0" encoding="KOI8-R"?>\n<p>\xc3\xa9</p>', 'latin1');
  assert.equal(decodeText(bytes, 'feed.xml'), '<?xml version="1.0" encoding="KOI8-R"?>\n<p>ц╘</p>');
});

test('reads the charset from a meta http-equiv content attribute', () => {
  const bytes = Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>\xcd\xee\xe2\xee\xf1\xf2\xe8</body></html>', 'latin1');
  assert.equal(decodeText(bytes, 'page.html'), '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>Новости</body></html>');
});

test('ignores a meta charset quoted inside a non-markup file', () => {
  const line = '{"html": "<meta charset=\\"iso-8859-2\\">", "title": "Łódź café"}\n';
  assert.equal(decodeText(Buffer.from(line, 'utf8'), 'scrape.jsonl'), line);
});

test('rejects a declared charset iconv-lite does not know', () => {
  assert.throws(() => decodeFixture('declared-unknown.html'), readError('unknown encoding "x-foo"'));
});

test('names the format of binary files with a known signature', () => {
  assert.throws(() => decodeFixture('image.png'), readError('binary file (looks like PNG)'));
  assert.throws(() => decodeText(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'), 'a.txt'), readError('binary file (looks like PDF)'));
  assert.throws(() => decodeText(Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 'a.txt'), readError('binary file (looks like GZIP)'));
});

test('rejects NUL bytes in a file that is not UTF-16', () => {
  const bytes = Buffer.from('Judul berita\nIsi\x00berita yang rusak, cukup panjang untuk tidak dianggap UTF-16.', 'latin1');
  assert.throws(() => decodeText(bytes, 'a.txt'), readError('binary file'));
});

test('rejects text full of control characters', () => {
  const bytes = Buffer.from('Judul\x01\x02\x03\x04 berita\x05\x06\x07\x08 ini\x0e\x0f\x10\x11', 'latin1');
  assert.throws(() => decodeText(bytes, 'a.txt'), readError('binary file'));
});

test('valid UTF-8 full of C1 controls is double-encoded text, not binary', () => {
  const path = fixture('mojibake', 'arab-latin1.txt');
  const bytes = readFileSync(path);
  const text = decodeText(bytes, path);
  // Latin-1 read Arabic letters as a letter and a C1 control: "ي" arrived as "Ù\u008a".
  assert.ok((text.match(/[\x80-\x9f]/g)?.length ?? 0) > text.length * 0.1);
  assert.equal(text, bytes.toString('utf8'));
});

test('C1 controls still count against text that is not UTF-8', () => {
  // UTF-16LE of C1 code points: every other byte is NUL, the rest is 0x80–0x9F.
  const bytes = Buffer.from('Judul \x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f berita', 'utf16le');
  assert.throws(() => decodeText(bytes, 'a.txt'), readError('binary file'));
});

test('C0 controls still count against valid UTF-8 that also holds C1 controls', () => {
  const bytes = Buffer.from('Judul\x01\x02\x03\x04 Ã\u0081 berita\x05\x06\x07\x08 Ù\u008a ini\x0e\x0f\x10\x11', 'utf8');
  assert.throws(() => decodeText(bytes, 'a.txt'), readError('binary file'));
});

test('keeps tabs, form feeds and carriage returns as text', () => {
  const text = 'Judul\r\n\tIsi berita\fhalaman dua\r\n';
  assert.equal(decodeText(Buffer.from(text, 'utf8'), 'a.txt'), text);
});

test('decodes an empty file as empty text', () => {
  assert.equal(decodeText(Buffer.alloc(0), 'empty.txt'), '');
});

test('East Asian legacy code pages are read when they are certain', () => {
  const ja = '岸田首相は月曜日、記者団に対し、ロシアとの交渉を続けると述べた。政府は来週、新しい経済対策を発表する予定だ。';
  const zh = '中国国家主席习近平周一抵达莫斯科，开始对俄罗斯进行为期三天的国事访问，双方将签署多项合作文件。';
  assert.equal(decodeText(iconv.encode(ja, 'Shift_JIS'), 'berita.txt'), ja);
  assert.equal(decodeText(iconv.encode(zh, 'GB18030'), 'berita.txt'), zh);
});

test('bytes no supported code page reads cleanly are an unknown encoding, not garbage', () => {
  // 0x89 0x8B 0x98 0x99 0x9B are symbols or controls in every supported code page: inside words, no page fits.
  const bytes = Buffer.from('Harga ab\x89cd\x8bef\x98gh\x99ij kl\x9bmn\x89op naik di pasar.', 'latin1');
  assert.throws(() => decodeText(bytes, 'aneh.txt'), (e: unknown) => e instanceof ReadError && e.message.startsWith('unknown encoding'));
});
