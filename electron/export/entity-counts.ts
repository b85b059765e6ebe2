import type { Archive } from '../../db/archive.js';
import { dayString } from '../../db/search/columns.js';
import { type Granularity, periodOf, type Query } from '../../db/search/store.js';
import type { ExportPlan } from './plan.js';
import type { Cell, Column } from './sink.js';

/*
 * Countries or people × period: how many of a query's articles were about each, per day, ISO
 * week or month — the table a weekly monitoring report is built from. `wide` has a column per
 * period (every period from the first match to the last, empty ones included, so a gap shows as
 * a gap) and a row per entity, most articles first; `long` has a row per entity and period with
 * articles, for pivot tables.
 */

export type Layout = 'wide' | 'long';

export interface EntityCountOptions {
  query: Query;
  kind: 'country' | 'person';
  period: Granularity;
  layout: Layout;
  confirmedOnly: boolean;
}

/** Excel's widest sheet. */
export const EXCEL_COLUMNS = 16_384;

const UNDATED = 'undated';
const DAY_MS = 86_400_000;

interface Tally {
  name: string;
  code: string | null;
  total: number;
  byPeriod: Map<string, number>;
}

/** Every period from the first day to the last, in order. */
function periodsBetween(first: string, last: string, unit: Granularity): string[] {
  const out: string[] = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += DAY_MS) {
    const p = periodOf(dayString(t / DAY_MS), unit);
    if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

export function entityCountsPlan(archive: Archive, options: EntityCountOptions): ExportPlan {
  const ids = options.query === null ? null : archive.searches.ids(options.query);
  const tallies = new Map<number, Tally>();
  let first: string | null = null;
  let last: string | null = null;
  let undated = false;
  for (const r of archive.exports.entityDays(ids, options.kind, options.confirmedOnly)) {
    let t = tallies.get(r.entityId);
    if (!t) {
      t = { name: r.name, code: r.code, total: 0, byPeriod: new Map() };
      tallies.set(r.entityId, t);
    }
    const day = r.day !== null && /^\d{4}-\d{2}-\d{2}$/.test(r.day) ? r.day : null;
    const period = day === null ? UNDATED : periodOf(day, options.period);
    if (day === null) undated = true;
    else {
      if (first === null || day < first) first = day;
      if (last === null || day > last) last = day;
    }
    t.total += r.articles;
    t.byPeriod.set(period, (t.byPeriod.get(period) ?? 0) + r.articles);
  }
  const periods = [...(first !== null && last !== null ? periodsBetween(first, last, options.period) : []), ...(undated ? [UNDATED] : [])];
  const entities = [...tallies.values()].sort((x, y) => y.total - x.total || x.name.localeCompare(y.name));
  const countries = options.kind === 'country';
  const lead: Column[] = [{ header: countries ? 'country' : 'person', type: 'text' }, ...(countries ? [{ header: 'code', type: 'text' } as Column] : [])];
  const leadCells = (t: Tally): Cell[] => (countries ? [t.name, t.code] : [t.name]);

  if (options.layout === 'long') {
    return {
      sheet: countries ? 'Countries by period' : 'Persons by period',
      columns: [...lead, { header: 'period', type: 'text' }, { header: 'articles', type: 'integer' }],
      total: entities.length,
      unit: options.kind === 'country' ? 'countries' : 'persons',
      *pages() {
        let done = 0;
        for (const t of entities) {
          done += 1;
          yield { done, rows: periods.filter((p) => t.byPeriod.has(p)).map((p) => [...leadCells(t), p, t.byPeriod.get(p)!]) };
        }
      },
    };
  }
  return {
    sheet: countries ? 'Countries by period' : 'Persons by period',
    columns: [...lead, { header: 'total', type: 'integer' }, ...periods.map((p): Column => ({ header: p, type: 'integer' }))],
    total: entities.length,
    unit: options.kind === 'country' ? 'countries' : 'persons',
    *pages() {
      let done = 0;
      for (const t of entities) {
        done += 1;
        yield { done, rows: [[...leadCells(t), t.total, ...periods.map((p) => t.byPeriod.get(p) ?? 0)]] };
      }
    },
  };
}
