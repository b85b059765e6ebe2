import { useTranslation } from 'react-i18next';
import type { FileError, ImportSummary } from '../../../electron/api.js';
import { formatNumber } from '../format.js';

/** A filter for one outlet's articles, quoted when the name has a space. */
const sourceQuery = (name: string): string => (/[\s"()]/.test(name) ? `source:"${name.replace(/"/g, '')}"` : `source:${name}`);

/** How an import went: its counts, the outlets it filled, and every file it could not read or read with a caveat. */
export function ImportReport({ summary, onSearch, onAgain }: { summary: ImportSummary; onSearch?: (query: string) => void; onAgain: () => void }) {
  const { t } = useTranslation('import');
  const n = formatNumber;
  return (
    <section className="import-report" aria-label={t('report.title')}>
      <h2>{summary.status === 'cancelled' ? t('report.cancelled') : t('report.done')}</h2>
      <dl className="counts">
        <div>
          <dt>{t('report.files')}</dt>
          <dd>{n(summary.files)}</dd>
        </div>
        <div>
          <dt>{t('report.imported')}</dt>
          <dd>{n(summary.imported)}</dd>
        </div>
        <div>
          <dt>{t('report.skipped')}</dt>
          <dd>{n(summary.skipped)}</dd>
        </div>
        <div className={summary.failed > 0 ? 'bad' : undefined}>
          <dt>{t('report.failed')}</dt>
          <dd>{n(summary.failed)}</dd>
        </div>
      </dl>
      {summary.status === 'cancelled' && <p className="hint">{t('report.cancelledHint')}</p>}
      {summary.duplicates === 'cancelled' && summary.status === 'done' && <p className="hint">{t('report.duplicatesPending')}</p>}

      {summary.outlets.length > 0 && (
        <>
          <h3>{t('report.outlets')}</h3>
          <ul className="outlets">
            {summary.outlets.map((o) => (
              <li key={o.name}>
                {onSearch ? (
                  <button type="button" className="link" onClick={() => onSearch(sourceQuery(o.name))}>
                    {o.name}
                  </button>
                ) : (
                  <span>{o.name}</span>
                )}
                <span className="num">{t('report.articles', { count: o.articles })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {summary.unsourced > 0 && <p className="hint">{t('report.unsourced', { count: summary.unsourced })}</p>}

      <Problems title={t('report.errors', { count: summary.errors.length })} list={summary.errors} className="errors" />
      <Problems title={t('report.warnings', { count: summary.warnings.length })} list={summary.warnings} className="warnings" />

      <div className="report-actions">
        <button type="button" className="primary" onClick={onAgain}>
          {t('report.again')}
        </button>
      </div>
    </section>
  );
}

function Problems({ title, list, className }: { title: string; list: FileError[]; className: string }) {
  if (list.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table className={`problems ${className}`} aria-label={title}>
        <tbody>
          {list.map((e, i) => (
            <tr key={i}>
              <td className="path">{e.path}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
