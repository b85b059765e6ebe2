import { useCallback, useEffect, useRef, useState } from 'react';
import type { DupCluster, DupsResponse } from '../../../electron/api.js';
import { failureMessage, transport } from '../transport.js';

export type ClusterSort = 'size' | 'outlets' | 'recent';

const PAGE = 100;

export interface ClusterPages {
  clusters: DupCluster[];
  /** What the first page said of the archive; null until it came. */
  head: Omit<DupsResponse, 'clusters'> | null;
  problem: string | null;
  loadMore: () => void;
}

/**
 * The clusters a page at a time (by offset), without their members: the list shows none. A change
 * of `query`, `sort` or `version` starts again from the first page and drops pages still on their way.
 */
export function useClusterPages(query: string | undefined, sort: ClusterSort, version: string): ClusterPages {
  const [clusters, setClusters] = useState<DupCluster[]>([]);
  const [head, setHead] = useState<ClusterPages['head']>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const generation = useRef(0);
  const loading = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    const asked = ++generation.current;
    loading.current = true;
    transport
      .call<DupsResponse>('dups', { query, sort, limit: PAGE, offset: 0, members: false }, controller.signal)
      .then(({ clusters: page, ...rest }) => {
        setClusters(page);
        setHead(rest);
        setProblem(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setProblem(failureMessage(err));
      })
      .finally(() => {
        if (asked === generation.current) loading.current = false;
      });
    return () => controller.abort();
  }, [query, sort, version]);

  const loadMore = useCallback(() => {
    if (loading.current || head === null || clusters.length >= head.total) return;
    loading.current = true;
    const asked = generation.current;
    transport
      .call<DupsResponse>('dups', { query, sort, limit: PAGE, offset: clusters.length, members: false })
      .then((r) => {
        if (asked === generation.current) setClusters((c) => [...c, ...r.clusters]);
      })
      .catch((err: unknown) => {
        if (asked === generation.current) setProblem(failureMessage(err));
      })
      .finally(() => {
        if (asked === generation.current) loading.current = false;
      });
  }, [query, sort, head, clusters.length]);

  return { clusters, head, problem, loadMore };
}
