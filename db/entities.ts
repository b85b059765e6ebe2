import { BatchedInsert } from './batched-insert.js';
import type { Database } from './driver.js';

export type EntityKind = 'country' | 'person' | 'tag';
export type TagStatus = 'suggested' | 'confirmed' | 'rejected';
export type TagOrigin = 'auto' | 'manual';
export type EntityOrigin = 'gazetteer' | 'starter' | 'user' | 'auto';

/** What the analysers found for one entity in one article. */
export interface NewSuggestion {
  kind: 'country' | 'person';
  /** ISO code of a country, full name of a person. */
  key: string;
  mentions: number;
  score: number;
  /** [start, end) of each mention in the analysed text (title, blank line, body). */
  evidence: [number, number][];
}

export interface EntityRecord {
  id: number;
  kind: EntityKind;
  name: string;
  code: string | null;
  country: string | null;
  office: string | null;
  origin: EntityOrigin;
  registry: boolean;
  muted: boolean;
  aliases: string[];
}

export interface EntityListRow extends EntityRecord {
  /** Articles where it is suggested or confirmed. */
  articles: number;
  confirmed: number;
}

export interface ArticleTagRecord {
  entityId: number;
  kind: EntityKind;
  name: string;
  code: string | null;
  status: TagStatus;
  origin: TagOrigin;
  mentions: number;
  score: number;
  evidence: [number, number][];
  aliases: string[];
}

export interface EntityDetails {
  country?: string | null;
  office?: string | null;
  aliases?: string[];
}

/**
 * Logged changes kept before the log is dropped for a plain "everything changed": reading that many
 * articles' tags one by one would cost about as much as reading them all.
 */
const MAX_LOGGED_CHANGES = 20_000;
/** Evidence kept per tag; the analysers keep as many per suggestion. */
export const MAX_EVIDENCE = 50;

const now = (): string => new Date().toISOString();

/** An entity as SQLite gives it: flags as 0 or 1, aliases read apart. */
type EntityRow = Omit<EntityRecord, 'registry' | 'muted' | 'aliases'> & { registry: number; muted: number };

const ENTITY_COLUMNS = 'e.id, e.kind, e.name, e.code, e.country, e.office, e.origin, e.registry, e.muted';

/** Countries, people and tags, and which articles are about them (DESIGN §4, §7). */
export class EntityStore {
  private readonly personIds = new Map<string, { id: number; muted: boolean } | null>();
  private readonly countryIds = new Map<string, { id: number; muted: boolean } | null>();
  private readonly upsertSuggestion;
  private readonly insertSuggestions;
  private readonly refreshEvidence;
  private readonly dropStaleSuggestions;
  private readonly clearStaleEvidence;
  private readonly countryByCode;
  private readonly personByName;
  private readonly personByAlias;
  private readonly insertAutoPerson;
  /** Logged changes kept before the log counts as a change to everything (settable for tests). */
  changeLogLimit = MAX_LOGGED_CHANGES;

  constructor(private readonly db: Database) {
    // A new finding refreshes the evidence of an existing row but never the decision a person made on it.
    this.upsertSuggestion = db.prepare(
      `INSERT INTO article_entities (article_id, entity_id, status, origin, mentions, score, evidence)
       VALUES (?, ?, 'suggested', 'auto', ?, ?, ?)
       ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions = excluded.mentions, score = excluded.score, evidence = excluded.evidence`,
    );
    this.insertSuggestions = new BatchedInsert(db, 'INSERT INTO article_entities (article_id, entity_id, status, origin, mentions, score, evidence)', 7);
    this.refreshEvidence = db.prepare('UPDATE article_entities SET mentions = ?, score = ?, evidence = ? WHERE article_id = ? AND entity_id = ?');
    this.dropStaleSuggestions = db.prepare(
      `DELETE FROM article_entities WHERE article_id = ? AND status = 'suggested' AND origin = 'auto'
         AND entity_id NOT IN (SELECT value FROM json_each(?))`,
    );
    this.clearStaleEvidence = db.prepare(
      `UPDATE article_entities SET mentions = 0, score = 0, evidence = NULL
       WHERE article_id = ? AND entity_id NOT IN (SELECT value FROM json_each(?)) AND evidence IS NOT NULL`,
    );
    this.countryByCode = db.prepare("SELECT id, muted FROM entities WHERE kind = 'country' AND code = ?");
    this.personByName = db.prepare("SELECT id, muted FROM entities WHERE kind = 'person' AND name = ?");
    this.personByAlias = db.prepare(
      "SELECT e.id, e.muted FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias = ? AND e.kind = 'person' LIMIT 2",
    );
    this.insertAutoPerson = db.prepare("INSERT INTO entities (kind, name, origin, created_at) VALUES ('person', ?, 'auto', ?)");
  }

