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

const FILTER_SQL: Record<Exclude<FilterField, 'country' | 'person' | 'tag'>, (value: string) => SqlCondition> = {
  // "kompas" finds the outlet named Kompas and the domain kompas.com.
  source: (value) => ({
    sql: "a.source_id IN (SELECT id FROM sources WHERE name = ? COLLATE NOCASE OR name LIKE ? ESCAPE '\\')",
    params: [value, `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`],
  }),
  lang: (value) => ({ sql: 'a.language = ?', params: [value.toLowerCase()] }),
};

function sql(node: QueryNode, notices: Set<string>): SqlCondition {
  const text = fts(node);
  if (text !== null) return { sql: 'a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)', params: [text] };
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.children.map((c) => sql(c, notices));
      return { sql: `(${parts.map((p) => p.sql).join(node.kind === 'and' ? ' AND ' : ' OR ')})`, params: parts.flatMap((p) => p.params) };
    }
    case 'not': {
      const inner = sql(node.child, notices);
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
      if (node.field === 'source' || node.field === 'lang') return FILTER_SQL[node.field](node.value);
      // Entities and tags arrive with the tagging issue; until then such a filter matches nothing.
      notices.add(`${node.field}: filters need country and person tagging, which this archive does not have yet; nothing matches them`);
      return { sql: '0', params: [] };
    default:
      throw new Error(`unexpected ${node.kind} node outside text`);
  }
}

/** Compile a parsed query; null (an empty query) matches every article. */
export function compileQuery(ast: QueryNode | null): CompiledSearch {
  const notices = new Set<string>();
  if (ast === null) return { match: null, where: { sql: '1', params: [] }, notices: [] };
  const whole = fts(ast);
  if (whole !== null) return { match: whole, where: { sql: '1', params: [] }, notices: [] };
  if (ast.kind === 'and') {
    const ranked = ast.children.filter((c) => c.kind !== 'not' && fts(c) !== null);
    const rest = ast.children.filter((c) => !ranked.includes(c));
    const textNots = rest.filter((c) => c.kind === 'not' && fts(c.child) !== null);
    const match = ranked.length > 0 ? fts({ kind: 'and', children: [...ranked, ...textNots] }) : null;
    const others = match === null ? rest : rest.filter((c) => !textNots.includes(c));
    const where = others.length === 0 ? { sql: '1', params: [] } : sql({ kind: 'and', children: others }, notices);
    return { match, where, notices: [...notices] };
  }
  return { match: null, where: sql(ast, notices), notices: [...notices] };
}
