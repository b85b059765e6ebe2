import type { Archive } from '../../db/archive.js';
import type { ArticleColumn } from '../api.js';
import type { Query } from '../../db/search/store.js';
import { MATCH_END, MATCH_START, type SortOrder } from '../../db/search/store.js';
import { type ExportPlan, slices } from './plan.js';
import type { Cell, Column, ColumnType } from './sink.js';

/*
 * The articles a query matches, in the order search lists them, with the columns the user picks.
 * The ordered ids are read first (8 bytes an article); each page's rows are then read by id.
 */

const TYPES: Record<ArticleColumn, ColumnType> = {
  id: 'integer',
  published: 'date',
  source: 'text',
  section: 'text',
  title: 'text',
  url: 'text',
  language: 'text',
  author: 'text',
  countries: 'list',
  persons: 'list',
  tags: 'list',
  words: 'integer',
  snippet: 'longtext',
  text: 'longtext',
};

const PAGE = 1000;
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

const countWords = (text: string): number => {
  let n = 0;
  for (const _ of text.matchAll(WORD)) n += 1;
  return n;
};

const plainSnippet = (s: string): string => s.split(MATCH_START).join('').split(MATCH_END).join('').replace(/\s*\n+\s*/g, ' ');

export interface ArticleExportOptions {
  query: Query;
  sort: SortOrder;
  columns: readonly ArticleColumn[];
  confirmedOnly: boolean;
}

export function articlesPlan(archive: Archive, options: ArticleExportOptions): ExportPlan {
  const { columns, confirmedOnly, query } = options;
  const ids = archive.searches.orderedIds(query, options.sort);
  const want = new Set(columns);
  const withText = want.has('text') || want.has('words');
  const withNames = want.has('countries') || want.has('persons') || want.has('tags');
  return {
    sheet: 'Articles',
    columns: columns.map((c): Column => ({ header: c, type: TYPES[c] })),
    total: ids.length,
    unit: 'articles',
    *pages() {
      let done = 0;
      for (const page of slices(ids, PAGE)) {
        const rows = archive.exports.articles(page, withText);
        const names = withNames ? archive.exports.names(page, confirmedOnly) : null;
        const snippets = want.has('snippet') ? archive.searches.snippetsOf(query, page, ids.length) : null;
        done += page.length;
        yield {
          done,
          rows: rows.map((a) =>
            columns.map((c): Cell => {
              switch (c) {
                case 'id':
                  return a.id;
                case 'published':
                  return a.publishedAt;
                case 'source':
                  return a.source;
                case 'section':
                  return a.section;
                case 'title':
                  return a.title;
                case 'url':
                  return a.url;
                case 'language':
                  return a.language;
                case 'author':
                  return a.author;
                case 'countries':
                  return names?.get(a.id)?.country ?? [];
                case 'persons':
                  return names?.get(a.id)?.person ?? [];
                case 'tags':
                  return names?.get(a.id)?.tag ?? [];
                case 'words':
                  return countWords(a.text ?? '');
                case 'snippet':
                  return plainSnippet(snippets?.get(a.id) ?? '');
                case 'text':
                  return a.text ?? '';
              }
            }),
          ),
        };
      }
    },
  };
}
