import type { ArticleColumn, ExportRequest, SortOrder } from '../../../electron/api.js';
import type { ExportOptions } from '../files.js';

/* The export form's state, and the request it makes: only the options of the chosen export. */

export type Kind = ExportRequest['kind'];
export const KINDS: readonly Kind[] = ['articles', 'entity-counts', 'duplicates', 'entities'];

/** Every column of an articles export, in the order the export writes the chosen ones. */
const ALL_COLUMNS: Record<ArticleColumn, true> = {
  id: true,
  published: true,
  source: true,
  section: true,
  title: true,
  url: true,
  language: true,
  author: true,
  countries: true,
  persons: true,
  tags: true,
  words: true,
  snippet: true,
  text: true,
};
export const COLUMNS = Object.keys(ALL_COLUMNS) as ArticleColumn[];
/** As the service's DEFAULT_ARTICLE_COLUMNS. */
const DEFAULT_COLUMNS: ArticleColumn[] = ['id', 'published', 'source', 'title', 'url', 'language', 'countries', 'persons', 'tags'];

/** CSV as spreadsheets expect it, as `pantau export --preset` names them. */
export const PRESETS = {
  excel: { delimiter: ',', bom: true },
  'excel-semicolon': { delimiter: ';', bom: true },
  plain: { delimiter: ',', bom: false },
} as const;
export type Preset = keyof typeof PRESETS;

export interface Form {
  kind: Kind;
  format: 'csv' | 'xlsx';
  query: string;
  confirmedOnly: boolean;
  sort: SortOrder;
  columns: ArticleColumn[];
  countsOf: 'country' | 'person';
  period: 'day' | 'week' | 'month';
  layout: 'wide' | 'long';
  members: boolean;
  minSize: number;
  clusterSort: 'size' | 'outlets' | 'recent';
  /** The entities export: one kind, or every kind (''). */
  registry: '' | 'country' | 'person' | 'tag';
  preset: Preset;
  bom: boolean;
}

export const initialForm = (query: string): Form => ({
  kind: 'articles',
  format: 'csv',
  query,
  confirmedOnly: false,
  sort: 'relevance',
  columns: DEFAULT_COLUMNS,
  countsOf: 'country',
  period: 'week',
  layout: 'wide',
  members: false,
  minSize: 2,
  clusterSort: 'size',
  registry: '',
  preset: 'excel',
  bom: true,
});

/** A column switched on or off; the chosen ones stay in the export's order. */
export function toggleColumn(columns: ArticleColumn[], column: ArticleColumn, on: boolean): ArticleColumn[] {
  const chosen = new Set(columns);
  if (on) chosen.add(column);
  else chosen.delete(column);
  return COLUMNS.filter((c) => chosen.has(c));
}

export function requestOf(form: Form): ExportOptions {
  const file = form.format === 'csv' ? { format: form.format, delimiter: PRESETS[form.preset].delimiter, bom: form.bom } : { format: form.format };
  const scope = { query: form.query, confirmedOnly: form.confirmedOnly };
  switch (form.kind) {
    case 'articles':
      return { kind: form.kind, ...file, ...scope, sort: form.sort, columns: form.columns };
    case 'entity-counts':
      return { kind: form.kind, ...file, ...scope, entity: form.countsOf, period: form.period, layout: form.layout };
    case 'duplicates':
      return { kind: form.kind, ...file, ...scope, members: form.members, minSize: form.minSize, clusterSort: form.clusterSort };
    case 'entities':
      return { kind: form.kind, ...file, ...(form.registry === '' ? {} : { entity: form.registry }) };
  }
}

/** The file's suggested name: `pantau-articles-2025-11-26.csv`. */
export function fileName(form: Form, today = new Date()): string {
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const what = form.kind === 'entity-counts' ? `${form.countsOf === 'person' ? 'persons' : 'countries'}-per-${form.period}` : form.kind;
  return `pantau-${what}-${day}.${form.format}`;
}
