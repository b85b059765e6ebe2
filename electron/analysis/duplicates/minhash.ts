/*
 * A paragraph's 5-gram hashes, four at a time, and the MinHash rows of a band over them, eight at
 * a time, in WebAssembly SIMD.
 *
 * A row's value for a shingle hash h is fmix32(h ^ seed), and the row keeps the least over the
 * paragraph's shingles. In JavaScript that is one hash a row a shingle: for a news paragraph of
 * 300 characters, two bands of seven rows cost 4,200 of them, and that was the largest part of
 * what the import's parsing thread did. Four rows fit one 128-bit vector, so a band's seven (or
 * five) rows are two vectors, one lane unused. The arithmetic is fmix32's, to the bit: the keys
 * are those every earlier version stored (dup-signature.test.ts pins some; minhash.test.ts compares
 * the whole with MinHash written out plainly).
 *
 * The shingle hashes (FNV-1a over five UTF-16 code units, then fmix32) were then the larger part:
 * five `charCodeAt` a shingle. Here each code unit is read once, into memory, and four
 * neighbouring shingles are hashed at once.
 *
 * The module is a few hundred bytes, assembled here rather than shipped as a binary, so what it
 * does can be read:
 * - `shingles(charsAt, length, hashesAt)` reads `length` (at least five) code units and writes the
 *   hashes of their length − 4 shingles, rounded up to a multiple of four (the rest is scratch);
 * - `minima(seedsAt, hashesAt, count, outAt)` reads eight seeds (each already folded with its own
 *   top half, see below) and `count` shingle hashes, and writes the eight rows' minima.
 */

/** Bytes from where the seeds of each band are, eight lanes of four bytes a band. */
const SEEDS_AT = 0;
const OUT_AT = 256;
const HASHES_AT = 512;
const PAGE = 65536;
/** Code units in a shingle. */
export const SHINGLE_CHARS = 5;

const leb = (n: number): number[] => {
  const out: number[] = [];
  let rest = n;
  do {
    const low = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return out;
};
const vector = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];
const name = (s: string): number[] => vector([...s].map((c) => [c.charCodeAt(0)]));

// Opcodes, from the WebAssembly core specification (SIMD ones are prefixed by 0xfd).
const I32 = 0x7f;
const V128 = 0x7b;
const local = { get: 0x20, set: 0x21, tee: 0x22 };
const I32_LOAD = 0x28;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_SHL = 0x74;
const I32_SHR_U = 0x76;
const I32_XOR = 0x73;
const I32_LT_U = 0x49;
const I32_GE_U = 0x4f;
const BLOCK = 0x02;
const LOOP = 0x03;
const BR_IF = 0x0d;
const END = 0x0b;
const EMPTY = 0x40;
const V128_LOAD = [0xfd, 0x00];
const V128_STORE = [0xfd, 0x0b];
const V128_CONST = [0xfd, 0x0c];
const V128_LOAD16X4_U = [0xfd, 0x04];
const I32X4_SPLAT = [0xfd, 0x11];
const V128_XOR = [0xfd, 0x51];
const I32X4_SHR_U = [0xfd, 0xad, 0x01];
const I32X4_MUL = [0xfd, 0xb5, 0x01];
const I32X4_MIN_U = [0xfd, 0xb7, 0x01];
/** Alignment (as a power of two) and offset of a load or store. */
const at16 = (offset: number): number[] => [4, ...leb(offset)];
const at2 = (offset: number): number[] => [1, ...leb(offset)];

const allLanes = (value: number): number[] => {
  const bytes: number[] = [];
  for (let lane = 0; lane < 4; lane++) for (let b = 0; b < 32; b += 8) bytes.push((value >>> b) & 0xff);
  return [...V128_CONST, ...bytes];
};

/** fmix32's steps after its first (x ^= x >>> 16) on the vector on the stack, `t` a scratch local. */
const mixRest = (t: number): number[] => [
  ...allLanes(0x85ebca6b), ...I32X4_MUL,
  local.tee, t, local.get, t, I32_CONST, 13, ...I32X4_SHR_U, ...V128_XOR,
  ...allLanes(0xc2b2ae35), ...I32X4_MUL,
  local.tee, t, local.get, t, I32_CONST, 16, ...I32X4_SHR_U, ...V128_XOR,
];

const MINIMA = (() => {
  // Parameters 0–3, then the locals.
  const [SEEDS, HASHES, COUNT, OUT] = [0, 1, 2, 3];
  const [END_AT, H] = [4, 5];
  const [SEED_LOW, SEED_HIGH, MIN_LOW, MIN_HIGH, SPLAT, T] = [6, 7, 8, 9, 10, 11];
  /** min(min, fmix32(splat ^ seed)) into `min`. */
  const row = (min: number, seed: number): number[] => [local.get, min, local.get, SPLAT, local.get, seed, ...V128_XOR, ...mixRest(T), ...I32X4_MIN_U, local.set, min];
  return [
    ...vector([[2, I32], [6, V128]]),
    local.get, HASHES, local.get, COUNT, I32_CONST, 2, I32_SHL, I32_ADD, local.set, END_AT,
    local.get, SEEDS, ...V128_LOAD, ...at16(0), local.set, SEED_LOW,
    local.get, SEEDS, ...V128_LOAD, ...at16(16), local.set, SEED_HIGH,
    ...allLanes(0xffffffff), local.tee, MIN_LOW, local.set, MIN_HIGH,
    BLOCK, EMPTY,
    local.get, HASHES, local.get, END_AT, I32_GE_U, BR_IF, 0,
    LOOP, EMPTY,
    // h ^ (h >>> 16), in every lane
    local.get, HASHES, I32_LOAD, 2, 0, local.tee, H, local.get, H, I32_CONST, 16, I32_SHR_U, I32_XOR, ...I32X4_SPLAT, local.set, SPLAT,
    ...row(MIN_LOW, SEED_LOW),
    ...row(MIN_HIGH, SEED_HIGH),
    local.get, HASHES, I32_CONST, 4, I32_ADD, local.tee, HASHES, local.get, END_AT, I32_LT_U, BR_IF, 0,
    END,
    END,
    local.get, OUT, local.get, MIN_LOW, ...V128_STORE, ...at16(0),
    local.get, OUT, local.get, MIN_HIGH, ...V128_STORE, ...at16(16),
    END,
  ];
})();

