import type { Archive } from '../../db/archive.js';
import type { ClusterSort } from '../../db/duplicates.js';
import type { Query } from '../../db/search/store.js';
import { shingleSet, similarity } from '../analysis/duplicates/signature.js';
import { type ExportPlan, slices } from './plan.js';
import type { Cell, Column } from './sink.js';

/*
 * Duplicate clusters: one row per cluster (its paragraph as first seen, its size and outlets, where
 * and when it was first seen), or with `members` one row per paragraph of each cluster, in time
 * order, with its similarity to the first-seen paragraph.
 */

export interface DuplicateExportOptions {
  query: Query;
  sort: ClusterSort;
  minSize: number;
  members: boolean;
  /** Member rows written at a time (MEMBER_ROWS). */
  rowsPerPage?: number;
}

/** Clusters read at a time. */
const PAGE = 200;
/** Member rows written at a time, however large a cluster. */
const MEMBER_ROWS = 1000;

const CLUSTER_COLUMNS: Column[] = [
  { header: 'cluster', type: 'integer' },
  { header: 'size', type: 'integer' },
  { header: 'outlets', type: 'integer' },
];
const FIRST_COLUMNS: Column[] = [
  { header: 'first_article', type: 'integer' },
  { header: 'first_source', type: 'text' },
  { header: 'first_published', type: 'date' },
];

export function duplicatesPlan(archive: Archive, options: DuplicateExportOptions): ExportPlan {
  const store = archive.duplicates;
  const ids = store.clusterIds(options.sort, options.minSize, options.query === null ? undefined : archive.searches.ids(options.query));
  const text = (articleId: number, position: number): string => store.paragraphTexts(articleId)[position] ?? '';
  const columns: Column[] = options.members
    ? [
        ...CLUSTER_COLUMNS,
        ...FIRST_COLUMNS,
        { header: 'article', type: 'integer' },
        { header: 'paragraph', type: 'integer' },
        { header: 'source', type: 'text' },
        { header: 'section', type: 'text' },
        { header: 'published', type: 'date' },
        { header: 'title', type: 'text' },
        { header: 'similarity', type: 'decimal' },
        { header: 'text', type: 'longtext' },
      ]
    : [
        ...CLUSTER_COLUMNS,
        { header: 'sources', type: 'list' },
        ...FIRST_COLUMNS,
        { header: 'last_published', type: 'date' },
        { header: 'text', type: 'longtext' },
      ];
  return {
    sheet: 'Duplicate clusters',
    columns,
    total: ids.length,
    unit: 'clusters',
    *pages() {
      let done = 0;
      let rows: Cell[][] = [];
      for (const page of slices(ids, PAGE)) {
        for (const c of store.clustersById(page)) {
          const members = store.members(c.id);
          const first = members.find((m) => m.articleId === c.firstArticle && m.position === c.firstPosition) ?? members[0];
          if (!first) continue;
          const firstText = text(first.articleId, first.position);
          const head: Cell[] = [c.id, c.size, c.outlets];
          const firstSeen: Cell[] = [first.articleId, first.source, first.publishedAt];
          if (!options.members) {
            const sources = [...new Set(members.map((m) => m.source).filter((s): s is string => s !== null))];
            rows.push([...head, sources, ...firstSeen, c.lastPublished, firstText]);
            continue;
          }
          const origin = shingleSet(firstText);
          for (const m of members) {
            const own = m === first ? firstText : text(m.articleId, m.position);
            const sim = m === first ? 1 : Math.round(similarity(origin, shingleSet(own)) * 1000) / 1000;
            rows.push([...head, ...firstSeen, m.articleId, m.position, m.source, m.section, m.publishedAt, m.title, sim, own]);
            // A cluster copied into thousands of articles is written a page of rows at a time.
            if (rows.length >= (options.rowsPerPage ?? MEMBER_ROWS)) {
              yield { done, rows };
              rows = [];
            }
          }
        }
        done += page.length;
        yield { done, rows };
        rows = [];
      }
    },
  };
}
