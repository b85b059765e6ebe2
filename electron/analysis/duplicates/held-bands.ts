import type { HeldKeys } from '../../../db/duplicates.js';
import { fmix32 as mix } from './signature.js';

/*
 * Band keys a big pass of the duplicate finder holds in memory instead of writing them chunk by
 * chunk (docs/duplicates.md#big-passes). At a million articles the band index is tens of millions
 * of rows; a chunk's 55,000 keys, spread over the whole key range, dirtied as many of its pages,
 * and the commits were most of the pass (1.45 s a chunk on a 50-million-row index, measured). Held
 * here, the keys are looked up as if stored and written now and then in key order, each page of
 * the index once.
 *
 * Typed arrays rather than a Map of arrays: about 24 bytes a key instead of some 100, which is
 * what lets a pass hold millions of them.
 */

const nextPowerOfTwo = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

/**
 * A Bloom filter of band keys: "no" for certain, "maybe" wrongly for at most about 2.4 % of other
 * keys up to its planned number. It spares the lookup of a key in the stored index when no stored
 * row can have it, which is most keys (a key is shared only by a copy or by chance).
 */
export class KeyFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /** Sized for `keys` keys at 8 to 16 bits each (a power of two; 2.4 % to 0.2 % false "maybe" with four probes), at most 128 MB. */
  constructor(keys: number) {
    const bits = Math.min(2 ** 30, Math.max(2 ** 16, nextPowerOfTwo(keys * 8)));
    this.bits = new Uint32Array(bits / 32);
    this.mask = bits - 1;
  }

  add(key: number): void {
    const h1 = mix(key);
    const h2 = mix(key ^ 0x9e3779b9) | 1;
    for (let i = 0; i < 4; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  has(key: number): boolean {
    const h1 = mix(key);
    const h2 = mix(key ^ 0x9e3779b9) | 1;
    for (let i = 0; i < 4; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/**
 * The held keys: a multimap from band key to paragraph refs in the order they were added (article
 * order, as the pass goes), chained per bucket. With a filter, it also answers whether the stored
 * tables may hold a key: the filter was filled with every stored key when the pass began, and is
 * given the held keys as they are stored.
 */
export class HeldBands implements HeldKeys {
  private keys: Int32Array;
  private refsOf: Float64Array;
  private next: Int32Array;
  private readonly heads: Int32Array;
  private readonly tails: Int32Array;
  private readonly mask: number;
  private count = 0;

  /**
   * `expected`: about how many keys are held at most before they are written (a pass stores them
   * after the chunk that reaches its bound, so a little room is made for that chunk's); `filter`:
   * see above, or null to look every key up.
   */
  constructor(
    expected: number,
    private readonly filter: KeyFilter | null,
  ) {
    const buckets = nextPowerOfTwo(expected);
    this.heads = new Int32Array(buckets).fill(-1);
    this.tails = new Int32Array(buckets);
    this.mask = buckets - 1;
    const room = Math.max(1024, Math.ceil(expected * 1.0625));
    this.keys = new Int32Array(room);
    this.refsOf = new Float64Array(room);
    this.next = new Int32Array(room);
  }

  get size(): number {
    return this.count;
  }

  add(key: number, ref: number): void {
    if (this.count === this.keys.length) this.grow();
    const i = this.count++;
    this.keys[i] = key;
    this.refsOf[i] = ref;
    this.next[i] = -1;
    const b = mix(key) & this.mask;
    if (this.heads[b] === -1) this.heads[b] = i;
    else this.next[this.tails[b]!] = i;
    this.tails[b] = i;
  }

  /** Grown by half, when a chunk brought more than the room made: that should not double the memory. */
  private grow(): void {
    const size = Math.ceil(this.keys.length * 1.5);
    const keys = new Int32Array(size);
    keys.set(this.keys);
    const refs = new Float64Array(size);
    refs.set(this.refsOf);
    const next = new Int32Array(size);
    next.set(this.next);
    this.keys = keys;
    this.refsOf = refs;
    this.next = next;
  }

  refs(key: number, limit: number): number[] {
    const out: number[] = [];
    for (let i = this.heads[mix(key) & this.mask]!; i !== -1 && out.length < limit; i = this.next[i]!) if (this.keys[i] === key) out.push(this.refsOf[i]!);
    return out;
  }

  mayBeStored(key: number): boolean {
    return this.filter === null || this.filter.has(key);
  }

  /**
   * The held entries in key order and, within a key, in the order added: indexes for `keyAt` and
   * `refAt`. A stable radix sort on the key's two halves: linear, where a comparison sort of
   * millions of entries is not.
   */
  sorted(): Uint32Array {
    const n = this.count;
    let order = new Uint32Array(n);
    let spare = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // Unsigned order of the bits flipped at the sign is the signed order of the keys.
    const digit = (i: number, shift: number): number => ((this.keys[i]! ^ 0x80000000) >>> shift) & 0xffff;
    for (const shift of [0, 16]) {
      const counts = new Uint32Array(65537);
      for (let k = 0; k < n; k++) counts[digit(order[k]!, shift) + 1]! += 1;
      for (let d = 0; d < 65536; d++) counts[d + 1]! += counts[d]!;
      for (let k = 0; k < n; k++) spare[counts[digit(order[k]!, shift)]!++] = order[k]!;
      [order, spare] = [spare, order];
    }
    return order;
  }

  keyAt(i: number): number {
    return this.keys[i]!;
  }

  refAt(i: number): number {
    return this.refsOf[i]!;
  }

  /**
   * Forget every held key, once stored; the filter takes them then. Not before: a key only held
   * is found here, and a lookup of it in the stored tables would find nothing.
   */
  clear(): void {
    if (this.filter !== null) for (let i = 0; i < this.count; i++) this.filter.add(this.keys[i]!);
    this.count = 0;
    this.heads.fill(-1);
  }
}
