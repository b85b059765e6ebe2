import type { Archive } from '../../../db/archive.js';
import type { HeldKeys } from '../../../db/duplicates.js';
import { KeyFilter } from './held-bands.js';

/*
 * A filter of every stored band key, of both tables, that a process keeps from one pass of the
 * finder to the next for as long as no other process writes keys (the archive's count of band
 * writes says so). An import runs the finder every few thousand articles; at 100,000 articles
 * 99.9 % of its lookups found nothing, and they took 16 s of a 160 s import. The filter answers
 * most of them without reading the index.
 */

const NONE: number[] = [];
/**
 * Keys the first filter is sized for, at least: 1 MB. Each full filter says "maybe" wrongly for
 * up to about 2.4 % of other keys, and the filters' errors add up, so they should be few: six
 * million keys (100,000 articles) fill three.
 */
const FIRST_KEYS = 1 << 20;
/** Keys a KeyFilter takes at its largest (128 MB) before it fills up: past them, no filter. */
const MOST_KEYS = 2 ** 27;

/**
 * The filter, grown by adding filters: each new one takes twice the keys of the last, so nothing
 * is read again as the archive grows. A lookup asks each (a handful at most).
 */
export class StoredKeys implements HeldKeys {
  private readonly filters: KeyFilter[] = [];
  private room = 0;
  private size: number;
  /** The count of band writes the filter is whole for; null while it is not (a write of this process not yet committed, or too many keys). */
  private generation: number | null;
  private next: number | null = null;
  private full = false;

  /** A filter sized for about `keys` keys, whole at `generation` with the `stored` keys, read at that count. */
  constructor(keys: number, generation: number, stored: Iterable<number>) {
    this.size = Math.max(FIRST_KEYS, keys);
    this.generation = generation;
    for (const key of stored) this.add(key);
  }

  private add(key: number): void {
    if (this.room === 0) {
      if (this.size > MOST_KEYS) {
        this.full = true;
        return;
      }
      this.filters.push(new KeyFilter(this.size));
      this.room = this.size;
      this.size *= 2;
    }
    this.filters[this.filters.length - 1]!.add(key);
    this.room -= 1;
  }

  /** Whether the filter holds every key stored in the archive, inside a transaction that reads it. */
  whole(store: Archive['duplicates']): boolean {
    return !this.full && this.generation !== null && this.generation === store.bandsGeneration();
  }

  mayBeStored(key: number): boolean {
    for (const f of this.filters) if (f.has(key)) return true;
    return false;
  }

  refs(): number[] {
    return NONE;
  }

  /**
   * Keys stored, inside the transaction that reads or writes them (moved keys need none), and the
   * count of band writes with them. Until that transaction commits (see `settling`), the filter
   * counts as not whole.
   */
  took(keys: ArrayLike<number>, generation: number): void {
    for (let i = 0; i < keys.length; i++) this.add(keys[i]!);
    this.generation = null;
    this.next = generation;
  }

  /** After the transaction of `took`: whole at its count if it committed; if it failed, not whole until made again. */
  private settle(committed: boolean): void {
    if (committed && this.next !== null) this.generation = this.next;
    this.next = null;
  }

  /**
   * Run a transaction in which this filter may take keys, and settle it right after, before any
   * other pass on this connection runs: a later pass's commit must never vouch for keys a failed
   * transaction took.
   */
  static settling<T>(filter: StoredKeys | null | undefined, transaction: () => T): T {
    let result: T;
    try {
      result = transaction();
    } catch (err) {
      filter?.settle(false);
      throw err;
    }
    filter?.settle(true);
    return result;
  }
}

const kept = new WeakMap<Archive, StoredKeys>();

/** Band keys an article brings, about (four a paragraph of eight words or more), to size a filter. */
export const KEYS_PER_ARTICLE = 60;

/**
 * This process's filter of the archive's stored keys, if whole; otherwise a new one when the
 * pass ahead (`pending` articles) is at least as big as what has its keys stored, since reading
 * every stored key costs about what the pass does; otherwise null, and lookups read the index.
 */
export function storedKeysFor(archive: Archive, pending: number): StoredKeys | null {
  const store = archive.duplicates;
  // One read transaction: a merge by another process between reading the two tables would hide
  // the keys it moves.
  return archive.inReadTransaction(() => {
    const have = kept.get(archive);
    if (have?.whole(store)) return have;
    kept.delete(archive);
    // Keys are stored only for articles up to the finder's watermark, each with an id of its own,
    // so the watermark is at least their number; counting them would read the whole table at a
    // million articles.
    const before = store.indexedUpTo();
    if (before > pending || (before + pending) * KEYS_PER_ARTICLE > MOST_KEYS) return null;
    const filter = new StoredKeys((before + pending) * KEYS_PER_ARTICLE, store.bandsGeneration(), store.storedBandKeys());
    kept.set(archive, filter);
    return filter;
  });
}

/** This process's filter, whole or not, for a write of its own to keep it up to date. */
export const keptKeys = (archive: Archive): StoredKeys | undefined => kept.get(archive);
