import { useTranslation } from 'react-i18next';
import { formatNumber } from './format.js';

/** A long job's progress: a bar (indeterminate until the total is known), its counts, and a cancel button. */
export function Progress({ label, done, total, onCancel }: { label: string; done: number; total: number | null; onCancel?: () => void }) {
  const { t } = useTranslation();
  const share = total ? Math.min(1, done / total) : null;
  return (
    <div className="progress" role="group" aria-label={label}>
      <div className="progress-label">
        {label}
        <span className="progress-count">
          {total ? t('progressOf', { done: formatNumber(done), total: formatNumber(total) }) : formatNumber(done)}
        </span>
      </div>
      <div
        className={share === null ? 'progress-bar indeterminate' : 'progress-bar'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total ? done : undefined}
      >
        <div style={{ width: share === null ? undefined : `${(share * 100).toFixed(1)}%` }} />
      </div>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      )}
    </div>
  );
}