  private meta(key: string): string | null {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
  }

  private setMeta(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /**
   * Record that tags of articles already stored changed, so the facets' copy of them
   * (db/search/entity-columns.ts) is read again. Suggestions for new articles need no record.
   */
  touched(): void {
    this.db
      .prepare("INSERT INTO meta (key, value) VALUES ('tag_edits', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
      .run();
  }

  /** Record that these articles' tags changed; many at once, or a long log, count as a change to everything. Inside a transaction. */
  private changed(articleIds: readonly number[]): void {
    const logged = this.db.prepare('SELECT ifnull(max(seq), 0) - ifnull(min(seq), 0) FROM tag_changes').pluck().get() as number;
    if (logged + 1 + articleIds.length > this.changeLogLimit) {
      this.db.prepare('DELETE FROM tag_changes').run();
      this.touched();
      return;
    }
    const log = this.db.prepare('INSERT INTO tag_changes (article_id) VALUES (?)');
    for (const id of articleIds) log.run(id);
  }

  /**
   * Forget cached entity ids: after entities were renamed, merged, muted or removed here, and at
   * the start of every batch of writes, since another process (the CLI beside the app) may have
   * changed them in between.
   */
  forget(): void {
    this.personIds.clear();
    this.countryIds.clear();
  }

  /**
   * Bring the country rows up to the gazetteer shipped with this version: new countries and new
   * names are added, nothing a user added is removed. Skipped when `version` was already applied.
   */
  syncCountries(countries: readonly { code: string; name: string; aliases: readonly string[] }[], version: string): void {
    if (this.meta('gazetteer') === version) return;
    const find = this.db.prepare('SELECT id FROM entities WHERE kind = ? AND code = ?').pluck();
    const insert = this.db.prepare("INSERT INTO entities (kind, name, code, origin, created_at) VALUES ('country', ?, ?, 'gazetteer', ?)");
    const alias = this.db.prepare('INSERT INTO entity_aliases (alias, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
    this.db.transaction(() => {
      const at = now();
      for (const c of countries) {
        const id = (find.get('country', c.code) as number | undefined) ?? Number(insert.run(c.name, c.code, at).lastInsertRowid);
        for (const a of c.aliases) alias.run(a, id);
      }
      this.setMeta('gazetteer', version);
    }).immediate();
    this.forget();
  }

  /**
   * Add the starter registry of people once per version shipped. Only people no earlier list
   * brought are added, so a person the user renamed, merged or removed stays so; one the archive
   * already knows by name or alias joins the registry and gains the list's aliases.
   */
  seedPeople(people: readonly { name: string; aliases: readonly string[]; country: string | null; office: string }[], version: string): void {
    if (this.meta('starter_people') === version) return;
    const seeded = new Set(JSON.parse(this.meta('starter_people_names') ?? '[]') as string[]);
    const insert = this.db.prepare(
      "INSERT INTO entities (kind, name, country, office, origin, registry, created_at) VALUES ('person', ?, ?, ?, 'starter', 1, ?)",
    );
    const join = this.db.prepare('UPDATE entities SET registry = 1, country = ifnull(country, ?), office = ifnull(office, ?) WHERE id = ?');
    const alias = this.db.prepare('INSERT INTO entity_aliases (alias, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
    this.db.transaction(() => {
      const at = now();
      for (const p of people) {
        if (seeded.has(p.name)) continue;
        seeded.add(p.name);
        const known = (this.personByName.get(p.name) as { id: number } | undefined) ?? (this.personByAlias.all(p.name) as { id: number }[])[0];
        const id = known?.id ?? Number(insert.run(p.name, p.country, p.office, at).lastInsertRowid);
        if (known) join.run(p.country, p.office, id);
        for (const a of p.aliases) alias.run(a, id);
      }
      this.setMeta('starter_people_names', JSON.stringify([...seeded]));
      this.setMeta('starter_people', version);
    }).immediate();
    this.forget();
  }

  /**
   * People matched by name and alias in every article analysed: the registry. Muted people are in
   * it too, so that their short forms resolve to them and are then left out, rather than becoming
   * new people.
   */
  registry(): { name: string; aliases: string[] }[] {
    const rows = this.db
      .prepare<[], { name: string; aliases: string | null }>(
        `SELECT e.name, (SELECT json_group_array(alias) FROM entity_aliases WHERE entity_id = e.id) AS aliases
         FROM entities e WHERE e.kind = 'person' AND (e.registry = 1 OR e.muted = 1) ORDER BY e.id`,
      )
      .all();
    return rows.map((r) => ({ name: r.name, aliases: r.aliases === null ? [] : (JSON.parse(r.aliases) as string[]) }));
  }

  /** Articles up to this id were stored before the archive could analyse them; null when none are owed. */
  analysisOwed(): number | null {
    const v = this.meta('analysis_owed_up_to');
    return v === null ? null : Number(v);
  }

  analysisDone(): void {
    this.setMeta('analysis_owed_up_to', null);
  }

  /**
   * The entity a suggestion names: a country by its code; a person by name, else by an alias that
   * names only them (so a rename or merge holds), else a person first met, created. Names compare
   * without regard to the case of A–Z, as the column does.
   */
  private suggestionEntity(s: NewSuggestion): { id: number; muted: boolean } | null {
    const cache = s.kind === 'country' ? this.countryIds : this.personIds;
    const key = s.kind === 'country' ? s.key : s.key.replace(/[A-Z]/g, (c) => c.toLowerCase());
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    let row: { id: number; muted: number } | undefined;
    if (s.kind === 'country') row = this.countryByCode.get(s.key) as typeof row;
    else {
      row = this.personByName.get(s.key) as typeof row;
      if (!row) {
        const byAlias = this.personByAlias.all(s.key) as { id: number; muted: number }[];
        if (byAlias.length === 1) row = byAlias[0];
      }
      if (!row) row = { id: Number(this.insertAutoPerson.run(s.key, now()).lastInsertRowid), muted: 0 };
    }
    const entity = row ? { id: row.id, muted: row.muted === 1 } : null;
    cache.set(key, entity);
    return entity;
  }

  /** One finding per entity: names that differ only in case ("Van Dijk", "van Dijk") name one person. */
  private byEntity(suggestions: readonly NewSuggestion[]): Map<number, { muted: boolean; mentions: number; score: number; evidence: [number, number][] }> {
    const found = new Map<number, { muted: boolean; mentions: number; score: number; evidence: [number, number][] }>();
    for (const s of suggestions) {
      const entity = this.suggestionEntity(s);
      if (!entity) continue;
      const f = found.get(entity.id);
      if (!f) found.set(entity.id, { muted: entity.muted, mentions: s.mentions, score: s.score, evidence: s.evidence });
      else {
        f.mentions += s.mentions;
        f.score += s.score;
        f.evidence = [...f.evidence, ...s.evidence].sort((a, b) => a[0] - b[0]).slice(0, MAX_EVIDENCE);
      }
    }
    return found;
  }

  /** The suggestions of newly stored articles; muted entities are left out. Runs inside the caller's transaction, which calls `forget` first. */
  addSuggestions(articles: readonly { articleId: number; suggestions: readonly NewSuggestion[] }[]): void {
    this.insertSuggestions.write((add) => {
      for (const { articleId, suggestions } of articles) {
        for (const [id, f] of this.byEntity(suggestions)) {
          if (!f.muted) add(articleId, id, 'suggested', 'auto', f.mentions, f.score, JSON.stringify(f.evidence));
        }
      }
    });
  }

  /**
   * Replace an article's machine suggestions with a new analysis, keeping every human decision:
   * confirmed, rejected and manual rows stay, with fresh evidence when still found (also for a
   * muted entity), none when not. Runs inside the caller's transaction.
   */
  replaceSuggestions(articleId: number, suggestions: readonly NewSuggestion[]): void {
    const found: number[] = [];
    for (const [id, f] of this.byEntity(suggestions)) {
      found.push(id);
      const evidence = JSON.stringify(f.evidence);
      if (f.muted) this.refreshEvidence.run(f.mentions, f.score, evidence, articleId, id);
      else this.upsertSuggestion.run(articleId, id, f.mentions, f.score, evidence);
    }
    const ids = JSON.stringify(found);
    this.dropStaleSuggestions.run(articleId, ids);
    this.clearStaleEvidence.run(articleId, ids);
  }

  tagsOf(articleId: number): ArticleTagRecord[] {
    const rows = this.db
      .prepare<[number], Omit<ArticleTagRecord, 'evidence' | 'aliases'> & { evidence: string | null; aliases: string | null }>(
        `SELECT ae.entity_id AS entityId, e.kind, e.name, e.code, ae.status, ae.origin, ae.mentions, ae.score, ae.evidence,
                (SELECT json_group_array(alias) FROM entity_aliases WHERE entity_id = e.id) AS aliases
         FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
         WHERE ae.article_id = ? ORDER BY e.kind, ae.score DESC, e.name`,
      )
      .all(articleId);
    return rows.map((r) => ({
      ...r,
      evidence: r.evidence === null ? [] : (JSON.parse(r.evidence) as [number, number][]),
      aliases: r.aliases === null ? [] : (JSON.parse(r.aliases) as string[]),
    }));
  }

  /**
   * Entities a user's words name, the first way that finds any: by name or alias; then a country
   * by ISO code ("AS" is Amerika Serikat, an alias, before American Samoa's code); then a person
   * by one whole word of the name (`putin`). Several when the words are ambiguous.
   */
  find(kind: EntityKind, words: string): EntityRecord[] {
    const value = words.trim();
    const ways = [
      ['e.name = ? OR e.id IN (SELECT entity_id FROM entity_aliases WHERE alias = ?)', [value, value]],
      ["e.code IS NOT NULL AND e.code = upper(?)", [value]],
      ["e.kind = 'person' AND ' ' || e.name || ' ' LIKE ? ESCAPE '\\'", [`% ${value.replace(/[\\%_]/g, (c) => `\\${c}`)} %`]],
    ] as const;
    for (const [where, params] of ways) {
      const rows = this.db
        .prepare<unknown[], EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.kind = ? AND (${where}) ORDER BY (e.name = ?) DESC, e.registry DESC, e.id`)
        .all(kind, ...params, value);
      if (rows.length > 0) return rows.map((r) => this.record(r));
    }
    return [];
  }

  /** One entity with how many articles are about it. */
  summary(id: number): EntityListRow | null {
    const row = this.db
      .prepare<[number], EntityRow & { articles: number; confirmed: number }>(
        `SELECT ${ENTITY_COLUMNS},
           (SELECT count(*) FROM article_entities WHERE entity_id = e.id AND status IN ('suggested', 'confirmed')) AS articles,
           (SELECT count(*) FROM article_entities WHERE entity_id = e.id AND status = 'confirmed') AS confirmed
         FROM entities e WHERE e.id = ?`,
      )
      .get(id);
    return row ? { ...this.record(row), articles: row.articles, confirmed: row.confirmed } : null;
  }

  get(id: number): EntityRecord | null {
    const row = this.db.prepare<[number], EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.id = ?`).get(id);
    return row ? this.record(row) : null;
  }

  private record(row: EntityRow): EntityRecord {
    const aliases = this.db.prepare('SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias').pluck().all(row.id) as string[];
    return { ...row, registry: row.registry === 1, muted: row.muted === 1, aliases };
  }

  /** A new person or tag; null when one of that kind and name exists. */
  create(kind: 'person' | 'tag', name: string, details: EntityDetails = {}): EntityRecord | null {
    const info = this.db
      .prepare(
        `INSERT INTO entities (kind, name, country, office, origin, registry, created_at) VALUES (?, ?, ?, ?, 'user', ?, ?)
         ON CONFLICT (kind, name) DO NOTHING`,
      )
      .run(kind, name, details.country ?? null, details.office ?? null, kind === 'person' ? 1 : 0, now());
    if (info.changes === 0) return null;
    const id = Number(info.lastInsertRowid);
    for (const a of details.aliases ?? []) this.addAlias(id, a);
    this.forget();
    return this.get(id);
  }

  addAlias(id: number, alias: string): void {
    this.db.prepare('INSERT INTO entity_aliases (alias, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(alias, id);
  }

  removeAlias(id: number, alias: string): boolean {
    return this.db.prepare('DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?').run(id, alias).changes > 0;
  }

  /** False when another entity of the same kind already has the name (merge them instead). The old name stays as an alias. */
  rename(id: number, name: string): boolean {
    const entity = this.get(id);
    if (!entity) return false;
    const clash = this.db.prepare('SELECT id FROM entities WHERE kind = ? AND name = ? AND id <> ?').pluck().get(entity.kind, name, id);
    if (clash !== undefined) return false;
    this.db.transaction(() => {
      this.db.prepare('UPDATE entities SET name = ? WHERE id = ?').run(name, id);
      if (entity.name.toLowerCase() !== name.toLowerCase()) this.addAlias(id, entity.name);
      this.db.prepare('DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?').run(id, name);
    }).immediate();
    this.forget();
    return true;
  }

  /**
   * Fold `fromId` into `intoId`: its articles, aliases and name move over, then it is removed.
   * Where both tag one article, a confirmation wins, then a rejection (a person's decision), then a
   * suggestion; mentions and evidence come from whichever row has more mentions.
   */
  merge(fromId: number, intoId: number): void {
    this.db.transaction(() => {
      const from = this.get(fromId)!;
      this.db
        .prepare(
          `INSERT INTO article_entities (article_id, entity_id, status, origin, mentions, score, evidence, decided_at)
           SELECT article_id, ?, status, origin, mentions, score, evidence, decided_at FROM article_entities WHERE entity_id = ?
           ON CONFLICT (article_id, entity_id) DO UPDATE SET
             status = CASE WHEN 'confirmed' IN (status, excluded.status) THEN 'confirmed'
                           WHEN 'rejected' IN (status, excluded.status) THEN 'rejected' ELSE 'suggested' END,
             origin = CASE WHEN 'manual' IN (origin, excluded.origin) THEN 'manual' ELSE 'auto' END,
             evidence = CASE WHEN excluded.mentions > mentions THEN excluded.evidence ELSE evidence END,
             score = max(score, excluded.score),
             mentions = max(mentions, excluded.mentions),
             decided_at = nullif(max(ifnull(decided_at, ''), ifnull(excluded.decided_at, '')), '')`,
        )
        .run(intoId, fromId);
      this.db.prepare('INSERT INTO entity_aliases (alias, entity_id) SELECT alias, ? FROM entity_aliases WHERE entity_id = ? ON CONFLICT DO NOTHING').run(intoId, fromId);
      this.addAlias(intoId, from.name);
      this.db
        .prepare(
          `UPDATE entities SET registry = max(registry, ?), country = ifnull(country, ?), office = ifnull(office, ?) WHERE id = ?`,
        )
        .run(from.registry ? 1 : 0, from.country, from.office, intoId);
      this.db.prepare('DELETE FROM entities WHERE id = ?').run(fromId);
      this.touched();
      const into = this.get(intoId)!;
      this.db.prepare('DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?').run(intoId, into.name);
    }).immediate();
    this.forget();
  }

  /** Removes the entity and every tag of it. */
  remove(id: number): boolean {
    const removed = this.db.transaction(() => {
      const n = this.db.prepare('DELETE FROM entities WHERE id = ?').run(id).changes;
      if (n > 0) this.touched();
      return n > 0;
    }).immediate();
    this.forget();
    return removed;
  }

  /** A muted entity is never suggested again; its open suggestions go. Its confirmed tags stay. */
  setMuted(id: number, muted: boolean): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE entities SET muted = ? WHERE id = ?').run(muted ? 1 : 0, id);
      if (muted) this.db.prepare("DELETE FROM article_entities WHERE entity_id = ? AND status = 'suggested' AND origin = 'auto'").run(id);
      this.touched();
    }).immediate();
    this.forget();
  }

  /**
   * A person's decision on one article. Confirming a tag the article lacks adds it by hand;
   * rejecting one it lacks records the rejection, so it is never suggested there. Confirming a
   * person puts them in the registry, to be recognised in every article from now on.
   */
  decide(articleId: number, entityId: number, status: 'confirmed' | 'rejected'): TagStatus | null {
    const before = this.db
      .prepare('SELECT status FROM article_entities WHERE article_id = ? AND entity_id = ?')
      .pluck()
      .get(articleId, entityId) as TagStatus | undefined;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO article_entities (article_id, entity_id, status, origin, decided_at) VALUES (?, ?, ?, 'manual', ?)
           ON CONFLICT (article_id, entity_id) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at`,
        )
        .run(articleId, entityId, status, now());
      if (status === 'confirmed') this.db.prepare("UPDATE entities SET registry = 1 WHERE id = ? AND kind = 'person'").run(entityId);
      this.changed([articleId]);
    }).immediate();
    return before ?? null;
  }

  /** Takes a tag off an article; false when it had none. A machine suggestion may come back on re-analysis: reject it to stop that. */
  untag(articleId: number, entityId: number): boolean {
    return this.db.transaction(() => {
      const n = this.db.prepare('DELETE FROM article_entities WHERE article_id = ? AND entity_id = ?').run(articleId, entityId).changes;
      if (n > 0) this.changed([articleId]);
      return n > 0;
    }).immediate();
  }

  /**
   * The same decision for many articles, in chunks of one transaction each. `confirm` turns
   * existing suggestions into confirmed tags; `add` also tags articles without one. Neither
   * overrides a rejection a person made. Answers how many articles changed.
   */
  bulk(articleIds: readonly number[], entityId: number, action: 'confirm' | 'add', chunk = 5000): number {
    const at = now();
    const confirm = this.db.prepare(
      "UPDATE article_entities SET status = 'confirmed', decided_at = ? WHERE article_id = ? AND entity_id = ? AND status = 'suggested'",
    );
    const add = this.db.prepare(
      "INSERT INTO article_entities (article_id, entity_id, status, origin, decided_at) VALUES (?, ?, 'confirmed', 'manual', ?) ON CONFLICT DO NOTHING",
    );
    let changed = 0;
    for (let i = 0; i < articleIds.length; i += chunk) {
      this.db.transaction(() => {
        const touched: number[] = [];
        for (const id of articleIds.slice(i, i + chunk)) {
          let n = confirm.run(at, id, entityId).changes;
          if (n === 0 && action === 'add') n = add.run(id, entityId, at).changes;
          if (n > 0) touched.push(id);
        }
        changed += touched.length;
        this.changed(touched);
      }).immediate();
    }
    if (action === 'add' || changed > 0) this.db.prepare("UPDATE entities SET registry = 1 WHERE id = ? AND kind = 'person'").run(entityId);
    return changed;
  }

  /** Every entity (of one kind), with how many articles are about it. */
  list(kind?: EntityKind): EntityListRow[] {
    const rows = this.db
      .prepare<unknown[], EntityRow & { articles: number; confirmed: number }>(
        `SELECT ${ENTITY_COLUMNS},
           (SELECT count(*) FROM article_entities WHERE entity_id = e.id AND status IN ('suggested', 'confirmed')) AS articles,
           (SELECT count(*) FROM article_entities WHERE entity_id = e.id AND status = 'confirmed') AS confirmed
         FROM entities e WHERE (? IS NULL OR e.kind = ?) ORDER BY e.kind, articles DESC, e.name`,
      )
      .all(kind ?? null, kind ?? null);
    const aliases = new Map<number, string[]>();
    for (const r of this.db.prepare<[], { entity_id: number; alias: string }>('SELECT entity_id, alias FROM entity_aliases ORDER BY alias').all()) {
      const list = aliases.get(r.entity_id) ?? [];
      list.push(r.alias);
      aliases.set(r.entity_id, list);
    }
    return rows.map((r) => ({ ...r, registry: r.registry === 1, muted: r.muted === 1, aliases: aliases.get(r.id) ?? [] }));
  }
}
