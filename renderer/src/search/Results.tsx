import { useVirtualizer } from '@tanstack/react-virtual';
import { type RefObject, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../electron/api.js';
import { Hit } from './Hit.js';

/* The results as a virtualised list: only the rows in view (and a few either side) are in the page, however many are loaded. */

const ROW_PX = 86;

export interface ResultsProps {
  list: RefObject<HTMLDivElement | null>;
  hits: SearchHit[];
  selected: number;
  setSelected: (i: number) => void;
  onOpen: (id: number) => void;
  /** The last row in view moved: more may be wanted. */
  onReach: (index: number) => void;
}

export function Results({ list, hits, selected, setSelected, onOpen, onReach }: ResultsProps) {
  const { t } = useTranslation('search');
  const rows = useVirtualizer({ count: hits.length, getScrollElement: () => list.current, estimateSize: () => ROW_PX, overscan: 8 });
  const items = rows.getVirtualItems();
  const last = items.at(-1)?.index;

  useEffect(() => {
    if (last !== undefined) onReach(last);
  }, [last, onReach]);

  const onKey = (e: React.KeyboardEvent): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const to = Math.max(0, Math.min(hits.length - 1, selected + (e.key === 'ArrowDown' ? 1 : -1)));
      setSelected(to);
      rows.scrollToIndex(to);
    } else if (e.key === 'Enter' && hits[selected]) onOpen(hits[selected].id);
  };

  return (
    <div
      ref={list}
      className="results"
      tabIndex={0}
      role="listbox"
      aria-label={t('results')}
      aria-activedescendant={hits[selected] ? `hit-${hits[selected].id}` : undefined}
      onKeyDown={onKey}
    >
      <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const hit = hits[item.index]!;
          return (
            <div
              key={hit.id}
              id={`hit-${hit.id}`}
              role="option"
              aria-selected={item.index === selected}
              className={item.index === selected ? 'hit selected' : 'hit'}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_PX, transform: `translateY(${item.start}px)` }}
              onClick={() => onOpen(hit.id)}
            >
              <Hit hit={hit} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
