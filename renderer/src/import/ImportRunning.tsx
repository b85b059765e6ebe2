import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.js';
import { Progress } from '../Progress.js';
import type { Step } from './run.js';

/** An import under way: the bar, the counts so far (of every run of this import) and the file being read. */
export function ImportRunning({ step, onCancel }: { step: Step | null; onCancel: () => void }) {
  const { t } = useTranslation('import');
  const before = step?.before;
  const p = step?.kind === 'importing' ? step.progress : null;
  const label = step === null ? t('phase.starting') : step.kind === 'uploading' ? t('phase.uploading') : t(`phase.${step.progress.phase}`);
  // While the duplicate finder runs, the bar counts the new articles it has gone through, not files.
  const finder = p?.phase === 'duplicates' ? p.finder : null;
  const done = step === null ? 0 : step.kind === 'uploading' ? step.done : finder ? finder.done : step.progress.filesDone;
  const total = step === null ? null : step.kind === 'uploading' ? step.total : finder ? finder.total || null : step.progress.filesTotal || null;
  const current = step === null ? null : step.kind === 'uploading' ? step.current : step.progress.current;
  return (
    <div className="import-running">
      <Progress label={label} done={done} total={total} onCancel={onCancel} />
      <p className="import-counts" role="status">
        {t('counts', {
          imported: formatNumber((before?.imported ?? 0) + (p?.imported ?? 0)),
          skipped: formatNumber((before?.skipped ?? 0) + (p?.skipped ?? 0)),
          failed: formatNumber((before?.failed ?? 0) + (p?.failed ?? 0)),
        })}
      </p>
      <p className="import-current hint">{current ? t('current', { name: current }) : '\u00a0'}</p>
    </div>
  );
}
