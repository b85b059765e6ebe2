import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.js';
import { Progress } from '../Progress.js';
import { useJob } from './job.js';

interface UpdateSummary {
  status: 'done' | 'cancelled';
  articles: number;
}

/** Articles the finder has not read yet (an upgraded archive, a stopped import), and the button that reads them. */
export function PendingNotice({ pending, onChanged }: { pending: number; onChanged: () => void }) {
  const { t } = useTranslation('duplicates');
  const { state, run, cancel } = useJob<UpdateSummary>('dupsUpdate', onChanged);
  if (pending === 0 && state.kind !== 'running' && state.kind !== 'failed') return null;
  return (
    <div className="pending" aria-live="polite">
      {state.kind === 'running' ? (
        // A merge of the finder's keys can take seconds with the counts standing still: the label says so.
        <Progress label={t(state.phase === 'merging' ? 'pending.merging' : 'pending.running')} done={state.done} total={state.total} onCancel={cancel} />
      ) : (
        <div className="pending-line">
          <span>{t('pending.count', { count: pending, n: formatNumber(pending) })}</span>
          {state.kind === 'cancelled' && <span className="hint">{t('pending.cancelled')}</span>}
          {state.kind === 'failed' && (
            <span className="problem" role="alert">
              {state.message}
            </span>
          )}
          {pending > 0 && (
            <button type="button" onClick={() => run({})}>
              {t('pending.run')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
