import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntitySummary, UserTag } from '../../../electron/api.js';
import { useCall } from './useCall.js';

const MAX_OPTIONS = 8;

interface Option {
  name: string;
  /** A name no tag has yet: choosing it makes the tag. */
  isNew: boolean;
}

/** The archive's tags that fit what was typed (anywhere in the name), then the typed text as a new tag when no tag has that name. */
function optionsFor(typed: string, known: readonly string[], onArticle: ReadonlySet<string>): Option[] {
  const text = typed.trim().toLowerCase();
  const fitting = known.filter((name) => !onArticle.has(name.toLowerCase()) && name.toLowerCase().includes(text));
  fitting.sort((a, b) => Number(!a.toLowerCase().startsWith(text)) - Number(!b.toLowerCase().startsWith(text)) || a.localeCompare(b));
  const options = fitting.slice(0, MAX_OPTIONS).map((name) => ({ name, isNew: false }));
  const exists = known.some((name) => name.toLowerCase() === text) || onArticle.has(text);
  return text === '' || exists ? options : [...options, { name: typed.trim(), isNew: true }];
}

interface UserTagsProps {
  tags: UserTag[] | null;
  busy: boolean;
  inputRef: React.Ref<HTMLInputElement>;
  onAdd: (name: string) => void;
  onRemove: (name: string) => void;
}

/** The article's own tags, each removable, and a combobox that adds one: an existing tag from the list, or a new one. */
export function UserTags({ tags, busy, inputRef, onAdd, onRemove }: UserTagsProps) {
  const { t } = useTranslation('reader');
  const listId = useId();
  const known = useCall<EntitySummary[]>('entities', { kind: 'tag' });
  const [added, setAdded] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  const names = [...new Set([...(known.value ?? []).map((e) => e.name), ...added])];
  const onArticle = new Set((tags ?? []).map((tag) => tag.name.toLowerCase()));
  const options = open ? optionsFor(typed, names, onArticle) : [];

  const choose = (name: string): void => {
    if (busy) return;
    onAdd(name);
    setAdded((list) => [...list, name]);
    setTyped('');
    setActive(-1);
  };

  const onKey = (e: React.KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const n = optionsFor(typed, names, onArticle).length;
      if (n > 0) setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const option = options[active];
      if (option) choose(option.name);
      else if (typed.trim() !== '') choose(typed.trim());
    } else if (e.key === 'Escape') {
      // Esc closes the list, then leaves the field; only from outside it does Esc leave the article.
      e.stopPropagation();
      if (open && options.length > 0) setOpen(false);
      else e.currentTarget.blur();
    }
  };

  return (
    <section className="rd-group" aria-label={t('tags')}>
      <h2>{t('tags')}</h2>
      {tags === null ? (
        <p className="hint">{t('loading')}</p>
      ) : tags.length === 0 ? (
        <p className="hint">{t('noTags')}</p>
      ) : (
        <ul className="rd-chips">
          {tags.map((tag) => (
            <li key={tag.name} className={`rd-chip ${tag.status}`}>
              {tag.name}
              <button type="button" disabled={busy} aria-label={t('removeTag', { name: tag.name })} onClick={() => onRemove(tag.name)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="rd-combo">
        <input
          ref={inputRef}
          role="combobox"
          aria-label={t('addTag')}
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={options[active] ? `${listId}-${active}` : undefined}
          aria-keyshortcuts="T"
          placeholder={t('addTagPlaceholder')}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            setActive(-1);
          }}
          onKeyDown={onKey}
        />
        <ul role="listbox" id={listId} aria-label={t('tagOptions')} className="rd-options" hidden={options.length === 0}>
          {options.map((o, i) => (
            <li
              key={`${o.isNew ? 'new' : 'tag'}-${o.name}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={o.isNew ? 'rd-option-new' : undefined}
              // Chosen before the field loses the focus, which closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o.name);
              }}
              onMouseEnter={() => setActive(i)}
            >
              {o.isNew ? t('newTag', { name: o.name }) : o.name}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
