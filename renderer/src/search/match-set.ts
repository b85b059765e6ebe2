import { useEffect, useState } from 'react';
import type { CountResponse, Facets } from '../../../electron/api.js';
import { transport } from '../transport.js';

/*
 * What a search learns about its whole match set after its first page is on screen: the exact
 * count (a job, only when the page's count was a lower bound) and the facets with the timeline.
 * They start once the query has rested a moment, and a keystroke cancels them. The facets of a
 * broad query take seconds on a large archive; the service answers them in a thread of their own
 * (electron/facets-lane.ts), so the page of the word being typed does not wait behind them, and
 * one cancelled before its turn there is never read. The count is a job that stops when cancelled.
 */

const REST_MS = 250;

/** A first page that arrived: its query and its count. */
export interface Settled {
  query: string;
  total: number;
  exact: boolean;
}

export interface MatchSet {
  /** The exact count of the settled page's query, once known. */
  exact: number | null;
  /** How far the exact count has got, while it runs. */
  counting: { done: number; total: number } | null;
  /** The facets of the latest query that has them; older ones stay shown (marked stale) until the new arrive. */
  facets: Facets | null;
  facetsStale: boolean;
}

/** `settled`: the page on screen; `query`: the text in the box, which may have moved on. */
export function useMatchSet(settled: Settled | null, query: string): MatchSet {
  const [exact, setExact] = useState<{ of: Settled; total: number } | null>(null);
  const [counting, setCounting] = useState<{ of: Settled; done: number; total: number } | null>(null);
  const [facets, setFacets] = useState<{ of: Settled; facets: Facets } | null>(null);
  const current = settled !== null && settled.query === query ? settled : null;

  useEffect(() => {
    if (!current) return;
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(() => {
      if (!current.exact) {
        setCounting({ of: current, done: 0, total: 0 });
        transport
          .job<CountResponse>('count', { query: current.query }, (p) => setCounting({ of: current, ...(p as { done: number; total: number }) }), signal)
          .then((r) => setExact({ of: current, total: r.total }))
          .catch(() => undefined)
          .finally(() => setCounting((c) => (c?.of === current ? null : c)));
      }
      transport
        .call<Facets>('facets', { query: current.query }, signal)
        .then((f) => setFacets({ of: current, facets: f }))
        .catch(() => undefined);
    }, REST_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [current]);

  return {
    exact: settled?.exact ? settled.total : exact?.of === settled ? exact.total : null,
    counting: current !== null && counting?.of === current ? counting : null,
    facets: facets?.facets ?? null,
    facetsStale: facets !== null && facets.of !== settled,
  };
}
