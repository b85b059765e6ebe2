import { Popover } from 'radix-ui';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntitySummary } from '../../../electron/api.js';
import { formatNumber } from '../format.js';
import { matches } from './entities.js';

/** Options shown at once; typing narrows the rest. */
const SHOWN = 50;

/** Picks the entity of the same kind that another is merged into: a searchable list in a popover (↑ ↓ Enter). */
export function MergePicker({ from, all, onPick }: { from: EntitySummary; all: EntitySummary[]; onPick: (into: EntitySummary) => void }) {
  const { t } = useTranslation('entities');
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [active, setActive] = useState(0);
  const id = useId();
  const found = useMemo(() => all.filter((e) => e.kind === from.kind && e.id !== from.id && matches(e, typed)), [all, from, typed]);
  const options = found.slice(0, SHOWN);

  const pick = (e: EntitySummary): void => {
    onPick(e);
    setOpen(false);
  };
  const onKey = (e: React.KeyboardEvent): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(options.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = options[active];
      if (chosen) pick(chosen);
    }
  };

  return (
    <Popover.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setTyped('');
        setActive(0);
      }}
    >
      <Popover.Trigger asChild>
        <button type="button">{t('merge.choose')}</button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="entity-popover merge-picker" align="start" sideOffset={4}>
          <input
            type="search"
            role="combobox"
            aria-label={t('merge.find')}
            aria-expanded="true"
            aria-controls={`${id}-options`}
            aria-activedescendant={options[active] ? `${id}-${active}` : undefined}
            placeholder={t('merge.findHint')}
            value={typed}
            onChange={(e) => {
              setTyped(e.currentTarget.value);
              setActive(0);
            }}
            onKeyDown={onKey}
          />
          <ul id={`${id}-options`} role="listbox" aria-label={t('merge.candidates')} className="merge-options">
            {options.map((e, i) => (
              <li
                key={e.id}
                id={`${id}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseEnter={() => setActive(i)}
                onClick={() => pick(e)}
              >
                <span className="entity-name">{e.name}</span>
                <span className="entity-count">{formatNumber(e.articles)}</span>
              </li>
            ))}
          </ul>
          {found.length === 0 && <p className="hint">{t('merge.none')}</p>}
          {found.length > SHOWN && <p className="hint">{t('merge.more', { count: found.length - SHOWN, n: formatNumber(found.length - SHOWN) })}</p>}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
