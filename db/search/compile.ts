import type { CompiledSearch, SqlCondition } from './store.js';
import type { FilterField, QueryNode } from './ast.js';

/*
 * AST → SQL. Text (terms, phrases, proximity) becomes FTS5 expressions built only from quoted
 * words the parser has reduced to letters and digits, and every value is a bound parameter.
 * The largest text-only part of a top-level AND becomes the ranking MATCH; what FTS5 cannot say
 * (a NOT with nothing positive beside it, text OR'd with a filter) becomes a subquery.
 */

const quote = (word: string): string => `"${word}"`;

/** The FTS5 expression for a text-only node, or null if the node needs SQL (filters, lone NOTs). */
function fts(node: QueryNode): string | null {
  switch (node.kind) {
    case 'term': {
      const t = `${quote(node.word)}${node.prefix ? ' *' : ''}`;
      return node.field ? `${node.field} : ${t}` : t;
    }
    case 'phrase': {
      const p = quote(node.words.join(' '));
      return node.field ? `${node.field} : ${p}` : p;
    }
    case 'near':
      return `NEAR(${node.words.map(quote).join(' ')}, ${node.distance})`;
    case 'and': {
      const positive: string[] = [];
      const negative: string[] = [];
      for (const child of node.children) {
        const target = child.kind === 'not' ? negative : positive;
        const expr = fts(child.kind === 'not' ? child.child : child);
        if (expr === null) return null;
        target.push(expr);
      }
      if (positive.length === 0) return null;
      const pos = positive.length === 1 ? positive[0]! : `(${positive.join(' AND ')})`;
      return negative.length === 0 ? pos : `${pos} NOT (${negative.join(' OR ')})`;
    }
    case 'or': {
      const parts = node.children.map(fts);
      return parts.every((p): p is string => p !== null) ? `(${parts.join(' OR ')})` : null;
    }
    default:
      return null;
  }
}

const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Articles tagged with any entity the subquery selects, by the statuses that count. */
const taggedWith = (entities: string, params: unknown[], confirmed: boolean): SqlCondition => ({
  sql: `a.id IN (SELECT article_id FROM article_entities WHERE entity_id IN (${entities}) AND status ${confirmed ? "= 'confirmed'" : "IN ('suggested', 'confirmed')"})`,
  params,
});

const FILTER_SQL: Record<FilterField, (value: string, confirmed: boolean) => SqlCondition> = {
  // "kompas" finds the outlet named Kompas and the domain kompas.com.
  source: (value) => ({
    sql: "a.source_id IN (SELECT id FROM sources WHERE name = ? COLLATE NOCASE OR name LIKE ? ESCAPE '\\')",
    params: [value, `${escapeLike(value)}.%`],
  }),
  lang: (value) => ({ sql: 'a.language = ?', params: [value.toLowerCase()] }),
  // Any name the gazetteer or a user gave the country (Rusia, Russland, Moskow), else an ISO code:
  // "AS" is the United States (Amerika Serikat) to an Indonesian reader, not American Samoa.
  country: (value, confirmed) =>
    taggedWith(
      `SELECT id FROM entities WHERE kind = 'country' AND (name = ? OR id IN (SELECT entity_id FROM entity_aliases WHERE alias = ?))
       UNION ALL
       SELECT id FROM entities WHERE kind = 'country' AND code = upper(?) AND NOT EXISTS (
         SELECT 1 FROM entities WHERE kind = 'country' AND (name = ? OR id IN (SELECT entity_id FROM entity_aliases WHERE alias = ?)))`,
      [value, value, value, value, value],
      confirmed,
    ),
  // The full name, an alias, or one whole word of the name: `person:putin`.
  person: (value, confirmed) =>
    taggedWith(
      `SELECT id FROM entities WHERE kind = 'person' AND (name = ? OR id IN (SELECT entity_id FROM entity_aliases WHERE alias = ?)
         OR ' ' || name || ' ' LIKE ? ESCAPE '\\')`,
      [value, value, `% ${escapeLike(value)} %`],
      confirmed,
    ),
  // A user's own tags are confirmed by whoever added them; a renamed tag keeps its old name as an alias.
  tag: (value) =>
    taggedWith("SELECT id FROM entities WHERE kind = 'tag' AND (name = ? OR id IN (SELECT entity_id FROM entity_aliases WHERE alias = ?))", [value, value], true),
};

function sql(node: QueryNode): SqlCondition {
  const text = fts(node);
  if (text !== null) return { sql: 'a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)', params: [text] };
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.children.map(sql);
      return { sql: `(${parts.map((p) => p.sql).join(node.kind === 'and' ? ' AND ' : ' OR ')})`, params: parts.flatMap((p) => p.params) };
    }
    case 'not': {
      const inner = sql(node.child);
      return { sql: `NOT (${inner.sql})`, params: inner.params };
    }
    case 'date': {
      const parts: SqlCondition[] = [];
      if (node.from) parts.push({ sql: 'a.published_at >= ?', params: [node.from] });
      if (node.until) parts.push({ sql: 'a.published_at < ?', params: [node.until] });
      if (parts.length === 0) return { sql: '1', params: [] };
      return { sql: `(${parts.map((p) => p.sql).join(' AND ')})`, params: parts.flatMap((p) => p.params) };
    }
    case 'filter':
      return FILTER_SQL[node.field](node.value, node.confirmed === true);
    default:
      throw new Error(`unexpected ${node.kind} node outside text`);
  }
}

/** Compile a parsed query; null (an empty query) matches every article. */
export function compileQuery(ast: QueryNode | null): CompiledSearch {
  if (ast === null) return { match: null, where: { sql: '1', params: [] } };
  const whole = fts(ast);
  if (whole !== null) return { match: whole, where: { sql: '1', params: [] } };
  if (ast.kind === 'and') {
    const ranked = ast.children.filter((c) => c.kind !== 'not' && fts(c) !== null);
    const rest = ast.children.filter((c) => !ranked.includes(c));
    const textNots = rest.filter((c) => c.kind === 'not' && fts(c.child) !== null);
    const match = ranked.length > 0 ? fts({ kind: 'and', children: [...ranked, ...textNots] }) : null;
    const others = match === null ? rest : rest.filter((c) => !textNots.includes(c));
    const where = others.length === 0 ? { sql: '1', params: [] } : sql({ kind: 'and', children: others });
    return { match, where };
  }
  return { match: null, where: sql(ast) };
}
