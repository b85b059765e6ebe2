import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedSearch, SearchHit, SearchResponse, SortOrder } from '../../../electron/api.js';
import { formatNumber } from '../format.js';
import { ApiFailure, transport } from '../transport.js';
import { Facets } from './Facets.js';
import { type Settled, useMatchSet } from './match-set.js';
import { type QueryProblem, QueryBox } from './QueryBox.js';
import { dateFilters, withDateRange, withoutDates } from './query-text.js';
import { Results } from './Results.js';
import { Saved } from './Saved.js';
import { Timeline } from './Timeline.js';
import './search.css';

/*
 * The search view: results as you type (debounced; a newer keystroke cancels the older request),
 * the first page at once with a count that says when it is a lower bound, more pages as the list
 * is scrolled; then the exact count, facets and timeline in space kept for them. Facets, the
 * timeline and saved searches all work by editing the query text.
 */

/** Above a quick typist's gap between keys, so a word being typed asks once. */
const DEBOUNCE_MS = 70;
const PAGE = 50;
/** Rows from the end of what is loaded at which the next page is asked for. */
const PAGE_AHEAD = 10;

export interface SearchProps {
  onOpen: (id: number) => void;
  query: string;
  setQuery: (q: string) => void;
  visible: boolean;
  /** Moves when the archive changed (an import): the results are read again. */
  revision: number;
}

function MatchCount({ settled, exact, counting }: { settled: Settled | null; exact: number | null; counting: { done: number; total: number } | null }) {
  const { t } = useTranslation('search');
  if (!settled) return null;
  if (exact !== null) return <span>{t('matches', { count: exact, n: formatNumber(exact) })}</span>;
  return (
    <>
      <span>{t('atLeast', { n: formatNumber(settled.total) })}</span>
      {counting && (
        <span className="counting">
          {counting.total > 0 ? t('countingShare', { percent: Math.floor((100 * counting.done) / counting.total) }) : t('counting')}
        </span>
      )}
    </>
  );
}

export function Search({ onOpen, query, setQuery, visible, revision }: SearchProps) {
  const { t } = useTranslation('search');
  const [sort, setSort] = useState<SortOrder>('relevance');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [settled, setSettled] = useState<Settled | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<QueryProblem | null>(null);
  const [selected, setSelected] = useState(0);
  /** A saved search being opened: its query runs as `savedRun`, which marks its new matches read. */
  const opening = useRef<{ name: string; query: string } | null>(null);
  const [opened, setOpened] = useState(0);
  /** Moves when a saved search was run, so the list shows its new matches as read. */
  const [savedRun, setSavedRun] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const loadingMore = useRef(false);
  /** Moves with every new query or sort: a page asked for under an older one is dropped. */
  const generation = useRef(0);
  const { exact, counting, facets, facetsStale } = useMatchSet(settled, query);

  useEffect(() => {
    const controller = new AbortController();
    generation.current += 1;
    // No more pages of the old results while the new ones are on their way.
    setNext(null);
    const timer = setTimeout(() => {
      const saved = opening.current?.query === query ? opening.current : null;
      opening.current = null;
      const asked = saved
        ? transport.call<SearchResponse>('savedRun', { name: saved.name, sort, limit: PAGE }, controller.signal)
        : transport.call<SearchResponse>('search', { query, sort, limit: PAGE }, controller.signal);
      asked
        .then((r) => {
          setHits(r.results);
          setSettled({ query, total: r.total, exact: r.totalIsExact });
          setNotices(r.notices);
          setNext(r.next);
          setProblem(null);
          setSelected(0);
          if (list.current) list.current.scrollTop = 0;
          if (saved) setSavedRun((n) => n + 1);
        })
        .catch((err: unknown) => {
          if (controller.signal.aborted) return;
          setProblem(err instanceof ApiFailure ? { message: err.error.message, position: err.error.position } : { message: String(err) });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, sort, revision, opened]);

  // Back from the reader, the keys work on the results again.
  useEffect(() => {
    if (visible && hits.length > 0) list.current?.focus();
  }, [visible]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!visible || e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const at = e.target;
      if (at instanceof HTMLInputElement || at instanceof HTMLTextAreaElement || at instanceof HTMLSelectElement || (at instanceof HTMLElement && at.isContentEditable)) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible]);

  const onReach = useCallback(
    (last: number) => {
      if (!next || last < hits.length - PAGE_AHEAD || loadingMore.current) return;
      loadingMore.current = true;
      const asked = generation.current;
      transport
        .call<SearchResponse>('search', { query, sort, limit: PAGE, after: next })
        .then((r) => {
          if (asked !== generation.current) return;
          setHits((h) => [...h, ...r.results]);
          setNext(r.next);
        })
        .catch(() => undefined)
        .finally(() => {
          loadingMore.current = false;
        });
    },
    [next, hits.length, query, sort],
  );

  const openSaved = (s: SavedSearch): void => {
    opening.current = { name: s.name, query: s.query };
    setQuery(s.query);
    setOpened((n) => n + 1);
  };

  const dates = dateFilters(query);
  return (
    <section className="search with-side" aria-label={t('label')}>
      <div className="search-main">
        <QueryBox input={input} query={query} setQuery={setQuery} sort={sort} setSort={setSort} problem={problem} onDown={() => list.current?.focus()} />
        <div className="count" role="status" aria-live="polite">
          <MatchCount settled={settled} exact={exact} counting={counting} />
          {notices.map((n) => (
            <span key={n} className="notice">
              {n}
            </span>
          ))}
        </div>
        <Timeline
          periods={facets?.timeline ?? []}
          granularity={facets?.granularity ?? 'month'}
          undated={facets?.undated ?? 0}
          dates={dates}
          stale={facetsStale}
          onRange={(first, last) => setQuery(withDateRange(query, first, last))}
          onClear={() => setQuery(withoutDates(query))}
        />
        {settled && hits.length === 0 && <p className="hint empty">{t('empty')}</p>}
        <Results list={list} hits={hits} selected={selected} setSelected={setSelected} onOpen={onOpen} onReach={onReach} />
      </div>
      <aside className="search-side" aria-label={t('side')}>
        {/* Both only grow, so their sum moves whenever either does. */}
        <Saved query={query} onOpen={openSaved} revision={revision + savedRun} />
        <Facets facets={facets} stale={facetsStale} query={query} setQuery={setQuery} dates={dates} />
      </aside>
    </section>
  );
}
