import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DupCluster, DupMember } from '../../../electron/api.js';
import { formatDate, formatNumber, uiLocale } from '../format.js';
import { ApiFailure, failureMessage, transport } from '../transport.js';
import { SpreadChart } from './SpreadChart.js';
import { VirtualListbox } from '../VirtualListbox.js';

const MEMBER_ROW_PX = 46;

/** One cluster: its paragraph, its probable origin, how it spread, and every member in time order. */
export function ClusterDetail({ id, version, onOpenArticle }: { id: number; version: string; onOpenArticle: (id: number) => void }) {
  const { t } = useTranslation('duplicates');
  const [cluster, setCluster] = useState<DupCluster | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [active, setActive] = useState(-1);

  useEffect(() => {
    const controller = new AbortController();
    transport
      .call<DupCluster>('dupCluster', { id }, controller.signal)
      .then((c) => {
        setCluster(c);
        setProblem(null);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setCluster(null);
        setProblem(err instanceof ApiFailure && err.error.code === 'not_found' ? t('cluster.gone') : failureMessage(err));
      });
    return () => controller.abort();
  }, [id, version, t]);

  useEffect(() => setActive(-1), [id]);

  if (problem) return <p className="cluster-empty hint">{problem}</p>;
  if (!cluster) return <div className="cluster" aria-busy="true" />;
  const members = cluster.members ?? [];
  const { firstSeen } = cluster;
  const isOrigin = (m: DupMember): boolean => m.articleId === firstSeen.articleId && m.paragraph === firstSeen.paragraph;
  const days = cluster.spread.length;

  return (
    <section className="cluster" aria-label={t('cluster.label')}>
      <h2>{t('cluster.heading', { count: cluster.size, size: formatNumber(cluster.size), outlets: t('outlets', { count: cluster.outlets, n: formatNumber(cluster.outlets) }) })}</h2>
      <blockquote className="cluster-text">{cluster.text}</blockquote>
      <p className="origin">
        <span className="marker origin-marker">{t('cluster.origin')}</span>
        <button type="button" className="link" onClick={() => onOpenArticle(firstSeen.articleId)}>
          {firstSeen.title}
        </button>
        <span className="meta"> · {[firstSeen.source ?? t('noSource'), formatDate(firstSeen.publishedAt)].join(' · ')}</span>
      </p>
      {days > 0 ? (
        <SpreadChart
          spread={cluster.spread}
          label={t('cluster.spread', { count: days, n: formatNumber(days), from: formatDate(cluster.spread[0]!.day), to: formatDate(cluster.spread[days - 1]!.day) })}
        />
      ) : (
        <p className="hint">{t('cluster.undated')}</p>
      )}
      <h3>{t('cluster.members')}</h3>
      <VirtualListbox
        id={`member-${cluster.id}`}
        label={t('cluster.members')}
        className="members"
        count={members.length}
        rowHeight={MEMBER_ROW_PX}
        active={active}
        setActive={setActive}
        onChoose={(i) => onOpenArticle(members[i]!.articleId)}
        row={(i) => <MemberRow member={members[i]!} origin={isOrigin(members[i]!)} />}
      />
    </section>
  );
}

function MemberRow({ member, origin }: { member: DupMember; origin: boolean }) {
  const { t, i18n } = useTranslation('duplicates');
  const similarity = member.similarity.toLocaleString(uiLocale(i18n.language), { style: 'percent', maximumFractionDigits: 0 });
  return (
    <>
      <div className="member-title">
        {member.title}
        {origin && <span className="marker origin-marker">{t('cluster.origin')}</span>}
      </div>
      <div className="meta member-meta">
        <span>{formatDate(member.publishedAt)}</span>
        <span>{[member.source ?? t('noSource'), member.section].filter(Boolean).join(' · ')}</span>
        <span className="similarity" title={t('cluster.similarityHint')}>
          {t('cluster.similarity', { value: similarity })}
        </span>
      </div>
    </>
  );
}
