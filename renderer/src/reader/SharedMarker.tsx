import { Popover } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import type { ArticleDups, DupMember } from '../../../electron/api.js';
import { formatDate } from '../format.js';

type Shared = ArticleDups['paragraphs'][number];

const percent = (similarity: number): string => `${Math.round(similarity * 100)}%`;

/** Where a paragraph of another article appears: outlet and date, then its title, which opens it. */
function Other({ member, onOpen }: { member: DupMember; onOpen: (id: number) => void }) {
  const { t } = useTranslation('reader');
  return (
    <li>
      <span className="rd-other-meta">
        {[member.source, member.section, formatDate(member.publishedAt)].filter(Boolean).join(' · ')}
        {member.similarity < 1 && ` · ${t('alike', { percent: percent(member.similarity) })}`}
      </span>
      <button type="button" className="rd-link" onClick={() => onOpen(member.articleId)}>
        {member.title}
      </button>
    </li>
  );
}

/** The gutter marker of a paragraph other articles share: its cluster's size and outlets, and on click those articles. */
export function SharedMarker({ paragraph, onOpenArticle, onOpenCluster }: { paragraph: Shared; onOpenArticle: (id: number) => void; onOpenCluster: (id: number) => void }) {
  const { t } = useTranslation('reader');
  const cluster = paragraph.cluster!;
  const outlets = t('sharedOutlets', { count: cluster.outlets });
  return (
    <Popover.Root>
      <Popover.Trigger className="rd-shared" aria-label={t('sharedLabel', { count: paragraph.others.length, outlets })}>
        <span>{t('sharedCopies', { count: cluster.size })}</span>
        <span>{outlets}</span>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="rd-popover" side="right" align="start" sideOffset={6} collisionPadding={12} aria-label={t('sharedTitle', { count: paragraph.others.length })}>
          <h3>{t('sharedTitle', { count: paragraph.others.length })}</h3>
          <ul className="rd-others">
            {paragraph.others.map((m) => (
              <Other key={`${m.articleId}-${m.paragraph}`} member={m} onOpen={onOpenArticle} />
            ))}
          </ul>
          <button type="button" className="rd-link" onClick={() => onOpenCluster(cluster.id)}>
            {t('openCluster', { id: cluster.id })}
          </button>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
