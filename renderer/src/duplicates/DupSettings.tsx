import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoilerplateEntry, DupsSettingsResult } from '../../../electron/api.js';
import { formatNumber } from '../format.js';
import { Progress } from '../Progress.js';
import { failureMessage, transport } from '../transport.js';
import { useJob } from './job.js';

/* The archive's duplicate settings: both regroup or relearn the whole archive, so they run as a job. */

const DEFAULT_THRESHOLD = 0.8;
const DEFAULT_BOILERPLATE = 5;

/** A number as typed in either language: `0,9` or `0.9`. */
const parse = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim().replace(',', '.')));

export function DupSettings({ threshold, boilerplateArticles, onChanged }: { threshold: number; boilerplateArticles: number; onChanged: () => void }) {
  const { t } = useTranslation('duplicates');
  const [similarity, setSimilarity] = useState(formatNumber(threshold));
  const [articles, setArticles] = useState(String(boilerplateArticles));
  const { state, run, cancel } = useJob<DupsSettingsResult>('dupsSettings', onChanged);
  const ids = useId();

  useEffect(() => setSimilarity(formatNumber(threshold)), [threshold]);
  useEffect(() => setArticles(String(boilerplateArticles)), [boilerplateArticles]);

  const newThreshold = parse(similarity);
  const newArticles = parse(articles);
  const thresholdBad = !(newThreshold >= 0.5 && newThreshold <= 1);
  const articlesBad = !(Number.isInteger(newArticles) && newArticles >= 2);
  // The field shows the threshold rounded: left as shown, it is the stored value, not a new one.
  const thresholdChanged = similarity.trim() !== formatNumber(threshold) && newThreshold !== threshold;
  const changed = thresholdChanged || newArticles !== boilerplateArticles;
  const running = state.kind === 'running';

  const apply = (e: React.FormEvent): void => {
    e.preventDefault();
    if (thresholdBad || articlesBad || !changed) return;
    run({
      threshold: thresholdChanged ? newThreshold : undefined,
      boilerplateArticles: newArticles !== boilerplateArticles ? newArticles : undefined,
    });
  };

  return (
    <section className="dup-settings" aria-label={t('settings.title')}>
      <form onSubmit={apply}>
        <label className="field">
          <span>{t('settings.threshold')}</span>
          <input
            type="text"
            inputMode="decimal"
            value={similarity}
            disabled={running}
            aria-invalid={thresholdBad}
            aria-describedby={`${ids}-threshold`}
            onChange={(e) => setSimilarity(e.currentTarget.value)}
          />
          <span id={`${ids}-threshold`} className={thresholdBad ? 'problem' : 'hint'}>
            {thresholdBad ? t('settings.thresholdBad') : t('settings.thresholdHint', { value: formatNumber(DEFAULT_THRESHOLD) })}
          </span>
        </label>
        <label className="field">
          <span>{t('settings.boilerplate')}</span>
          <input
            type="text"
            inputMode="numeric"
            value={articles}
            disabled={running}
            aria-invalid={articlesBad}
            aria-describedby={`${ids}-boilerplate`}
            onChange={(e) => setArticles(e.currentTarget.value)}
          />
          <span id={`${ids}-boilerplate`} className={articlesBad ? 'problem' : 'hint'}>
            {articlesBad ? t('settings.boilerplateBad') : t('settings.boilerplateHint', { value: formatNumber(DEFAULT_BOILERPLATE) })}
          </span>
        </label>
        <div className="settings-actions">
          <button type="submit" className="primary" disabled={running || thresholdBad || articlesBad || !changed}>
            {t('settings.apply')}
          </button>
        </div>
      </form>
      <div className="settings-outcome" aria-live="polite">
        {running && <Progress label={t('settings.running')} done={state.done} total={state.total} onCancel={cancel} />}
        {state.kind === 'finished' && (
          <p role="status">
            {t('settings.done', { count: state.result.clusters, n: formatNumber(state.result.clusters), threshold: formatNumber(state.result.threshold) })}
          </p>
        )}
        {state.kind === 'cancelled' && <p className="hint">{t('settings.cancelled')}</p>}
        {state.kind === 'failed' && (
          <p className="problem" role="alert">
            {state.message}
          </p>
        )}
      </div>
      <Boilerplate articles={boilerplateArticles} />
    </section>
  );
}

/** What each outlet repeats (kept out of clusters), listed only when asked for; read again when relearnt at a new number of `articles`. */
function Boilerplate({ articles }: { articles: number }) {
  const { t } = useTranslation('duplicates');
  const [entries, setEntries] = useState<BoilerplateEntry[] | null>(null);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    transport
      .call<BoilerplateEntry[]>('boilerplate', {}, controller.signal)
      .then(setEntries)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setProblem(failureMessage(err));
      });
    return () => controller.abort();
  }, [open, articles]);

  return (
    <div className="boilerplate">
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? t('boilerplate.hide') : t('boilerplate.show')}
      </button>
      {open && problem && <p className="problem">{problem}</p>}
      {open && entries?.length === 0 && <p className="hint">{t('boilerplate.none')}</p>}
      {open && entries && entries.length > 0 && (
        <div className="boilerplate-table">
          <table>
            <caption>{t('boilerplate.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('boilerplate.outlet')}</th>
                <th scope="col">{t('boilerplate.kind')}</th>
                <th scope="col">{t('boilerplate.example')}</th>
                <th scope="col" className="number">
                  {t('boilerplate.articles')}
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((b) => (
                <tr key={`${b.source}\u0000${b.kind}\u0000${b.example}`}>
                  <td>{b.source}</td>
                  <td>{t(`boilerplate.${b.kind}`)}</td>
                  <td className="example" title={b.example}>
                    {b.example}
                  </td>
                  <td className="number">{formatNumber(b.articles)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
