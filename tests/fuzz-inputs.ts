import { once } from 'node:events';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync, constants as zlib } from 'node:zlib';
import yazl from 'yazl';
import { prng } from './prng.js';

/*
 * Inputs for the readers' fuzz tests and the bad-input corpus: small valid articles of every
 * format, seeded random and damaged versions of them, and hand-made hostile files. Everything is
 * generated, so no large binary is committed and a failure replays from its seed.
 */

/** PANTAU_FUZZ_SEED and PANTAU_FUZZ_ITERATIONS replay a failure or run longer by hand. */
export const FUZZ_SEED = Number(process.env['PANTAU_FUZZ_SEED'] ?? 20240513);
export const FUZZ_ITERATIONS = Number(process.env['PANTAU_FUZZ_ITERATIONS'] ?? 8);

export type Random = () => number;
export const random = (seed = FUZZ_SEED): Random => prng(seed);

const MB = 1024 * 1024;

/** One valid article per format, Indonesian and English, each with a title the tests search for. */
export const VALID: Readonly<Record<string, string>> = {
  'berita.txt': 'Banjir rendam Kampung Melayu\nSumber: Warta Kota\nTanggal: 2024-03-20\n\nHujan deras sejak Minggu malam merendam puluhan rumah di Kampung Melayu, Jakarta Timur.\nWarga mengungsi ke masjid terdekat sambil menunggu air surut.\n',
  'panel.md': '---\ndate: 2024-02-01\nsource: Kabar Nusantara\n---\n\n# Panel surya terapung diresmikan\n\nPembangkit listrik tenaga surya terapung di Waduk **Cirata** mulai beroperasi penuh pekan ini.\n\n- Kapasitas 145 megawatt\n- Dibangun dalam dua tahun\n',
  'harbour.html': '<!DOCTYPE html><html><head><title>Harbour reopens after storm - Port News</title><meta property="og:site_name" content="Port News"></head><body><nav>Home | World</nav><article><h1>Harbour reopens after storm</h1><p>The city harbour reopened to cargo ships on Tuesday after three weeks of repairs to the storm-damaged quay.</p></article></body></html>',
  'beras.json': '{"articles":[{"title":"Harga beras naik jelang Lebaran","content":"Harga beras medium di pasar tradisional Jakarta naik menjadi Rp14.000 per kilogram menjelang Lebaran.","date":"2023-03-21","source":"Warta Kota"}]}',
  'pasar.jsonl': '{"title":"Pasar Kosambi direnovasi","isi":"Pemerintah kota mulai merenovasi Pasar Kosambi yang rusak akibat kebakaran tahun lalu.","tanggal":"15/07/2023","sumber":"Bandung Pos"}\n{"title":"Bridge opens to cyclists","body":"The new bridge over the river opened to pedestrians and cyclists on Friday morning, the mayor said.","date":"2023-07-14","source":"City Herald"}\n',
  'jembatan.csv': 'judul;isi_berita;tanggal;tautan\nJembatan Cikapundung dibuka;Jembatan baru di atas Sungai Cikapundung dibuka untuk pejalan kaki dan sepeda mulai Jumat pagi, kata wali kota.;14/07/2023;https://www.bandungpos.example/jembatan\n',
  'kabar.xml': '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kabar Nusantara</title><item><title>Kereta cepat tambah jadwal</title><link>https://kabarnusantara.example/kereta</link><pubDate>Thu, 01 Feb 2024 09:00:00 +0700</pubDate><description>&lt;p&gt;Operator kereta cepat menambah enam perjalanan setiap akhir pekan mulai bulan depan.&lt;/p&gt;</description></item></channel></rss>',
  'storm.atom': '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Port News</title><entry><title>Storm warning for the coast</title><link href="https://portnews.example.com/storm"/><updated>2024-05-13T08:00:00Z</updated><content type="html">&lt;p&gt;Forecasters warned fishermen to stay in port as a storm approaches the northern coast this week.&lt;/p&gt;</content></entry></feed>',
};

/** The titles of VALID, as they are stored. */
export const VALID_TITLES = [
  'Banjir rendam Kampung Melayu', 'Panel surya terapung diresmikan', 'Harbour reopens after storm', 'Harga beras naik jelang Lebaran',
  'Pasar Kosambi direnovasi', 'Bridge opens to cyclists', 'Jembatan Cikapundung dibuka', 'Kereta cepat tambah jadwal', 'Storm warning for the coast',
];

