import { Popover } from 'radix-ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntitySummary } from '../../../electron/api.js';
import { useAction } from './useAction.js';

/** A new person or tag, by name; a new person joins the registry and is recognised in later imports. */
export function AddEntity({ kind, onAdded }: { kind: 'person' | 'tag'; onAdded: (id: number) => void }) {
  const { t } = useTranslation('entities');
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const { busy, problem, act, clear } = useAction();

  const add = (e: React.FormEvent): void => {
    e.preventDefault();
    void act<EntitySummary>('entityAdd', { kind, name }, (made) => {
      setOpen(false);
      setName('');
      onAdded(made.id);
    });
  };

  return (
    <Popover.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        clear();
      }}
    >
      <Popover.Trigger asChild>
        <button type="button">{t(`add.${kind}`)}</button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="entity-popover" align="end" sideOffset={4}>
          <form onSubmit={add}>
            <label className="field">
              <span>{t(`add.name.${kind}`)}</span>
              <input value={name} onChange={(e) => setName(e.currentTarget.value)} disabled={busy} />
            </label>
            {kind === 'person' && <p className="hint">{t('add.personHint')}</p>}
            {problem && (
              <p className="problem" role="alert">
                {problem}
              </p>
            )}
            <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
              {t('add.submit')}
            </button>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
