import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FacetCount, Facets as FacetCounts } from '../../../electron/api.js';
import { formatDate, formatNumber } from '../format.js';
import { isoDay, periodEnd, periodStart } from './periods.js';
import { type FilterField, hasFilter, toggleFilter, withoutDates } from './query-text.js';

/*
 * The facet sidebar: what the whole match set is about, from where, in which language and when.
 * A click adds the filter to the query text, a second click takes it out again; the counts are the
 * service's, over every match, not the page.
 */

const SHOWN = 8;

export interface FacetsProps {
  facets: FacetCounts | null;
  /** The counts belong to an older query; the new ones are on their way. */
  stale: boolean;
  query: string;
  setQuery: (q: string) => void;
  dates: string[];
}

interface SectionSpec {
  key: 'countries' | 'persons' | 'sources' | 'languages';
  field: FilterField;
  name: (f: FacetCount) => string;
}

function FacetSection({ spec, items, query, setQuery }: { spec: SectionSpec; items: FacetCount[]; query: string; setQuery: (q: string) => void }) {
  const { t } = useTranslation('search');
  const [all, setAll] = useState(false);
  const heading = `facet-${spec.key}`;
  const names = (f: FacetCount): string[] => [f.value, ...(f.label ? [f.label] : [])];
  // An active filter stays in view however far down its count puts it.
  const shown = all ? items : items.filter((f, i) => i < SHOWN || hasFilter(query, spec.field, names(f)));
  return (
    <section className="facet" aria-labelledby={heading}>
      <h3 id={heading}>{t(`facets.${spec.key}`)}</h3>
      {items.length === 0 ? (
        <p className="hint">{t('facets.none')}</p>
      ) : (
        <ul>
          {shown.map((f) => {
            const active = hasFilter(query, spec.field, names(f));
            return (
              <li key={f.value}>
                <button
                  type="button"
                  className="facet-item"
                  aria-pressed={active}
                  title={t(active ? 'facets.remove' : 'facets.add', { filter: `${spec.field}:${f.value}` })}
                  onClick={() => setQuery(toggleFilter(query, spec.field, f.value, names(f)))}
                >
                  <span className="facet-name">
                    {active && (
                      <span className="facet-check" aria-hidden="true">
                        ✓
                      </span>
                    )}
                    {spec.name(f)}
                  </span>
                  <span className="facet-count">{formatNumber(f.count)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {items.length > SHOWN && (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? t('facets.fewer') : t('facets.all', { count: items.length })}
        </button>
      )}
    </section>
  );
}

export function Facets({ facets, stale, query, setQuery, dates }: FacetsProps) {
  const { t, i18n } = useTranslation('search');
  const languageNames = new Intl.DisplayNames([i18n.language], { type: 'language' });
  const specs: SectionSpec[] = [
    { key: 'countries', field: 'country', name: (f) => f.label ?? f.value },
    { key: 'persons', field: 'person', name: (f) => f.value },
    { key: 'sources', field: 'source', name: (f) => f.value },
    { key: 'languages', field: 'lang', name: (f) => `${languageNames.of(f.value) ?? f.value} (${f.value})` },
  ];
  const first = facets?.timeline[0]?.value;
  const last = facets?.timeline.at(-1)?.value;
  const span = facets && first && last ? [formatDate(isoDay(periodStart(first, facets.granularity))), formatDate(isoDay(periodEnd(last, facets.granularity)))] : null;
  return (
    <div className={stale ? 'facets stale' : 'facets'} aria-busy={facets === null || stale}>
      <h2>{t('facets.title')}</h2>
      {facets === null ? (
        <p className="hint">{t('facets.loading')}</p>
      ) : (
        <>
          {specs.map((spec) => (
            <FacetSection key={spec.key} spec={spec} items={facets[spec.key]} query={query} setQuery={setQuery} />
          ))}
          <section className="facet" aria-labelledby="facet-period">
            <h3 id="facet-period">{t('facets.period')}</h3>
            {span && <p className="hint">{span[0] === span[1] ? span[0] : t('facets.span', { first: span[0], last: span[1] })}</p>}
            {dates.length > 0 && (
              <button type="button" className="facet-item" aria-pressed="true" title={t('timeline.clear')} onClick={() => setQuery(withoutDates(query))}>
                <span className="facet-name">{dates.join(' ')}</span>
              </button>
            )}
            <p className="hint">{t('facets.brush')}</p>
          </section>
        </>
      )}
    </div>
  );
}
