import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WatchedFolder } from '../../../electron/api.js';
import { formatMoment } from '../format.js';
import { desktop, failureMessage, transport } from '../transport.js';

/*
 * The folders Pantau watches while it is open (docs/feeds.md#watched-folders): each with how its
 * checks go, a way to add one and to stop watching it. In the desktop app a folder is added through
 * the system's folder dialog (the window may not name a path itself); in browser mode its path is
 * typed. The service checks the folders on its own, every 10 seconds; the list is read again as
 * often, so what it imported shows up.
 */

const REFRESH_MS = 10_000;


function FolderRow({ folder, busy, onRemove }: { folder: WatchedFolder; busy: boolean; onRemove: () => void }) {
  const { t } = useTranslation('import');
  return (
    <li aria-label={folder.path}>
      <div className="feed-head">
        <span className="feed-url">{folder.path}</span>
        <button type="button" className="link" disabled={busy} onClick={onRemove} aria-label={t('folders.remove', { path: folder.path })}>
          {t('folders.removeShort')}
        </button>
      </div>
      <div className="feed-status">
        <span>{t('folders.files', { count: folder.files })}</span>
        <span>{t('folders.articles', { count: folder.articles })}</span>
        <span>{folder.lastCheck ? t('folders.lastCheck', { when: formatMoment(folder.lastCheck) }) : t('folders.neverChecked')}</span>
        <span>{folder.lastImport ? t('folders.lastImport', { when: formatMoment(folder.lastImport) }) : t('folders.noImport')}</span>
      </div>
      {folder.lastError && <p className="feed-error">{t('folders.lastError', { error: folder.lastError })}</p>}
    </li>
  );
}

export function WatchedFolders({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation('import');
  const [folders, setFolders] = useState<WatchedFolder[] | null>(null);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  /** Articles the folders had brought at the last look: more now means the watcher imported some. */
  const articles = useRef<number | null>(null);
  /** The way to add a folder: where the keyboard goes once a folder's row, and its button, is gone. */
  const addControl = useRef<HTMLElement | null>(null);
  const [refocus, setRefocus] = useState(false);

  useEffect(() => {
    // Controls are disabled while busy, and a disabled one cannot take the focus.
    if (!refocus || busy) return;
    addControl.current?.focus();
    setRefocus(false);
  }, [refocus, busy]);

  const refresh = useCallback((): void => {
    transport
      .call<WatchedFolder[]>('foldersList', {})
      .then((list) => {
        const total = list.reduce((n, f) => n + f.articles, 0);
        if (articles.current !== null && total > articles.current) onImported();
        articles.current = total;
        setFolders(list);
      })
      .catch((err: unknown) => setProblem(failureMessage(err)));
  }, [onImported]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = (work: () => Promise<unknown>): void => {
    setBusy(true);
    setProblem(null);
    work()
      .catch((err: unknown) => setProblem(failureMessage(err)))
      .finally(() => {
        setBusy(false);
        refresh();
      });
  };

  const addTyped = (e: React.FormEvent): void => {
    e.preventDefault();
    act(async () => {
      await transport.call<WatchedFolder>('foldersAdd', { path: path.trim() });
      setPath('');
    });
  };

  const choose = (): void =>
    act(async () => {
      const chosen = await desktop!.pickFolder();
      if (chosen !== null) await transport.call<WatchedFolder>('foldersAdd', { path: chosen });
    });

  return (
    <section className="folders" aria-label={t('folders.title')}>
      <h3>{t('folders.title')}</h3>
      <p className="hint">{t('folders.intro')}</p>
      {folders && folders.length === 0 && <p className="hint">{t('folders.none')}</p>}
      {folders && folders.length > 0 && (
        <ul className="feed-list" aria-label={t('folders.list')}>
          {folders.map((f) => (
            <FolderRow
              key={f.path}
              folder={f}
              busy={busy}
              onRemove={() => {
                setRefocus(true);
                act(() => transport.call('foldersRemove', { path: f.path }));
              }}
            />
          ))}
        </ul>
      )}
      {desktop ? (
        <div className="feed-add">
          <button type="button" ref={(el) => void (addControl.current = el)} disabled={busy} onClick={choose}>
            {t('folders.choose')}
          </button>
        </div>
      ) : (
        <form className="feed-add" onSubmit={addTyped}>
          <label>
            <span>{t('folders.path')}</span>
            <input ref={(el) => void (addControl.current = el)} type="text" className="folder-path" required value={path} placeholder={t('folders.pathPlaceholder')} disabled={busy} onChange={(e) => setPath(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={busy || path.trim() === ''}>
            {t('folders.add')}
          </button>
        </form>
      )}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
