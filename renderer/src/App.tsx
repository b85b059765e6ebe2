import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MenuCommand, Stats } from '../../electron/api.js';
import { Duplicates } from './duplicates/Duplicates.js';
import { Entities } from './entities/Entities.js';
import { Export } from './export/Export.js';
import { FirstRun } from './FirstRun.js';
import { Import } from './import/Import.js';
import { Reader } from './reader/Reader.js';
import { Search } from './search/Search.js';
import { Settings } from './Settings.js';
import { desktop, transport } from './transport.js';

/*
 * The workbench: a view per task, switched from the tab bar, the menu or Ctrl+1…6. The query is
 * shared (search, duplicates and export all work on it) and kept while reading. An article opens
 * over the view it was opened from, and Esc goes back to it.
 */

export const VIEWS = ['search', 'duplicates', 'entities', 'import', 'export', 'settings'] as const;
export type View = (typeof VIEWS)[number];

/**
 * Files dropped on the window, handed to the import view; `at` tells a second drop of the same files
 * from the first. The entries are taken while the drop lasts: a browser can read a dropped folder
 * only through them.
 */
export interface Dropped {
  files: File[];
  entries: (FileSystemEntry | null)[];
  at: number;
}

export function App() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('search');
  const [query, setQuery] = useState('');
  const [reading, setReading] = useState<number | null>(null);
  const [cluster, setCluster] = useState<number | null>(null);
  const [stats, setStats] = useState<Stats | null>(null);
  const [dropped, setDropped] = useState<Dropped | null>(null);
  /** The views opened so far, which stay mounted. */
  const [opened, setOpened] = useState<ReadonlySet<View>>(() => new Set(['search']));
  useEffect(() => setOpened((o) => (o.has(view) ? o : new Set([...o, view]))), [view]);
  /** The query as the duplicates view last saw it: typing in search does not make a hidden list read itself again at every key. */
  const [dupQuery, setDupQuery] = useState(query);
  useEffect(() => {
    if (view === 'duplicates') setDupQuery(query);
  }, [view, query]);
  /** Moves when the archive changes (an import), so views read it again. */
  const [revision, setRevision] = useState(0);

  const refresh = useCallback(() => {
    transport
      .call<Stats>('stats')
      .then(setStats)
      .catch(() => undefined);
    setRevision((r) => r + 1);
  }, []);
  useEffect(refresh, [refresh]);

  const show = useCallback((to: View) => {
    setReading(null);
    setView(to);
  }, []);
  const openCluster = useCallback((id: number) => {
    setReading(null);
    setCluster(id);
    setView('duplicates');
  }, []);
  const searchFor = useCallback((q: string) => {
    setQuery(q);
    show('search');
  }, [show]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const n = Number(e.key);
      if (n >= 1 && n <= VIEWS.length) {
        e.preventDefault();
        show(VIEWS[n - 1]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show]);

  useEffect(
    () =>
      desktop?.onMenu((command: MenuCommand) => {
        if (command === 'import-files') show('import');
        else if (command === 'focus-search') {
          show('search');
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>('input.query')?.focus());
        } else show(command.slice('view-'.length) as View);
      }),
    [show],
  );

  const onDrop = (e: React.DragEvent): void => {
    if (e.dataTransfer.files.length === 0) return;
    e.preventDefault();
    setDropped({ files: [...e.dataTransfer.files], entries: [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry()), at: Date.now() });
    show('import');
  };

  const empty = stats !== null && stats.articles === 0;
  return (
    <div className="app" onDragOver={(e) => e.dataTransfer.types.includes('Files') && e.preventDefault()} onDrop={onDrop}>
      <header className="top">
        <span className="brand">Pantau</span>
        <nav className="tabs" aria-label={t('views')}>
          {VIEWS.map((v, i) => (
            <button key={v} type="button" className="tab" aria-current={view === v && reading === null ? 'page' : undefined} onClick={() => show(v)} title={`Ctrl+${i + 1}`}>
              {t(`view.${v}`)}
            </button>
          ))}
        </nav>
        {stats && <span className="archive-size">{t('articleCount', { count: stats.articles })}</span>}
      </header>
      <main className="body">
        <div className="view" hidden={view !== 'search' || reading !== null}>
          {empty ? (
            <FirstRun onImport={() => show('import')} onLoaded={refresh} />
          ) : (
            <Search query={query} setQuery={setQuery} onOpen={setReading} visible={view === 'search' && reading === null} revision={revision} />
          )}
        </div>
        {/*
          A view stays mounted once opened, hidden while another is shown: a running import, export or
          regrouping keeps its progress and report, and a list its place, across tabs and the reader.
        */}
        {opened.has('duplicates') && (
          <div className="view" hidden={view !== 'duplicates' || reading !== null}>
            <Duplicates query={dupQuery} cluster={cluster} setCluster={setCluster} onOpenArticle={setReading} revision={revision} />
          </div>
        )}
        {opened.has('entities') && (
          <div className="view" hidden={view !== 'entities' || reading !== null}>
            <Entities onSearch={searchFor} revision={revision} />
          </div>
        )}
        {opened.has('import') && (
          <div className="view" hidden={view !== 'import' || reading !== null}>
            <Import dropped={dropped} onImported={refresh} onSearch={searchFor} />
          </div>
        )}
        {opened.has('export') && (
          <div className="view" hidden={view !== 'export' || reading !== null}>
            <Export query={query} />
          </div>
        )}
        {view === 'settings' && reading === null && <Settings />}
        {reading !== null && (
          <Reader id={reading} query={query} onBack={() => setReading(null)} onOpenArticle={setReading} onOpenCluster={openCluster} onChanged={refresh} />
        )}
      </main>
    </div>
  );
}
