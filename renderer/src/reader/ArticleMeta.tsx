import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ArticleView } from '../../../electron/api.js';
import { formatDate } from '../format.js';

/** The host of a link, or the link itself when it is not a URL a browser can read. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** A language code as its name in the UI's language ("id" is "Indonesian" or "Indonesia"). */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([i18next.language], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const isWebLink = (url: string): boolean => /^https?:\/\//i.test(url);

/**
 * Outlet, section, date, language, author, the original's address and the import run that brought
 * the article in. The link opens outside the app: in a new tab in browser mode, and through the
 * window's guard in the desktop app, which hands http(s) links to the system browser.
 */
export function ArticleMeta({ article }: { article: ArticleView }) {
  const { t } = useTranslation('reader');
  const parts = [
    article.source,
    article.section,
    formatDate(article.publishedAt),
    article.language && languageName(article.language),
    article.author,
  ].filter((p): p is string => Boolean(p));
  return (
    <p className="rd-meta">
      {parts.map((p, i) => (
        <span key={i}>{p}</span>
      ))}
      {article.url && (
        <span>
          {isWebLink(article.url) ? (
            <a href={article.url} target="_blank" rel="noopener noreferrer" title={t('openSource', { host: hostOf(article.url) })}>
              {hostOf(article.url)}
            </a>
          ) : (
            article.url
          )}
        </span>
      )}
      {article.importId !== null && <span>{t('importRun', { id: article.importId })}</span>}
    </p>
  );
}
