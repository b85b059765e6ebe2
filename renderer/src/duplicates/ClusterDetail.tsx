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
  const [problem, setProblem] = useState<{ id: number; message: string } | null>(null);
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
        setProblem({ id, message: err instanceof ApiFailure && err.error.code === 'not_found' ? t('cluster.gone') : failureMessage(err) });
      });
    return () => controller.abort();
  }, [id, version, t]);

  useEffect(() => setActive(-1), [id]);

  // What is on screen belongs to the cluster asked for: another cluster's text or error never stands in while it loads.
  if (problem?.id === id) return <p className="cluster-empty hint">{problem.message}</p>;
  const shown = cluster?.id === id ? cluster : null;
  if (!shown) return <div className="cluster" aria-busy="true" />;
  const members = shown.members ?? [];
  const { firstSeen } = shown;
  const isOrigin = (m: DupMember): boolean => m.articleId === firstSeen.articleId && m.paragraph === firstSeen.paragraph;
  const days = shown.spread.length;

  return (
    <section className="cluster" aria-label={t('cluster.label')}>
      <h2>{t('cluster.heading', { count: shown.size, size: formatNumber(shown.size), outlets: t('outlets', { count: shown.outlets, n: formatNumber(shown.outlets) }) })}</h2>
      <blockquote className="cluster-text">{shown.text}</blockquote>
      <p className="origin">
        <span className="marker origin-marker">{t('cluster.origin')}</span>
        <button type="button" className="link" onClick={() => onOpenArticle(firstSeen.articleId)}>
          {firstSeen.title}
        </button>
        <span className="meta"> · {[firstSeen.source ?? t('noSource'), formatDate(firstSeen.publishedAt)].join(' · ')}</span>
      </p>
      {days > 0 ? (
        <SpreadChart
          spread={shown.spread}
          label={t('cluster.spread', { count: days, n: formatNumber(days), from: formatDate(shown.spread[0]!.day), to: formatDate(shown.spread[days - 1]!.day) })}
        />
      ) : (
        <p className="hint">{t('cluster.undated')}</p>
      )}
      <h3>{t('cluster.members')}</h3>
      <VirtualListbox
        id={`member-${shown.id}`}
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
