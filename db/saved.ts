import type { Database } from './driver.js';

export interface SavedSearchRow {
  id: number;
  name: string;
  query: string;
  createdAt: string;
  lastOpenedAt: string | null;
  /** Articles with a higher id arrived after the search was last opened. */
  seenUpTo: number;
}

const COLUMNS = 'id, name, query, created_at AS createdAt, last_opened_at AS lastOpenedAt, seen_up_to AS seenUpTo';

/** Saved searches (monitors): a named query and how far its user has read. */
export class SavedSearchStore {
  constructor(private readonly db: Database) {}

  /** Adds a search, or null when the name is taken. It starts as read up to now. */
  add(name: string, query: string, at: string): SavedSearchRow | null {
    const info = this.db
      .prepare('INSERT INTO saved_searches (name, query, created_at, last_opened_at, seen_up_to) VALUES (?, ?, ?, ?, (SELECT ifnull(max(id), 0) FROM articles)) ON CONFLICT (name) DO NOTHING')
      .run(name, query, at, at);
    return info.changes === 0 ? null : this.get(name);
  }

  get(name: string): SavedSearchRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM saved_searches WHERE name = ?`).get(name) as SavedSearchRow | undefined) ?? null;
  }

  list(): SavedSearchRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM saved_searches ORDER BY name`).all() as SavedSearchRow[];
  }

  /** Everything in the archive now counts as seen. */
  markOpened(id: number, at: string): void {
    this.db.prepare('UPDATE saved_searches SET last_opened_at = ?, seen_up_to = (SELECT ifnull(max(id), 0) FROM articles) WHERE id = ?').run(at, id);
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM saved_searches WHERE name = ?').run(name).changes > 0;
  }
}
