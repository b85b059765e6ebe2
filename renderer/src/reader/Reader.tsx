import { useEffect, useState } from 'react';
import type { ArticleView } from '../../../electron/api.js';
import { ApiFailure, transport } from '../transport.js';

/** The host of a link, or the link itself when it is not a URL a browser can read. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** The reader: the clean article, its repeated paragraphs marked, its source, date, url and language. */
export interface ReaderProps {
  id: number;
  /** The search query, whose matches the reader highlights. */
  query: string;
  onBack: () => void;
  onOpenArticle: (id: number) => void;
  onOpenCluster: (clusterId: number) => void;
  /** Tags changed: views that count them read again. */
  onChanged: () => void;
}

export function Reader({ id, onBack }: ReaderProps) {
  const [article, setArticle] = useState<ArticleView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    transport
      .call<ArticleView>('article', { id }, controller.signal)
      .then(setArticle)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setProblem(err instanceof ApiFailure ? err.error.message : String(err));
      });
    return () => controller.abort();
  }, [id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  if (problem) return <p className="problem">{problem}</p>;
  if (!article) return <p className="loading">Opening…</p>;
  return (
    <article className="reader" aria-label="Article">
      <button type="button" className="back" onClick={onBack}>
        ← Results <kbd>Esc</kbd>
      </button>
      <h1>{article.title}</h1>
      <p className="meta">
        {[article.source, article.section, article.publishedAt ?? 'undated', article.language, article.author].filter(Boolean).join(' · ')}
        {article.url && (
          <>
            {' · '}
            <a href={article.url} target="_blank" rel="noreferrer noopener">
              {hostOf(article.url)}
            </a>
          </>
        )}
      </p>
      {article.paragraphs.map((p) => (
        <p key={p.position} className={p.boilerplate ? 'boilerplate' : undefined}>
          {p.text}
          {p.repeated && <span className="marker" title={`${p.occurrences} times in the article`}>×{p.occurrences}</span>}
        </p>
      ))}
    </article>
  );
}
