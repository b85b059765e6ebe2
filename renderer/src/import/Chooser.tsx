import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Chosen, fromDrop, fromInput, onDesktop, pickWithDialog } from '../files.js';
import { formatNumber } from '../format.js';

/** Where files come from: a file dialog, a folder dialog, or a drop on this area. */
export function Chooser({ onAdd, disabled }: { onAdd: (chosen: Chosen[]) => void; disabled: boolean }) {
  const { t } = useTranslation('import');
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const fromInputEl = (input: HTMLInputElement): void => {
    onAdd(fromInput([...(input.files ?? [])]));
    // Choosing the same file again should add it again after it was removed.
    input.value = '';
  };

  const onDrop = (e: React.DragEvent): void => {
    // Handled here, folders included, rather than by the window's drop (which sees only files).
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    if (disabled) return;
    // Entries and files are only readable while the drop event lasts.
    const entries = [...e.dataTransfer.items].map((item) => item.webkitGetAsEntry());
    void fromDrop(entries, [...e.dataTransfer.files]).then(onAdd);
  };

  return (
    <div
      className={over ? 'drop-zone over' : 'drop-zone'}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        e.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <button type="button" className="primary" disabled={disabled} onClick={() => files.current?.click()}>
        {t('chooseFiles')}
      </button>
      <button
        type="button"
        disabled={disabled}
        onClick={() => (onDesktop ? void pickWithDialog().then(onAdd) : folder.current?.click())}
      >
        {onDesktop ? t('chooseFilesOrFolders') : t('chooseFolder')}
      </button>
      <span className="hint">{t('dropHere')}</span>
      <input ref={files} type="file" multiple hidden tabIndex={-1} onChange={(e) => fromInputEl(e.currentTarget)} />
      <input ref={(el) => {
        folder.current = el;
        // Not in React's attribute list: a folder input gives every file with its path inside the folder.
        el?.setAttribute('webkitdirectory', '');
      }} type="file" hidden tabIndex={-1} onChange={(e) => fromInputEl(e.currentTarget)} />
    </div>
  );
}

const sizeOf = (c: Chosen): string => (c.file ? `${formatNumber(Math.max(1, Math.round(c.file.size / 1024)))} KB` : '');

/** The files chosen so far, each removable. */
export function Selection({ chosen, onRemove, disabled }: { chosen: Chosen[]; onRemove: (name: string) => void; disabled: boolean }) {
  const { t } = useTranslation('import');
  if (chosen.length === 0) return null;
  return (
    <ul className="selection" aria-label={t('selection')}>
      {chosen.map((c) => (
        <li key={c.name}>
          <span className="name" title={c.path ?? c.name}>
            {c.name}
          </span>
          <span className="size">{sizeOf(c)}</span>
          <button type="button" className="remove" disabled={disabled} aria-label={t('remove', { name: c.name })} onClick={() => onRemove(c.name)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
