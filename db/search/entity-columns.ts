import type { Database, Statement } from '../driver.js';

const COMMA = 44;
const ZERO = 48;
/** Article ids per read while loading: two strings of a few MB each, however large the archive. */
const LOAD_SLICE = 20_000;

/**
 * The countries and people each article is about (suggested or confirmed, never rejected), held
 * in memory as one array of tags per article id (compressed rows: `offsets[id]` to
 * `offsets[id + 1]` in `tags`, each tag the entity id times two plus one when confirmed).
 * Facets count the tags of hundreds of thousands of matched articles; joining them to
 * `article_entities` in SQL costs seconds per million, a pass over these arrays milliseconds.
 * New articles are read as they arrive. The articles whose tags a person changed (a decision, a
 * bulk change) are logged in `tag_changes`, and only they are read again, into `patched`, which
 * overrides their row. Changes to everything (a merge, a mute, a re-analysis, a removed article,
 * a log grown too long) move a counter, and then everything is read again.
 */
export class EntityColumns {
  private offsets = new Int32Array(1);
  private tags = new Int32Array(0);
  private count = 0;
  private maxEntity = 0;
  private loadedUpTo = 0;
  private loadedEdits = '';
  private loadedChange = 0;
  private patched = new Map<number, Int32Array>();
  private version = '';
  private readonly changes: Statement;
  private readonly state: Statement;
  private readonly slice: Statement;
  private readonly changedSince: Statement;
  private readonly tagsOf: Statement;

  constructor(
    private readonly db: Database,
    private readonly sliceSize = LOAD_SLICE,
  ) {
    this.changes = db.prepare('SELECT total_changes()').pluck();
    this.state = db.prepare(
      `SELECT (SELECT ifnull(max(id), 0) FROM articles) AS top,
              (SELECT n FROM article_edits) || ':' || ifnull((SELECT value FROM meta WHERE key = 'tag_edits'), '0') AS edits,
              (SELECT ifnull(max(seq), 0) FROM tag_changes) AS change`,
    );
    this.changedSince = db.prepare('SELECT DISTINCT article_id FROM tag_changes WHERE seq > ? AND article_id <= ?').pluck();
    this.tagsOf = db.prepare("SELECT entity_id * 2 + (status = 'confirmed') FROM article_entities WHERE article_id = ? AND status <> 'rejected'").pluck();
    this.slice = db
      .prepare(
        `SELECT group_concat(article_id), group_concat(entity_id * 2 + (status = 'confirmed')) FROM (
           SELECT article_id, entity_id, status FROM article_entities
           WHERE article_id > ? AND article_id <= ? AND status <> 'rejected' ORDER BY article_id, entity_id)`,
      )
      .raw();
  }

  /** Articles in `ids` (SQLite's group_concat of matched ids) counted per entity id; only confirmed tags with `confirmedOnly`. */
  tally(ids: string | null, confirmedOnly: boolean): Map<number, number> {
    this.refresh();
    const counts = new Int32Array(this.maxEntity + 1);
    const { offsets, tags, patched } = this;
    const anyPatched = patched.size > 0;
    const top = this.loadedUpTo;
    const list = ids ?? '';
    const need = confirmedOnly ? 1 : 0;
    let id = 0;
    for (let i = 0; i <= list.length; i++) {
      const c = i < list.length ? list.charCodeAt(i) : COMMA;
      if (c !== COMMA) {
        id = id * 10 + (c - ZERO);
        continue;
      }
      const patch = anyPatched ? patched.get(id) : undefined;
      if (patch) {
        for (const t of patch) if ((t & 1) >= need) counts[t >> 1]! += 1;
      } else if (list.length > 0 && id <= top) {
        for (let k = offsets[id]!, end = offsets[id + 1]!; k < end; k++) {
          const t = tags[k]!;
          if ((t & 1) >= need) counts[t >> 1]! += 1;
        }
      }
      id = 0;
    }
    const result = new Map<number, number>();
    counts.forEach((n, entity) => {
      if (n > 0) result.set(entity, n);
    });
    return result;
  }

  /** Same rule as ArticleColumns.refresh: another connection's commit or our own writes may mean new articles or new tags. */
  private refresh(): void {
    const version = `${String(this.db.pragma('data_version', { simple: true }))}:${String(this.changes.get())}`;
    if (version === this.version) return;
    const { top, edits, change } = this.state.get() as { top: number; edits: string; change: number };
    if (edits !== this.loadedEdits) {
      this.offsets = new Int32Array(1);
      this.tags = new Int32Array(0);
      this.count = 0;
      this.maxEntity = 0;
      this.loadedUpTo = 0;
      this.patched = new Map();
      this.loadedEdits = edits;
      this.loadedChange = change;
    }
    // Logged articles beyond those read so far are read with the new ones.
    if (change > this.loadedChange) {
      for (const id of this.changedSince.all(this.loadedChange, this.loadedUpTo) as number[]) {
        const tags = Int32Array.from(this.tagsOf.all(id) as number[]);
        for (const t of tags) if (t >> 1 > this.maxEntity) this.maxEntity = t >> 1;
        this.patched.set(id, tags);
      }
      this.loadedChange = change;
    }
    if (top > this.loadedUpTo) this.load(top);
    this.version = version;
  }

  private load(top: number): void {
    const offsets = new Int32Array(top + 2);
    offsets.set(this.offsets.subarray(0, this.loadedUpTo + 1));
    for (let from = this.loadedUpTo; from < top; from += this.sliceSize) {
      const to = Math.min(top, from + this.sliceSize);
      const [articles, codes] = this.slice.get(from, to) as [string | null, string | null];
      // Both lists are in the same row order; read them in step.
      let article = from;
      let a = 0;
      let b = 0;
      const list = articles ?? '';
      const tagList = codes ?? '';
      while (a < list.length) {
        let id = 0;
        for (let c = list.charCodeAt(a); a < list.length && c !== COMMA; c = list.charCodeAt(++a)) id = id * 10 + (c - ZERO);
        a += 1;
        let tag = 0;
        for (let c = tagList.charCodeAt(b); b < tagList.length && c !== COMMA; c = tagList.charCodeAt(++b)) tag = tag * 10 + (c - ZERO);
        b += 1;
        // Articles without tags between the last one and this one end where it begins.
        for (; article < id; article++) offsets[article + 1] = this.count;
        this.push(tag);
      }
      for (; article < to; article++) offsets[article + 1] = this.count;
    }
    offsets[top + 1] = this.count;
    this.offsets = offsets;
    this.loadedUpTo = top;
  }

  private push(tag: number): void {
    if (this.count === this.tags.length) {
      const grown = new Int32Array(Math.max(1024, this.tags.length * 2));
      grown.set(this.tags);
      this.tags = grown;
    }
    this.tags[this.count++] = tag;
    if (tag >> 1 > this.maxEntity) this.maxEntity = tag >> 1;
  }
}
