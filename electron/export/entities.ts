import type { Archive } from '../../db/archive.js';
import type { EntityKind } from '../../db/entities.js';
import { type ExportPlan, slices } from './plan.js';
import type { Column } from './sink.js';

/** The registry of countries, people and tags, with their aliases and how many articles are about each. */

const COLUMNS: Column[] = [
  { header: 'kind', type: 'text' },
  { header: 'name', type: 'text' },
  { header: 'code', type: 'text' },
  { header: 'aliases', type: 'list' },
  { header: 'articles', type: 'integer' },
  { header: 'confirmed', type: 'integer' },
  { header: 'country', type: 'text' },
  { header: 'office', type: 'text' },
  { header: 'muted', type: 'text' },
  { header: 'origin', type: 'text' },
];

export function entitiesPlan(archive: Archive, kind?: EntityKind): ExportPlan {
  const list = archive.entities.list(kind);
  return {
    sheet: 'Entities',
    columns: COLUMNS,
    total: list.length,
    unit: 'entities',
    *pages() {
      let done = 0;
      for (const page of slices(list, 1000)) {
        done += page.length;
        yield { done, rows: page.map((e) => [e.kind, e.name, e.code, e.aliases, e.articles, e.confirmed, e.country, e.office, e.muted ? 'yes' : 'no', e.origin]) };
      }
    },
  };
}
