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
/** Keys the first filter is sized for, at least. */
const FIRST_KEYS = 1 << 16;

/**
 * The filter, grown by adding filters: each new one takes twice the keys of the last, so nothing
 * is read again as the archive grows. A lookup asks each (a handful at most).
 */
export class StoredKeys implements HeldKeys {
  private readonly filters: KeyFilter[] = [];
  private room = 0;
  private size: number;
  /** The count of band writes the filter is whole for; null while a write of this process is not yet committed. */
  private generation: number | null;
  private next: number | null = null;

  constructor(keys: number, generation: number) {
    this.size = Math.max(FIRST_KEYS, keys);
    this.generation = generation;
  }

  private add(key: number): void {
    if (this.room === 0) {
      this.filters.push(new KeyFilter(this.size));
      this.room = this.size;
      this.size *= 2;
    }
    this.filters[this.filters.length - 1]!.add(key);
    this.room -= 1;
  }

  /** Whether the filter holds every key stored in the archive, inside a transaction that reads it. */
  whole(store: Archive['duplicates']): boolean {
    return this.generation !== null && this.generation === store.bandsGeneration();
  }

  mayBeStored(key: number): boolean {
    for (const f of this.filters) if (f.has(key)) return true;
    return false;
  }

  refs(): number[] {
    return NONE;
  }

  /**
   * Keys this process writes, inside the transaction that writes them (moved keys need none), and
   * the count of band writes after them. Until `committed`, the filter counts as not whole: a
   * transaction that fails leaves it so, and it is made again.
   */
  wrote(keys: Iterable<number>, generation: number): void {
    for (const key of keys) this.add(key);
    this.generation = null;
    this.next = generation;
  }

  /** After the transaction of `wrote` committed. */
  committed(): void {
    if (this.next === null) return;
    this.generation = this.next;
    this.next = null;
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
    // Article ids are never reused, so the finder's watermark is at least the number of articles
    // whose keys are stored; counting them instead would read the whole table at a million.
    const before = store.indexedUpTo();
    if (before > pending) return null;
    const filter = new StoredKeys((before + pending) * KEYS_PER_ARTICLE, store.bandsGeneration());
    filter.wrote(store.storedBandKeys(), store.bandsGeneration());
    filter.committed();
    kept.set(archive, filter);
    return filter;
  });
}

/** This process's filter, whole or not, for a write of its own to keep it up to date. */
export const keptKeys = (archive: Archive): StoredKeys | undefined => kept.get(archive);