export const randomBytes = (rand: Random, length: number): Buffer => Buffer.from(Array.from({ length }, () => Math.floor(rand() * 256)));

/** What breaks parsers: quotes, brackets, markup, escapes, NUL, invalid UTF-8 and halves of UTF-16 surrogates. */
const HOSTILE = ['"', "'", '<', '>', '</', '{', '}', '[', ']', ',', ';', '\\', '\n', '\r', '\0', '&', '&#0;', '<!--', ']]>', '---\n', '*', '`', '\uFEFF']
  .map((s) => Buffer.from(s))
  .concat([Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0x00, 0xd8]), Buffer.from([0xfe, 0xff])]);

/** The valid file cut at a random point. */
export function truncate(rand: Random, bytes: Buffer): Buffer {
  return bytes.subarray(0, Math.floor(rand() * bytes.length));
}

/** The valid file with a few random bytes flipped, deleted, or replaced by something hostile. */
export function mutate(rand: Random, bytes: Buffer): Buffer {
  let out = Buffer.from(bytes);
  const edits = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const kind = rand();
    if (kind < 0.3 && out.length > 0) out[Math.min(at, out.length - 1)] = Math.floor(rand() * 256);
    else if (kind < 0.5) out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + Math.floor(rand() * 20))]);
    else out = Buffer.concat([out.subarray(0, at), HOSTILE[Math.floor(rand() * HOSTILE.length)]!, out.subarray(at)]);
  }
  return out;
}

/** Words of a real article, so huge inputs look like text to the readers and not like binary data. */
export const WORDS = 'harga beras naik di pasar induk karena pasokan berkurang menurut pedagang ';
export const text = (chars: number, words = WORDS): string => words.repeat(Math.ceil(chars / words.length)).slice(0, chars);

const LAUGHS = Array.from({ length: 8 }, (_, i) => `<!ENTITY lol${i + 2} "${`&lol${i + 1};`.repeat(10)}">`).join('');

/** Hostile files by name; the extension picks the reader. Sizes are fixed: they are about structure, not luck. */
export function hostileFiles(hugeBytes = 8 * MB): Record<string, string | Buffer> {
  return {
    'deep-div.html': `<html><body>${'<div>'.repeat(100_000)}${text(200)}${'</div>'.repeat(100_000)}</body></html>`,
    'deep-unclosed.html': `<html><body>${'<span>'.repeat(100_000)}${text(200)}`,
    'deep.xml': `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>t</title><description>d</description><x>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</x></item></channel></rss>`,
    'deep-body.xml': `<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title><item><title>Dalam</title><description>${'&lt;div&gt;'.repeat(20_000)}${text(100)}</description></item></channel></rss>`,
    'laughs.xml': `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol1 "lol">${LAUGHS}]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>`,
    'deep-array.json': `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    'deep-object.json': `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
    'deep-field.json': `[{"title":"Dalam","body":${'['.repeat(100_000)}"x"${']'.repeat(100_000)}}]`,
    'deep-open.json': `[${'['.repeat(100_000)}`,
    'deep-line.jsonl': `${'['.repeat(100_000)}${']'.repeat(100_000)}\n{"title":"x","body":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}\n`,
    'deep-quote.md': `${'>'.repeat(10_000)} dalam\n`,
    'deep-list.md': Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i * 2)}- butir`).join('\n'),
    'emphasis.md': `# Tebal\n\n${'**'.repeat(50_000)}x${'**'.repeat(50_000)}\n`,
    'long-line.md': `# Panjang\n\n${text(hugeBytes / 4)}\n`,
    'huge-line.txt': 'x'.repeat(hugeBytes),
    'huge-title.txt': `${'judul'.repeat(hugeBytes / 10)}\n\n${text(300)}\n`,
    'huge-line.csv': `judul,isi\nA,"${text(hugeBytes)}`,
    'huge-line.jsonl': `{"title":"A","body":"${text(hugeBytes)}\n`,
    'nul.txt': Buffer.concat([Buffer.from(`Judul\n\n${text(500)}`), Buffer.alloc(64), Buffer.from(text(500))]),
    'invalid-utf8.txt': Buffer.concat([Buffer.from('Judul rusak\n\n'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe, 0xfd]), Buffer.from(` ${text(300)}`)]),
    'utf16-halves.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Judul\n\nisi ', 'utf16le'), Buffer.from([0x00, 0xd8, 0x41, 0x00, 0x00, 0xdc]), Buffer.from(text(200), 'utf16le'), Buffer.from([0x3d])]),
    'unbalanced.csv': `judul,isi\nSatu,"${text(200)}\nDua,${text(200)}\nTiga,"x"y"z"\n`,
    'only-quotes.csv': '"'.repeat(100_001),
  };
}

