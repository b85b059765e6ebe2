import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '../../../electron/api.js';
import type { Dropped } from '../App.js';
import { addChosen, type Chosen, fromDrop } from '../files.js';
import { failureMessage } from '../transport.js';
import { Chooser, Selection } from './Chooser.js';
import { CsvMapping } from './CsvMapping.js';
import { Feeds } from './Feeds.js';
import { type CsvGroup, groupCsv, isCsv, mapOf, previewCsv } from './csv.js';
import { ImportReport } from './ImportReport.js';
import { ImportRunning } from './ImportRunning.js';
import { WatchedFolders } from './WatchedFolders.js';
import { type ImportOptions, importAll, type Run, type Step } from './run.js';
import './import.css';

/**
 * The drop the view last took: the App keeps its last drop, and this view must not add the same
 * files again each time it is opened.
 */
let takenDrop = 0;

interface Preview {
  name: string;
  rows: string[][];
}

/** The runs of an import: CSV files mapped in the mapping step on their own, with their map; everything else together. */
function plan(chosen: Chosen[], groups: CsvGroup[]): Run[] {
  const mapped = groups.flatMap((g) => {
    const map = mapOf(g);
    return map ? [{ names: new Set(g.names), map }] : [];
  });
  const inMapped = (c: Chosen): boolean => mapped.some((m) => m.names.has(c.name));
  const rest = chosen.filter((c) => !inMapped(c));
  return [...(rest.length > 0 ? [{ chosen: rest }] : []), ...mapped.map((m) => ({ chosen: chosen.filter((c) => m.names.has(c.name)), map: m.map }))];
}

export function Import({ dropped, onImported, onSearch }: { dropped: Dropped | null; onImported: () => void; onSearch?: (query: string) => void }) {
  const { t } = useTranslation('import');
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [previews, setPreviews] = useState<Preview[]>([]);
  /** The user's mapping per CSV layout (by its first row). */
  const [edited, setEdited] = useState<Record<string, CsvGroup>>({});
  const [options, setOptions] = useState<ImportOptions>({});
  const [step, setStep] = useState<Step | null>(null);
  const [running, setRunning] = useState(false);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  const add = (more: Chosen[]): void => {
    setSummary(null);
    setChosen((list) => addChosen(list, more));
  };

  useEffect(() => {
    if (!dropped || dropped.at === takenDrop) return;
    takenDrop = dropped.at;
    let live = true;
    void fromDrop(dropped.entries, dropped.files).then((more) => {
      if (live) add(more);
    });
    return () => {
      live = false;
    };
  }, [dropped]);

  // The first rows of each CSV file, for the mapping step, read once per file (an unreadable one has none).
  useEffect(() => {
    let live = true;
    const known = new Set(previews.map((p) => p.name));
    const todo = chosen.filter((c) => c.file && isCsv(c.name) && !known.has(c.name));
    const names = new Set(chosen.map((c) => c.name));
    if (todo.length === 0) {
      if (previews.some((p) => !names.has(p.name))) setPreviews((list) => list.filter((p) => names.has(p.name)));
      return;
    }
    void Promise.all(todo.map(async (c) => ({ name: c.name, rows: await previewCsv(c.file!).catch(() => []) }))).then((more) => {
      if (live) setPreviews((list) => [...list.filter((p) => names.has(p.name)), ...more]);
    });
    return () => {
      live = false;
    };
  }, [chosen, previews]);

  const groups = useMemo(() => groupCsv(previews.filter((p) => p.rows.length > 0)).map((g) => (edited[g.key] ? { ...edited[g.key]!, names: g.names, rows: g.rows } : g)), [previews, edited]);

  const start = (): void => {
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setProblem(null);
    importAll(plan(chosen, groups), options, setStep, abort.signal)
      .then((result) => {
        setSummary(result);
        setChosen([]);
        setPreviews([]);
        onImported();
      })
      .catch((err: unknown) => setProblem(failureMessage(err)))
      .finally(() => {
        setRunning(false);
        setStep(null);
        controller.current = null;
      });
  };

  if (summary) {
    return (
      <section className="import" aria-label={t('title')}>
        <ImportReport summary={summary} onSearch={onSearch} onAgain={() => setSummary(null)} />
      </section>
    );
  }

  return (
    <section className="import" aria-label={t('title')}>
      <h2>{t('title')}</h2>
      <p className="hint">{t('intro')}</p>
      <Chooser onAdd={add} disabled={running} />
      {chosen.length > 0 && (
        <>
          <div className="selection-head">
            <span>{t('selectionCount', { count: chosen.length })}</span>
            <button type="button" className="link" disabled={running} onClick={() => setChosen([])}>
              {t('clear')}
            </button>
          </div>
          <Selection chosen={chosen} disabled={running} onRemove={(name) => setChosen((list) => list.filter((c) => c.name !== name))} />

          {groups.length > 0 && (
            <fieldset className="csv-mapping">
              <legend>{t('csvTitle')}</legend>
              <p className="hint">{t('csvIntro')}</p>
              {groups.map((g) => (
                <CsvMapping key={g.key} group={g} disabled={running} onChange={(next) => setEdited((all) => ({ ...all, [g.key]: next }))} />
              ))}
            </fieldset>
          )}

          <fieldset className="import-options">
            <legend>{t('options')}</legend>
            <label>
              <span>{t('source')}</span>
              <input
                type="text"
                value={options.source ?? ''}
                placeholder={t('sourcePlaceholder')}
                disabled={running}
                onChange={(e) => setOptions({ ...options, source: e.currentTarget.value.trim() === '' ? undefined : e.currentTarget.value })}
              />
            </label>
            <label>
              <span>{t('dateOrder')}</span>
              <select
                value={options.dateFormat ?? ''}
                disabled={running}
                onChange={(e) => setOptions({ ...options, dateFormat: e.currentTarget.value === '' ? undefined : (e.currentTarget.value as 'DMY' | 'MDY') })}
              >
                <option value="">{t('dateAuto')}</option>
                <option value="DMY">{t('dateDMY')}</option>
                <option value="MDY">{t('dateMDY')}</option>
              </select>
            </label>
          </fieldset>

          {running ? (
            <ImportRunning step={step} onCancel={() => controller.current?.abort()} />
          ) : (
            <div className="import-actions">
              <button type="button" className="primary" onClick={start}>
                {t('start', { count: chosen.length })}
              </button>
            </div>
          )}
        </>
      )}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <Feeds onImported={onImported} />
      <WatchedFolders onImported={onImported} />
    </section>
  );
}
