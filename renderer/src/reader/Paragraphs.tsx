import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleDups, Highlights, ParagraphView, TextRange } from '../../../electron/api.js';
import { Marked } from './Marked.js';
import type { Placed } from './ranges.js';
import { SharedMarker } from './SharedMarker.js';

type Shared = ArticleDups['paragraphs'][number];

const NONE: TextRange[] = [];

interface ParagraphsProps {
  paragraphs: ParagraphView[];
  /** Null while the duplicate finder's answer is on its way: the gutter keeps its place. */
  dups: ArticleDups | null;
  matches: Highlights | null;
  evidence: Placed;
  onOpenArticle: (id: number) => void;
  onOpenCluster: (id: number) => void;
}

/** One paragraph: the shared marker in the gutter, the text with its marks, a repeat marker that shows the copies. */
function Paragraph({
  paragraph,
  shared,
  matches,
  evidence,
  onOpenArticle,
  onOpenCluster,
}: { paragraph: ParagraphView; shared: Shared | null; matches: TextRange[]; evidence: TextRange[] } & Pick<ParagraphsProps, 'onOpenArticle' | 'onOpenCluster'>) {
  const { t } = useTranslation('reader');
  const [expanded, setExpanded] = useState(false);
  const copies = paragraph.occurrences - 1;
  const className = ['rd-para', paragraph.boilerplate && 'rd-boilerplate', shared && 'rd-in-cluster'].filter(Boolean).join(' ');
  return (
    <div className={className} data-position={paragraph.position}>
      <div className="rd-gutter">{shared && <SharedMarker paragraph={shared} onOpenArticle={onOpenArticle} onOpenCluster={onOpenCluster} />}</div>
      <p>
        {paragraph.boilerplate && <span className="rd-tag-label">{t('boilerplate')}</span>}
        <Marked text={paragraph.text} matches={matches} evidence={evidence} />
        {copies > 0 && (
          <button
            type="button"
            className="rd-repeat"
            aria-expanded={expanded}
            title={t('repeatedTitle', { count: paragraph.occurrences })}
            onClick={() => setExpanded((e) => !e)}
          >
            {t('repeated', { count: paragraph.occurrences })}
          </button>
        )}
      </p>
      {expanded &&
        Array.from({ length: copies }, (_, i) => (
          <p key={i} className="rd-copy">
            <span className="rd-tag-label">{t('copy', { n: i + 2, count: paragraph.occurrences })}</span>
            {paragraph.text}
          </p>
        ))}
    </div>
  );
}

/**
 * The article's distinct paragraphs in order. A paragraph repeated within the article stands once
 * with its count; boilerplate (what the outlet prints under every article) waits behind a toggle.
 */
export function Paragraphs({ paragraphs, dups, matches, evidence, onOpenArticle, onOpenCluster }: ParagraphsProps) {
  const { t } = useTranslation('reader');
  const [showBoilerplate, setShowBoilerplate] = useState(false);
  const boilerplate = paragraphs.filter((p) => p.boilerplate).length;
  const shared = new Map((dups?.paragraphs ?? []).filter((p) => p.cluster !== null && p.others.length > 0).map((p) => [p.position, p]));
  const matched = new Map((matches?.paragraphs ?? []).map((p) => [p.position, p.ranges]));
  return (
    <div className="rd-paragraphs">
      {paragraphs
        .filter((p) => showBoilerplate || !p.boilerplate)
        .map((p) => (
          <Paragraph
            key={p.position}
            paragraph={p}
            shared={shared.get(p.position) ?? null}
            matches={matched.get(p.position) ?? NONE}
            evidence={evidence.paragraphs.get(p.position) ?? NONE}
            onOpenArticle={onOpenArticle}
            onOpenCluster={onOpenCluster}
          />
        ))}
      {boilerplate > 0 && (
        <p className="rd-boilerplate-toggle">
          <button type="button" aria-expanded={showBoilerplate} onClick={() => setShowBoilerplate((s) => !s)}>
            {t(showBoilerplate ? 'hideBoilerplate' : 'showBoilerplate', { count: boilerplate })}
          </button>
          <span className="hint">{t('boilerplateHint')}</span>
        </p>
      )}
    </div>
  );
}
