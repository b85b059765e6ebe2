import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';
import './virtual-listbox.css';

/*
 * A long list of fixed-height rows that only renders what is on screen: one tab stop, the
 * highlighted row followed with ↑ ↓ Home End PageUp PageDown, Enter or a click chooses it. Used by
 * the cluster and member lists and by the entities view.
 */

export interface VirtualListboxProps {
  label: string;
  /** Prefix of the rows' element ids (for aria-activedescendant); unique on the page. */
  id: string;
  count: number;
  rowHeight: number;
  /** The highlighted row (aria-selected), or -1. */
  active: number;
  setActive: (index: number) => void;
  onChoose: (index: number) => void;
  row: (index: number) => ReactNode;
  /** Called when the last rows come into view, to fetch the next page. */
  onNearEnd?: () => void;
  /** The class of a row, besides `vrow`. */
  rowClass?: (index: number) => string;
  className?: string;
}

export function VirtualListbox({ label, id, count, rowHeight, active, setActive, onChoose, row, onNearEnd, rowClass, className }: VirtualListboxProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 8 });
  const items = rows.getVirtualItems();
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (onNearEnd && count > 0 && last >= count - 5) onNearEnd();
  }, [last, count, onNearEnd]);

  const move = (to: number): void => {
    const index = Math.max(0, Math.min(count - 1, to));
    setActive(index);
    rows.scrollToIndex(index);
  };
  const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
  const onKey = (e: React.KeyboardEvent): void => {
    if (count === 0) return;
    const to: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      Home: 0,
      End: count - 1,
      PageDown: active + page,
      PageUp: active - page,
    };
    if (e.key in to) {
      e.preventDefault();
      move(to[e.key]!);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      onChoose(active);
    }
  };

  return (
    <div
      ref={scroller}
      className={`vlist ${className ?? ''}`}
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={active >= 0 && active < count ? `${id}-${active}` : undefined}
      onKeyDown={onKey}
      onFocus={() => active < 0 && count > 0 && setActive(0)}
    >
      <div className="vlist-inner" style={{ height: rows.getTotalSize() }}>
        {items.map((item) => (
          <div
            key={item.key}
            id={`${id}-${item.index}`}
            role="option"
            aria-selected={item.index === active}
            className={`vrow ${rowClass?.(item.index) ?? ''}`}
            style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}
            onClick={() => {
              setActive(item.index);
              onChoose(item.index);
            }}
          >
            {row(item.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
