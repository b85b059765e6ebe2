import { Popover } from 'radix-ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedSearch } from '../../../electron/api.js';
import { formatNumber } from '../format.js';
import { failureMessage, transport } from '../transport.js';

/*
 * Saved searches (monitors): each with its matches now and how many arrived since it was last
 * opened. Opening one runs it through the service, which marks what was new as read.
 */

export interface SavedProps {
  query: string;
  onOpen: (saved: SavedSearch) => void;
  /** Moves when the list's counts may have changed (an import, a saved search opened). */
  revision: number;
}

function SaveForm({ query, onSaved }: { query: string; onSaved: () => void }) {
  const { t } = useTranslation('search');
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = (e: React.FormEvent): void => {
    e.preventDefault();
    transport
      .call<SavedSearch>('savedAdd', { name, query })
      .then(() => {
        setOpen(false);
        setName('');
        onSaved();
      })
      .catch((err: unknown) => setProblem(failureMessage(err)));
  };
  return (
    <Popover.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setProblem(null);
      }}
    >
      <Popover.Trigger asChild>
        <button type="button" disabled={query.trim() === ''}>
          {t('saved.save')}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover save-form" align="start" sideOffset={4}>
          <form onSubmit={save}>
            <label>
              {t('saved.name')}
              <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus />
            </label>
            <code className="saved-query">{query}</code>
            {problem && (
              <p className="problem" role="alert">
                {problem}
              </p>
            )}
            <button type="submit" className="primary" disabled={name.trim() === ''}>
              {t('saved.confirm')}
            </button>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

export function Saved({ query, onOpen, revision }: SavedProps) {
  const { t } = useTranslation('search');
  const [list, setList] = useState<SavedSearch[] | null>(null);
  const [changed, setChanged] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    transport
      .call<SavedSearch[]>('savedList', {}, controller.signal)
      .then((l) => {
        setList(l);
        setProblem(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setProblem(failureMessage(err));
      });
    return () => controller.abort();
  }, [revision, changed]);

  const remove = (name: string): void => {
    transport
      .call('savedRemove', { name })
      .then(() => setChanged((n) => n + 1))
      .catch((err: unknown) => setProblem(failureMessage(err)));
  };

  return (
    <section className="saved" aria-labelledby="saved-heading">
      <div className="saved-head">
        <h2 id="saved-heading">{t('saved.title')}</h2>
        <SaveForm query={query} onSaved={() => setChanged((n) => n + 1)} />
      </div>
      {problem && <p className="problem">{problem}</p>}
      {list?.length === 0 && <p className="hint">{t('saved.none')}</p>}
      {list && list.length > 0 && (
        <ul aria-label={t('saved.title')}>
          {list.map((s) => (
            <li key={s.id} className="saved-item">
              <button type="button" className="saved-open" title={s.query} onClick={() => onOpen(s)}>
                <span className="saved-name">{s.name}</span>
                <span className="saved-total">{t('saved.total', { count: s.total, n: formatNumber(s.total) })}</span>
                {s.new > 0 && <span className="badge new">{t('saved.new', { count: s.new, n: formatNumber(s.new) })}</span>}
              </button>
              <button type="button" className="saved-remove" aria-label={t('saved.remove', { name: s.name })} title={t('saved.remove', { name: s.name })} onClick={() => remove(s.name)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
