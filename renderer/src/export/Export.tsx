import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportToFile, onDesktop, type Saved } from '../files.js';
import { formatNumber } from '../format.js';
import { Progress } from '../Progress.js';
import { ApiFailure, failureMessage } from '../transport.js';
import { ArticleFields, CountFields, DuplicateFields, EntityFields, FileFields } from './ExportFields.js';
import { fileName, type Form, initialForm, type Kind, KINDS, requestOf } from './form.js';
import './export.css';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number | null }
  | { kind: 'saved'; saved: Saved }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string; query: boolean };

interface ExportProgress {
  done: number;
  total: number;
}

/** The four exports, as CSV or a workbook, of the current query (editable here); saved to a file or downloaded. */
export function Export({ query }: { query: string }) {
  const { t } = useTranslation('export');
  const [form, setForm] = useState<Form>(() => initialForm(query));
  const [state, setState] = useState<State>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const edit = (change: Partial<Form>): void => setForm((f) => ({ ...f, ...change }));
  // The view stays mounted across tabs: a new search query becomes the export's query.
  useEffect(() => setForm((f) => ({ ...f, query })), [query]);
  const running = state.kind === 'running';
  const scoped = form.kind !== 'entities';

  const start = (e: React.FormEvent): void => {
    e.preventDefault();
    const abort = new AbortController();
    controller.current = abort;
    setState({ kind: 'running', done: 0, total: null });
    const onProgress = (p: unknown): void => {
      const { done, total } = p as ExportProgress;
      setState({ kind: 'running', done, total });
    };
    exportToFile(requestOf(form), fileName(form), onProgress, abort.signal)
      .then((saved) => {
        if (saved === null) setState({ kind: 'idle' });
        else setState(saved.result.status === 'cancelled' ? { kind: 'cancelled' } : { kind: 'saved', saved });
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted || (err instanceof ApiFailure && err.error.code === 'cancelled')) setState({ kind: 'cancelled' });
        else
          setState({
            kind: 'failed',
            message: failureMessage(err),
            query: err instanceof ApiFailure && err.error.code === 'invalid_query',
          });
      })
      .finally(() => {
        controller.current = null;
      });
  };

  const fields = { form, edit, disabled: running };
  return (
    <section className="export" aria-label={t('title')}>
      <h2>{t('title')}</h2>
      <form onSubmit={start}>
        <div className="kinds" role="radiogroup" aria-label={t('what')}>
          {KINDS.map((k: Kind) => (
            <label key={k} className={form.kind === k ? 'kind chosen' : 'kind'}>
              <input type="radio" name="kind" checked={form.kind === k} disabled={running} onChange={() => edit({ kind: k })} />
              <span className="kind-name">{t(`kind.${k}`)}</span>
              <span className="hint">{t(`kindHint.${k}`)}</span>
            </label>
          ))}
        </div>

        <div className="scope">
          <label className="field query-field">
            <span>{t('query')}</span>
            <input
              type="search"
              className={state.kind === 'failed' && state.query ? 'query invalid' : 'query'}
              value={scoped ? form.query : ''}
              placeholder={scoped ? t('queryEmpty') : t('queryRegistry')}
              disabled={running || !scoped}
              aria-invalid={state.kind === 'failed' && state.query}
              onChange={(e) => edit({ query: e.currentTarget.value })}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={scoped && form.confirmedOnly} disabled={running || !scoped} onChange={(e) => edit({ confirmedOnly: e.currentTarget.checked })} />{' '}
            {t('confirmedOnly')}
          </label>
        </div>

        <div className="kind-fields">
          {form.kind === 'articles' && <ArticleFields {...fields} />}
          {form.kind === 'entity-counts' && <CountFields {...fields} />}
          {form.kind === 'duplicates' && <DuplicateFields {...fields} />}
          {form.kind === 'entities' && <EntityFields {...fields} />}
        </div>
        <FileFields {...fields} />

        <div className="export-actions">
          <button type="submit" className="primary" disabled={running || (form.kind === 'articles' && form.columns.length === 0)}>
            {onDesktop ? t('saveAs') : t('download')}
          </button>
        </div>
      </form>

      <div className="export-outcome" aria-live="polite">
        {state.kind === 'running' && (
          <Progress label={t('running')} done={state.done} total={state.total || null} onCancel={() => controller.current?.abort()} />
        )}
        {state.kind === 'saved' && <SavedFile saved={state.saved} />}
        {state.kind === 'cancelled' && <p className="hint">{t('cancelled')}</p>}
        {state.kind === 'failed' && (
          <p className="problem" role="alert">
            {state.message}
          </p>
        )}
      </div>
    </section>
  );
}

function SavedFile({ saved }: { saved: Saved }) {
  const { t } = useTranslation('export');
  const { result, where } = saved;
  return (
    <div className="saved" role="status">
      <p>
        {t(onDesktop ? 'savedTo' : 'downloaded', { count: result.rows, rows: formatNumber(result.rows) })} <code className="where">{where}</code>
      </p>
      {result.notes.length > 0 && (
        <ul className="notes">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