const SHINGLES = (() => {
  const [CHARS, LENGTH, HASHES] = [0, 1, 2];
  const [END_AT] = [3];
  const [H, T] = [4, 5];
  /** h = (h ^ the code units at offset `j` of four neighbouring shingles) × the FNV prime. */
  const step = (j: number): number[] => [local.get, H, local.get, CHARS, ...V128_LOAD16X4_U, ...at2(2 * j), ...V128_XOR, ...allLanes(0x01000193), ...I32X4_MUL, local.set, H];
  return [
    ...vector([[1, I32], [2, V128]]),
    // Shingles start at code units 0 … length − 5.
    local.get, CHARS, local.get, LENGTH, I32_CONST, SHINGLE_CHARS - 1, I32_SUB, I32_CONST, 1, I32_SHL, I32_ADD, local.set, END_AT,
    LOOP, EMPTY,
    ...allLanes(0x811c9dc5), local.set, H,
    ...[0, 1, 2, 3, 4].flatMap(step),
    local.get, H, local.get, H, I32_CONST, 16, ...I32X4_SHR_U, ...V128_XOR, ...mixRest(T), local.set, H,
    local.get, HASHES, local.get, H, ...V128_STORE, ...at16(0),
    local.get, HASHES, I32_CONST, 16, I32_ADD, local.set, HASHES,
    local.get, CHARS, I32_CONST, 8, I32_ADD, local.tee, CHARS, local.get, END_AT, I32_LT_U, BR_IF, 0,
    END,
    END,
  ];
})();

const body = (code: number[]): number[] => [...leb(code.length), ...code];
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vector([[0x60, 4, I32, I32, I32, I32, 0], [0x60, 3, I32, I32, I32, 0]])),
  ...section(3, vector([[0], [1]])),
  ...section(5, vector([[0, 1]])),
  ...section(7, vector([[...name('memory'), 2, 0], [...name('minima'), 0, 0], [...name('shingles'), 0, 1]])),
  ...section(10, vector([body(MINIMA), body(SHINGLES)])),
]);

interface Exports {
  memory: WebAssembly.Memory;
  minima(seedsAt: number, hashesAt: number, count: number, outAt: number): void;
  shingles(charsAt: number, length: number, hashesAt: number): void;
}

/** Bands' seeds in, shingle hashes in, rows' minima out. Each instance has its memory, so one serves one thread. */
export class MinHasher {
  private readonly exports: Exports;
  private words: Uint32Array;
  private bytes: Buffer;

  /** `seeds[band]`: that band's rows' seeds, at most eight. */
  constructor(seeds: readonly ArrayLike<number>[]) {
    this.exports = new WebAssembly.Instance(new WebAssembly.Module(MODULE)).exports as unknown as Exports;
    this.words = new Uint32Array(this.exports.memory.buffer);
    this.bytes = Buffer.from(this.exports.memory.buffer);
    if (seeds.length * 32 > OUT_AT - SEEDS_AT) throw new Error('too many bands');
    seeds.forEach((band, b) => {
      if (band.length > 8) throw new Error('more than eight rows in a band');
      for (let r = 0; r < band.length; r++) {
        const s = band[r]!;
        this.words[(SEEDS_AT >> 2) + 8 * b + r] = s ^ (s >>> 16);
      }
    });
  }

  /** Room for `count` shingle hashes, to be written before `minima` is called; valid until the next call. */
  hashes(count: number): Uint32Array {
    this.reserve(HASHES_AT + 4 * count);
    return this.words.subarray(HASHES_AT >> 2, (HASHES_AT >> 2) + count);
  }

  /** Hashes the 5-grams of `text` (at least SHINGLE_CHARS code units) for `minima`; answers how many there are. */
  shingles(text: string): number {
    const count = text.length - SHINGLE_CHARS + 1;
    if (count < 1) throw new Error('text shorter than a shingle');
    // Hashes first, rounded up to whole vectors; the code units after them, with a vector's
    // worth of room past the end for the last shingles' reads.
    const charsAt = HASHES_AT + 16 * Math.ceil(count / 4);
    this.reserve(charsAt + 2 * text.length + 16);
    // UTF-16LE is the code units as they are, lone surrogates too: copied natively, not read one by one.
    this.bytes.write(text, charsAt, 'utf16le');
    this.exports.shingles(charsAt, text.length, HASHES_AT);
    return count;
  }

  private reserve(bytes: number): void {
    const memory = this.exports.memory;
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
      this.words = new Uint32Array(memory.buffer);
      this.bytes = Buffer.from(memory.buffer);
    }
  }

  /** The minima of `band`'s rows over the first `count` hashes written, as unsigned 32-bit integers; valid until the next call. */
  minima(band: number, count: number): Uint32Array {
    this.exports.minima(SEEDS_AT + 32 * band, HASHES_AT, count, OUT_AT);
    return this.words.subarray(OUT_AT >> 2, (OUT_AT >> 2) + 8);
  }
}
