import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { SearchHit, SearchResponse, SortOrder } from '../../../electron/api.js';
import { ApiFailure, transport } from '../transport.js';

/*
 * The search view: results as you type (debounced; a newer keystroke cancels the older request),
 * the first page at once with a count that says when it is a lower bound, more pages as the list
 * is scrolled, in a virtualised list.
 */

const DEBOUNCE_MS = 150;
const PAGE = 50;
const ROW_PX = 84;

interface QueryProblem {
  message: string;
  position?: number;
}

export interface SearchProps {
  onOpen: (id: number) => void;
  query: string;
  setQuery: (q: string) => void;
  visible: boolean;
  /** Moves when the archive changed (an import): the results are read again. */
  revision: number;
}

export function Search({ onOpen, query, setQuery, visible, revision }: SearchProps) {
  const [sort, setSort] = useState<SortOrder>('relevance');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [total, setTotal] = useState<{ n: number; exact: boolean } | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<QueryProblem | null>(null);
  const [selected, setSelected] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const loadingMore = useRef(false);
  /** Moves with every new query or sort: a page asked for under an older one is dropped. */
  const generation = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    generation.current += 1;
    // No more pages of the old results while the new ones are on their way.
    setNext(null);
    const timer = setTimeout(() => {
      transport
        .call<SearchResponse>('search', { query, sort, limit: PAGE }, controller.signal)
        .then((r) => {
          setHits(r.results);
          setTotal({ n: r.total, exact: r.totalIsExact });
          setNext(r.next);
          setProblem(null);
          setSelected(0);
          if (list.current) list.current.scrollTop = 0;
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
  }, [query, sort, revision]);

  // Back from the reader, the keys work on the results again.
  useEffect(() => {
    if (visible && hits.length > 0) list.current?.focus();
  }, [visible]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === '/' && document.activeElement !== input.current) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const rows = useVirtualizer({ count: hits.length, getScrollElement: () => list.current, estimateSize: () => ROW_PX, overscan: 8 });
  const items = rows.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (!next || !last || last.index < hits.length - 10 || loadingMore.current) return;
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
  }, [last, next, hits.length, query, sort]);

  const onListKey = (e: React.KeyboardEvent): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const to = Math.max(0, Math.min(hits.length - 1, selected + (e.key === 'ArrowDown' ? 1 : -1)));
      setSelected(to);
      rows.scrollToIndex(to);
    } else if (e.key === 'Enter' && hits[selected]) onOpen(hits[selected].id);
  };

  return (
    <section className="search" aria-label="Search">
      <div className="bar">
        <input
          ref={input}
          className={problem ? 'query invalid' : 'query'}
          type="search"
          placeholder='Search: words, "phrases", OR, -word, country:ID, after:2024-01-01 …  (press / to focus)'
          aria-label="Query"
          aria-invalid={problem !== null}
          aria-describedby="query-problem"
          value={query}
          autoFocus
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              list.current?.focus();
            }
          }}
        />
        <select aria-label="Sort" value={sort} onChange={(e) => setSort(e.target.value as SortOrder)}>
          <option value="relevance">Best match</option>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
      </div>
      <div id="query-problem" className="problem" role="status">
        {problem && (
          <>
            {problem.message}
            {problem.position !== undefined && (
              <code className="pointer">
                {query.slice(0, problem.position)}
                <mark>{query.slice(problem.position, problem.position + 1) || ' '}</mark>
                {query.slice(problem.position + 1)}
              </code>
            )}
          </>
        )}
      </div>
      <div className="count" role="status" aria-live="polite">
        {total && `${total.n.toLocaleString('en')}${total.exact ? '' : '+'} ${total.n === 1 ? 'match' : 'matches'}`}
      </div>
      <div ref={list} className="results" tabIndex={0} role="listbox" aria-label="Results" onKeyDown={onListKey}>
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const hit = hits[item.index]!;
            return (
              <div
                key={hit.id}
                role="option"
                aria-selected={item.index === selected}
                className={item.index === selected ? 'hit selected' : 'hit'}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_PX, transform: `translateY(${item.start}px)` }}
                onClick={() => onOpen(hit.id)}
              >
                <div className="title">{hit.title}</div>
                <div className="meta">
                  {[hit.source, hit.publishedAt?.slice(0, 10) ?? 'undated', hit.language].filter(Boolean).join(' · ')}
                </div>
                {/* The service escapes the snippet and adds only <mark> tags. */}
                <div className="snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
