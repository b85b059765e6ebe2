import { useTranslation } from 'react-i18next';
import type { ArticleTags, CountryTag, PersonTag } from '../../../electron/api.js';
import { formatNumber } from '../format.js';

/** A country or person suggestion as the panel lists it: countries first, then people, each by score. */
export interface Suggestion {
  kind: 'country' | 'person';
  tag: CountryTag | PersonTag;
}

export function suggestionsOf(tags: ArticleTags | null): Suggestion[] {
  if (!tags) return [];
  return [...tags.countries.map((tag): Suggestion => ({ kind: 'country', tag })), ...tags.persons.map((tag): Suggestion => ({ kind: 'person', tag }))];
}

export type Decision = 'confirm' | 'reject';

interface RowProps {
  item: Suggestion;
  index: number;
  selected: boolean;
  /** Whether some row is selected; if none, the first row takes the tab stop. */
  anySelected: boolean;
  busy: boolean;
  onSelect: (index: number) => void;
  onHover: (index: number | null) => void;
  onDecide: (item: Suggestion, decision: Decision) => void;
}

function Row({ item, index, selected, anySelected, busy, onSelect, onHover, onDecide }: RowProps) {
  const { t } = useTranslation('reader');
  const { tag } = item;
  const status = t(`status.${tag.status}`);
  const score = formatNumber(tag.score);
  return (
    <li
      className={`rd-suggestion ${tag.status}`}
      data-index={index}
      tabIndex={selected || (index === 0 && !anySelected) ? 0 : -1}
      aria-current={selected ? 'true' : undefined}
      aria-label={t('suggestionLabel', { name: tag.name, status, score })}
      aria-keyshortcuts="C X"
      onFocus={() => onSelect(index)}
      onMouseEnter={() => onHover(index)}
      onMouseLeave={() => onHover(null)}
    >
      <span className="rd-s-name">
        {tag.name}
        {item.kind === 'country' && <span className="rd-s-code">{(tag as CountryTag).code}</span>}
      </span>
      <span className="rd-s-detail">
        <span className={`rd-status ${tag.status}`}>{status}</span>
        <span title={t('mentions', { count: tag.mentions })}>{t('score', { score })}</span>
      </span>
      <span className="rd-s-actions">
        <button type="button" tabIndex={-1} className="rd-confirm" disabled={busy} aria-pressed={tag.status === 'confirmed'} aria-label={t('confirm', { name: tag.name })} title={`${t('confirm', { name: tag.name })} (c)`} onClick={() => onDecide(item, 'confirm')}>
          ✓
        </button>
        <button type="button" tabIndex={-1} className="rd-reject" disabled={busy} aria-pressed={tag.status === 'rejected'} aria-label={t('reject', { name: tag.name })} title={`${t('reject', { name: tag.name })} (x)`} onClick={() => onDecide(item, 'reject')}>
          ✕
        </button>
      </span>
    </li>
  );
}

interface SuggestionsProps {
  ref: React.Ref<HTMLDivElement>;
  items: Suggestion[] | null;
  selected: number;
  busy: boolean;
  onSelect: (index: number) => void;
  onMove: (step: 1 | -1) => void;
  onHover: (index: number | null) => void;
  onDecide: (item: Suggestion, decision: Decision) => void;
}

/**
 * The country and person suggestions. One row at a time takes the focus (↑ ↓ or j k move it, c and
 * x decide); hovering or focusing a row marks its evidence in the text. The buttons are for the
 * mouse: the keys reach the same decisions without a tab stop each.
 */
export function Suggestions({ ref, items, selected, busy, onSelect, onMove, onHover, onDecide }: SuggestionsProps) {
  const { t } = useTranslation('reader');
  const onKey = (e: React.KeyboardEvent): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      onMove(e.key === 'ArrowDown' ? 1 : -1);
    }
  };
  const group = (kind: Suggestion['kind'], heading: string) => {
    const rows = (items ?? []).flatMap((item, index) => (item.kind === kind ? [{ item, index }] : []));
    return (
      <section className="rd-group" aria-label={heading}>
        <h2>{heading}</h2>
        {items === null ? (
          <p className="hint">{t('loading')}</p>
        ) : rows.length === 0 ? (
          <p className="hint">{t('noSuggestions')}</p>
        ) : (
          <ul className="rd-suggestions">
            {rows.map(({ item, index }) => (
              <Row key={`${kind}-${item.tag.name}`} item={item} index={index} selected={index === selected} anySelected={selected >= 0} busy={busy} onSelect={onSelect} onHover={onHover} onDecide={onDecide} />
            ))}
          </ul>
        )}
      </section>
    );
  };
  return (
    <div ref={ref} onKeyDown={onKey}>
      {group('country', t('countries'))}
      {group('person', t('persons'))}
    </div>
  );
}
