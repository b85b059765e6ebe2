/*
 * The search query language as a tree. The parser (electron/search/parse.ts) builds it from what
 * the user typed; the compiler beside this file turns it into parameterised SQL. It lives in db/
 * because storage is what runs it, and storage may not import the domain. Nothing the user typed
 * reaches SQLite except as a bound parameter inside a quoted FTS5 string.
 */

export type TextField = 'title';
export type FilterField = 'source' | 'lang' | 'country' | 'person' | 'tag';

export type QueryNode =
  /** A word; `prefix` for `word*`. `field` restricts it to the title. */
  | { kind: 'term'; word: string; prefix: boolean; field?: TextField }
  /** Words that must stand next to each other in this order. */
  | { kind: 'phrase'; words: string[]; field?: TextField }
  /** Words within `distance` words of each other, in any order: `"xi putin"~10`, `NEAR(xi putin, 10)`. */
  | { kind: 'near'; words: string[]; distance: number }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  /**
   * `source:kompas`, `lang:id`, `country:…`, `person:…`, `tag:…`; values compared case-insensitively.
   * A country or person filter matches suggested and confirmed tags, or only confirmed ones when `confirmed`.
   */
  | { kind: 'filter'; field: FilterField; value: string; confirmed?: boolean }
  /** Published on or after `from` and before `until` (ISO dates or datetimes; either may be open). */
  | { kind: 'date'; from?: string; until?: string };