export interface ZipItem {
  name: string;
  data: Buffer | string;
  /** Unix file mode: 0o120777 makes the entry a symbolic link. */
  mode?: number;
  compress?: boolean;
}

/**
 * A zip built by yazl from names and contents. yazl refuses unsafe names (`..`, absolute paths,
 * backslashes), so such an entry is written under a safe name of the same length and renamed in
 * the bytes afterwards.
 */
export async function writeZip(path: string, items: ZipItem[]): Promise<void> {
  const zip = new yazl.ZipFile();
  const renames: [safe: string, name: string][] = [];
  items.forEach(({ name, data, mode, compress }, i) => {
    const safe = /(^|[/\\])\.\.([/\\]|$)|^\/|^[A-Za-z]:|\\/.test(name) ? `${String(i).padStart(4, '0')}${'_'.repeat(Math.max(0, name.length - 4))}`.slice(0, name.length) : name;
    if (safe !== name) renames.push([safe, name]);
    zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), safe, { mode, compress: compress ?? true });
  });
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  zip.end();
  await once(out, 'close');
  if (renames.length === 0) return;
  let bytes = readFileSync(path);
  for (const [safe, name] of renames) bytes = Buffer.from(bytes.toString('latin1').split(safe).join(name), 'latin1');
  writeFileSync(path, bytes);
}

/** Central directory records (and the local header of the first entry) of a zip, for surgery. */
function records(zip: Buffer): { central: number[]; localFirst: number; end: number } {
  const central: number[] = [];
  for (let i = zip.indexOf('PK\x01\x02', 0, 'latin1'); i >= 0; i = zip.indexOf('PK\x01\x02', i + 4, 'latin1')) central.push(i);
  return { central, localFirst: zip.indexOf('PK\x03\x04', 0, 'latin1'), end: zip.lastIndexOf('PK\x05\x06', undefined, 'latin1') };
}

/**
 * A deflate stream of `megabytes` MB of zeros, without compressing them all: one MB deflated and
 * sync-flushed is byte-aligned and refers only to zeros, so copies of it chain into one stream.
 */
export function deflatedZeros(megabytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(MB), { level: 9, finishFlush: zlib.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: megabytes }, () => block), deflateRawSync(Buffer.alloc(0))]);
}

/**
 * A one-entry zip whose data is `deflated`, claiming `claimedSize` uncompressed bytes. yazl writes
 * it as a stored entry of those bytes; the method and size fields are then rewritten to deflate.
 */
export async function bombZip(path: string, name: string, deflated: Buffer, claimedSize: number): Promise<Buffer> {
  await writeZip(path, [{ name, data: deflated, compress: false }]);
  const zip = readFileSync(path);
  const { central, localFirst } = records(zip);
  zip.writeUInt16LE(8, localFirst + 8);
  zip.writeUInt32LE(claimedSize, localFirst + 22);
  for (const at of central) {
    zip.writeUInt16LE(8, at + 10);
    zip.writeUInt32LE(claimedSize, at + 24);
  }
  writeFileSync(path, zip);
  return zip;
}

/** The zip with its one central directory record repeated `copies` times: every entry is the same data. */
export function overlapping(zip: Buffer, copies: number): Buffer {
  const { central, end } = records(zip);
  const first = central[0]!;
  const record = zip.subarray(first, end);
  const eocd = Buffer.from(zip.subarray(end));
  const directory = Buffer.concat(Array.from({ length: copies }, () => record));
  eocd.writeUInt16LE(copies, 8);
  eocd.writeUInt16LE(copies, 10);
  eocd.writeUInt32LE(directory.length, 12);
  return Buffer.concat([zip.subarray(0, first), directory, eocd]);
}
