import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DupCluster } from '../../../electron/api.js';
import { formatDate, formatNumber } from '../format.js';
import { ClusterDetail } from './ClusterDetail.js';
import { type ClusterSort, useClusterPages } from './clusters.js';
import { DupSettings } from './DupSettings.js';
import { PendingNotice } from './PendingNotice.js';
import { VirtualListbox } from '../VirtualListbox.js';
import './duplicates.css';

/*
 * The duplicates view: the archive's clusters of copied paragraphs (or those touching the current
 * search) on the left, the chosen one on the right. The chosen cluster lives in the app, so it is
 * still shown after reading one of its articles, and the reader can open one here.
 */

const SORTS: ClusterSort[] = ['size', 'outlets', 'recent'];

/** The list's order and scope, kept while the view is closed to read one of its articles. */
const kept: { sort: ClusterSort; onlyQuery: boolean } = { sort: 'size', onlyQuery: false };
const CLUSTER_ROW_PX = 70;

export interface DuplicatesProps {
  query: string;
  cluster: number | null;
  setCluster: (id: number | null) => void;
  onOpenArticle: (id: number) => void;
  /** Moves when the archive changed (an import): the clusters are read again. */
  revision: number;
}

export function Duplicates({ query, cluster, setCluster, onOpenArticle, revision }: DuplicatesProps) {
  const { t } = useTranslation('duplicates');
  const [sort, setSort] = useState<ClusterSort>(() => kept.sort);
  const [onlyQuery, setOnlyQuery] = useState(() => kept.onlyQuery);
  const [settingsOpen, setSettingsOpen] = useState(false);
  /** Moves when a job here changed the clusters. */
  const [changes, setChanges] = useState(0);
  const [active, setActive] = useState(-1);
  const scoped = onlyQuery && query.trim() !== '';
  const version = `${revision}.${changes}`;
  const { clusters, head, problem, loadMore } = useClusterPages(scoped ? query : undefined, sort, version);
  const list = useRef<HTMLDivElement>(null);
  const changed = useCallback(() => setChanges((n) => n + 1), []);
  useEffect(() => {
    kept.sort = sort;
    kept.onlyQuery = onlyQuery;
  }, [sort, onlyQuery]);

  // The chosen cluster stays highlighted when the list is read again or sorted another way.
  useEffect(() => {
    setActive(cluster === null ? -1 : clusters.findIndex((c) => c.id === cluster));
  }, [clusters, cluster]);

  useEffect(() => {
    list.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
  }, []);

  return (
    <section className="duplicates" aria-label={t('title')}>
      <div className="dup-toolbar">
        <label>
          {t('sortBy')}{' '}
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as ClusterSort)}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check" title={query.trim() === '' ? t('noQuery') : query}>
          <input type="checkbox" checked={scoped} disabled={query.trim() === ''} onChange={(e) => setOnlyQuery(e.currentTarget.checked)} /> {t('onlyQuery')}
        </label>
        <span className="dup-count" role="status">
          {head && t('count', { count: head.total, n: formatNumber(head.total), threshold: formatNumber(head.threshold) })}
        </span>
        <button type="button" aria-expanded={settingsOpen} onClick={() => setSettingsOpen((o) => !o)}>
          {t('settings.title')}
        </button>
      </div>
      {head && <PendingNotice pending={head.pending} onChanged={changed} />}
      {settingsOpen && head && <DupSettings threshold={head.threshold} boilerplateArticles={head.boilerplateArticles} onChanged={changed} />}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <div className="dup-body">
        <div className="dup-list" ref={list}>
          {head && head.total === 0 ? (
            <p className="hint dup-empty">{scoped ? t('emptyScoped') : t('empty')}</p>
          ) : (
            <VirtualListbox
              id="cluster"
              label={t('clusters')}
              count={clusters.length}
              rowHeight={CLUSTER_ROW_PX}
              active={active}
              setActive={setActive}
              onChoose={(i) => setCluster(clusters[i]!.id)}
              onNearEnd={loadMore}
              rowClass={(i) => (clusters[i]!.id === cluster ? 'chosen' : '')}
              row={(i) => <ClusterRow cluster={clusters[i]!} />}
            />
          )}
        </div>
        <div className="dup-detail">
          {cluster === null ? (
            <p className="hint dup-empty">{t('choose')}</p>
          ) : (
            <ClusterDetail id={cluster} version={version} onOpenArticle={onOpenArticle} />
          )}
        </div>
      </div>
    </section>
  );
}

function ClusterRow({ cluster }: { cluster: DupCluster }) {
  const { t } = useTranslation('duplicates');
  const first = cluster.firstSeen;
  return (
    <>
      <div className="cluster-row-text">{cluster.text}</div>
      <div className="meta cluster-row-meta">
        <span className="size">{t('paragraphs', { count: cluster.size, n: formatNumber(cluster.size) })}</span>
        <span>{t('outlets', { count: cluster.outlets, n: formatNumber(cluster.outlets) })}</span>
        <span>{t('firstSeen', { source: first.source ?? t('noSource'), date: formatDate(first.publishedAt) })}</span>
        <span>{t('last', { date: formatDate(cluster.lastPublishedAt) })}</span>
      </div>
    </>
  );
}
