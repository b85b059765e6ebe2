import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportProgress, ImportSummary } from '../../electron/api.js';
import { Progress } from './Progress.js';
import { failureMessage, transport } from './transport.js';

/** What an empty archive shows: how to fill it, with the bundled sample articles one click away. */
export function FirstRun({ onImport, onLoaded }: { onImport: () => void; onLoaded: () => void }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** Set at the click, not at the first progress: a double click starts one import, not two. */
  const [loading, setLoading] = useState(false);

  const loadSamples = (): void => {
    setProblem(null);
    setLoading(true);
    transport
      .job<ImportSummary>('importSample', {}, (p) => setProgress(p as ImportProgress))
      .then(onLoaded)
      .catch((err: unknown) => setProblem(failureMessage(err)))
      .finally(() => {
        setProgress(null);
        setLoading(false);
      });
  };

  return (
    <section className="first-run" aria-label={t('firstRun.title')}>
      <h1>{t('firstRun.title')}</h1>
      <p>{t('firstRun.intro')}</p>
      <div className="first-run-actions">
        <button type="button" className="primary" onClick={onImport}>
          {t('firstRun.import')}
        </button>
        <button type="button" onClick={loadSamples} disabled={loading}>
          {t('firstRun.samples')}
        </button>
      </div>
      {progress && <Progress label={t('firstRun.loading')} done={progress.filesDone} total={progress.filesTotal || null} />}
      {problem && <p className="problem">{problem}</p>}
      <p className="hint">{t('firstRun.keys')}</p>
    </section>
  );
}
