/*
 * Filters written into and out of the query text. The query box stays the one truth: a facet click
 * or a brushed date range edits the text the user sees, and the text is what runs.
 */

export type FilterField = 'country' | 'person' | 'source' | 'lang';

/** `field:value`, with the value in quotes unless it is one plain word (a quote inside it cannot be written, so it is dropped). */
export function filterToken(field: string, value: string): string {
  const clean = value.replace(/["“”„«»]/g, '').trim();
  return /^[\p{L}\p{N}][\p{L}\p{N}.-]*$/u.test(clean) ? `${field}:${clean}` : `${field}:"${clean}"`;
}

/** Each `field:value` of the query (quoted or not, not negated) with where it is: the tokens a click may remove. */
function filtersIn(query: string, fields: readonly string[]): { field: string; value: string; start: number; end: number }[] {
  const found: { field: string; value: string; start: number; end: number }[] = [];
  const token = /(^|[\s(])([A-Za-z]+):(?:"([^"]*)"|([^\s()"]+))/g;
  for (let m = token.exec(query); m; m = token.exec(query)) {
    const field = m[2]!.toLowerCase();
    if (!fields.includes(field)) continue;
    const start = m.index + m[1]!.length;
    found.push({ field, value: (m[3] ?? m[4] ?? '').trim(), start, end: start + m[0].length - m[1]!.length });
  }
  return found;
}

/** The query without the given stretches, its spaces tidied. */
function cut(query: string, spans: { start: number; end: number }[]): string {
  let out = query;
  for (const s of [...spans].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + out.slice(s.end);
  return out.replace(/\s{2,}/g, ' ').trim();
}

/** Whether the query filters on `field` by any of `names` (an ISO code or a country's name, say), in any case. */
export function hasFilter(query: string, field: FilterField, names: readonly string[]): boolean {
  const wanted = names.map((n) => n.toLowerCase());
  return filtersIn(query, [field]).some((f) => wanted.includes(f.value.toLowerCase()));
}

/** Whether the query has an OR (or `|`) outside parentheses and quotes, where a filter added after it would bind to its last alternative only. */
function orAtTop(query: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth += 1;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '|' || (query.startsWith('OR', i) && /(^|[\s)])$/.test(query.slice(0, i)) && /^($|[\s(])/.test(query.slice(i + 2))))) return true;
  }
  return false;
}

/** The query and `addition`, both to hold: `a OR b` becomes `(a OR b) addition`, not `a OR (b addition)`. */
function and(query: string, addition: string): string {
  const q = query.trim();
  if (q === '') return addition;
  return `${orAtTop(q) ? `(${q})` : q} ${addition}`;
}

/** Adds `field:value`, or, when the query already filters on it by any of `names`, takes those filters out. */
export function toggleFilter(query: string, field: FilterField, value: string, names: readonly string[] = [value]): string {
  const wanted = [value, ...names].map((n) => n.toLowerCase());
  const present = filtersIn(query, [field]).filter((f) => wanted.includes(f.value.toLowerCase()));
  if (present.length > 0) return cut(query, present);
  return and(query, filterToken(field, value));
}

const DATE_FIELDS = ['after', 'before', 'date'] as const;

/** The date filters of the query (`after:`, `before:`, `date:`), as written. */
export function dateFilters(query: string): string[] {
  return filtersIn(query, DATE_FIELDS).map((f) => `${f.field}:${f.value}`);
}

/** The query without its date filters. */
export function withoutDates(query: string): string {
  return cut(query, filtersIn(query, DATE_FIELDS));
}

/**
 * The query with its date filters replaced by a range of whole days, both ends included:
 * `after:` the day before the first, `before:` the day after the last.
 */
export function withDateRange(query: string, firstDay: string, lastDay: string): string {
  const rest = withoutDates(query);
  return and(rest, `after:${shiftDay(firstDay, -1)} before:${shiftDay(lastDay, 1)}`);
}

/** An ISO day moved by `days`. */
export function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
