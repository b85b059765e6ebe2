import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../electron/api.js';
import { formatDate, formatNumber } from '../format.js';

/* One result row: title, outlet, date, language, the countries and people it is about, how much of it was copied, and the snippet. */

const CHIPS = 3;

function Chips({ kind, names }: { kind: 'country' | 'person'; names: string[] }) {
  const { t } = useTranslation('search');
  if (names.length === 0) return null;
  const rest = names.slice(CHIPS);
  return (
    <span className="chips" title={`${t(`hit.${kind}`)}: ${names.join(', ')}`}>
      {names.slice(0, CHIPS).map((n) => (
        <span key={n} className={`chip ${kind}`}>
          {n}
        </span>
      ))}
      {rest.length > 0 && <span className={`chip ${kind} more`}>{t('hit.more', { n: formatNumber(rest.length) })}</span>}
    </span>
  );
}

export function Hit({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation('search');
  return (
    <>
      <div className="hit-head">
        <span className="title">{hit.title}</span>
        {hit.new && <span className="badge new">{t('hit.new')}</span>}
        {hit.sharedParagraphs > 0 && (
          <span className="badge shared" title={t('hit.sharedTitle', { count: hit.sharedParagraphs })}>
            {t('hit.shared', { count: hit.sharedParagraphs, n: formatNumber(hit.sharedParagraphs) })}
          </span>
        )}
      </div>
      <div className="meta">
        <span>{hit.source ?? t('hit.noSource')}</span>
        <span>{formatDate(hit.publishedAt)}</span>
        {hit.language && <span>{hit.language}</span>}
        <Chips kind="country" names={hit.countries} />
        <Chips kind="person" names={hit.persons} />
      </div>
      {/* The service escapes the snippet and adds only <mark> tags. */}
      <div className="snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
    </>
  );
}
