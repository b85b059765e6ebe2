import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedsRunProgress, FeedsRunSummary, FeedStatus } from '../../../electron/api.js';
import { formatMoment } from '../format.js';
import { failureMessage, transport } from '../transport.js';

/*
 * The feeds Pantau polls while it is open (docs/feeds.md): each with its interval and how its
 * polling goes, a form to add one, and "poll now". The service polls on its own timer; the list is
 * read again every minute so what it did shows up.
 */

const REFRESH_MS = 60_000;


function FeedRow({ feed, busy, onRemove }: { feed: FeedStatus; busy: boolean; onRemove: () => void }) {
  const { t } = useTranslation('import');
  return (
    <li aria-label={feed.url}>
      <div className="feed-head">
        <span className="feed-url">{feed.url}</span>
        <button type="button" className="link" disabled={busy} onClick={onRemove} aria-label={t('feeds.remove', { url: feed.url })}>
          {t('feeds.removeShort')}
        </button>
      </div>
      <div className="feed-status">
        <span>{t('feeds.every', { every: feed.every })}</span>
        <span>{t('feeds.articles', { count: feed.articles })}</span>
        <span>{feed.lastSuccess ? t('feeds.lastSuccess', { when: formatMoment(feed.lastSuccess) }) : t('feeds.neverPolled')}</span>
      </div>
      {feed.lastError && (
        <p className="feed-error">
          {t('feeds.lastError', { count: feed.failures, error: feed.lastError })}
        </p>
      )}
    </li>
  );
}

export function Feeds({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation('import');
  const [feeds, setFeeds] = useState<FeedStatus[] | null>(null);
  const [url, setUrl] = useState('');
  const [every, setEvery] = useState('30m');
  const [fullText, setFullText] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<FeedsRunProgress | null>(null);
  const [result, setResult] = useState<FeedsRunSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback((): void => {
    transport
      .call<FeedStatus[]>('feedsList', {})
      .then(setFeeds)
      .catch((err: unknown) => setProblem(failureMessage(err)));
  }, []);

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
        setProgress(null);
        refresh();
      });
  };

  const add = (e: React.FormEvent): void => {
    e.preventDefault();
    act(async () => {
      await transport.call<FeedStatus>('feedsAdd', { url, every, fullText });
      setUrl('');
    });
  };

  const runNow = (): void =>
    act(async () => {
      setResult(null);
      const summary = await transport.job<FeedsRunSummary>('feedsRun', { all: true }, (p) => setProgress(p as FeedsRunProgress));
      setResult(summary);
      if (summary.imported > 0) onImported();
    });

  return (
    <section className="feeds" aria-label={t('feeds.title')}>
      <h3>{t('feeds.title')}</h3>
      <p className="hint">{t('feeds.intro')}</p>
      {feeds && feeds.length === 0 && <p className="hint">{t('feeds.none')}</p>}
      {feeds && feeds.length > 0 && (
        <ul className="feed-list" aria-label={t('feeds.list')}>
          {feeds.map((f) => (
            <FeedRow key={f.url} feed={f} busy={busy} onRemove={() => act(() => transport.call('feedsRemove', { url: f.url }))} />
          ))}
        </ul>
      )}
      <form className="feed-add" onSubmit={add}>
        <label>
          <span>{t('feeds.url')}</span>
          <input type="url" required value={url} placeholder="https://…" disabled={busy} onChange={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          <span>{t('feeds.interval')}</span>
          <select value={every} disabled={busy} onChange={(e) => setEvery(e.currentTarget.value)}>
            {['15m', '30m', '1h', '6h', '1d'].map((v) => (
              <option key={v} value={v}>
                {t('feeds.every', { every: v })}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={fullText} disabled={busy} onChange={(e) => setFullText(e.currentTarget.checked)} />
          <span>{t('feeds.fullText')}</span>
        </label>
        <button type="submit" disabled={busy || url.trim() === ''}>
          {t('feeds.add')}
        </button>
      </form>
      {feeds && feeds.length > 0 && (
        <div className="feed-actions">
          <button type="button" disabled={busy} onClick={runNow}>
            {t('feeds.runNow')}
          </button>
          {progress && progress.total > 0 && <span className="hint">{t('feeds.polling', { done: progress.done, total: progress.total })}</span>}
          {result && <span role="status">{t('feeds.result', { count: result.imported, feeds: result.feeds.length })}</span>}
        </div>
      )}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
