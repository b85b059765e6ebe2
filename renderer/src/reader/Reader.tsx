import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleDups, ArticleTags, ArticleView, Highlights, TagChange } from '../../../electron/api.js';
import { failureMessage, transport } from '../transport.js';
import { ArticleMeta } from './ArticleMeta.js';
import { Legend } from './Legend.js';
import { Marked } from './Marked.js';
import { Paragraphs } from './Paragraphs.js';
import { NOWHERE, placeEvidence } from './ranges.js';
import { type Decision, type Suggestion, Suggestions, suggestionsOf } from './Suggestions.js';
import { useCall } from './useCall.js';
import { UserTags } from './UserTags.js';
import './reader.css';

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

/** Keys typed into a field or inside a popover are theirs, not the reader's. */
const ownsKeys = (target: EventTarget | null): boolean =>
  target instanceof Element && target.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]') !== null;

/** Each article starts afresh: no selection, copies folded, at the top. */
export function Reader(props: ReaderProps) {
  return <ArticleReader key={props.id} {...props} />;
}

/*
 * The article and, beside it, its countries, people and tags. The text comes first; the duplicate
 * finder's markers, the query's marks and the suggestions fill in after it into places kept for
 * them (the gutter, the side panel), so nothing already on screen moves.
 */
function ArticleReader({ id, query, onBack, onOpenArticle, onOpenCluster, onChanged }: ReaderProps) {
  const { t } = useTranslation('reader');
  const article = useCall<ArticleView>('article', { id });
  const dups = useCall<ArticleDups>('dupsArticle', { id });
  const tags = useCall<ArticleTags>('tags', { id });
  const matches = useCall<Highlights>('highlight', query.trim() === '' ? null : { id, query });
  const [selected, setSelected] = useState(-1);
  const [hovered, setHovered] = useState<number | null>(null);
  const [panelFocused, setPanelFocused] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const main = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const tagInput = useRef<HTMLInputElement>(null);

  const items = useMemo(() => (tags.value ? suggestionsOf(tags.value) : null), [tags.value]);
  const shown = items?.[hovered ?? (panelFocused ? selected : -1)];
  const evidence = useMemo(
    () => (article.value && shown ? placeEvidence(article.value.title, article.value.paragraphs, shown.tag.evidence) : NOWHERE),
    [article.value, shown],
  );

  useEffect(() => main.current?.focus({ preventScroll: true }), []);

  const change = (request: TagChange): void => {
    setBusy(true);
    setProblem(null);
    transport
      .call<ArticleTags>('tag', request)
      .then((next) => {
        tags.set(next);
        onChanged();
      })
      .catch((err: unknown) => setProblem(failureMessage(err)))
      .finally(() => setBusy(false));
  };

  const decide = (item: Suggestion, decision: Decision): void => {
    if (busy || item.tag.status === (decision === 'confirm' ? 'confirmed' : 'rejected')) return;
    change({ action: decision, id, entities: [{ kind: item.kind, name: item.tag.name }] });
  };

  const move = (step: 1 | -1): void => {
    if (!items || items.length === 0) return;
    const to = selected < 0 ? 0 : Math.max(0, Math.min(items.length - 1, selected + step));
    setSelected(to);
    panel.current?.querySelector<HTMLElement>(`[data-index="${to}"]`)?.focus();
    // Once the new evidence is marked, bring its first mention into view.
    requestAnimationFrame(() => main.current?.querySelector('mark.evidence')?.scrollIntoView({ block: 'nearest' }));
  };

  const onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey || ownsKeys(e.target)) return;
    const chosen = items?.[selected];
    switch (e.key) {
      case 'Escape':
        onBack();
        break;
      case 'j':
      case 'k':
        move(e.key === 'j' ? 1 : -1);
        break;
      case 'c':
      case 'x':
        if (chosen) decide(chosen, e.key === 'c' ? 'confirm' : 'reject');
        break;
      case 't':
        e.preventDefault();
        tagInput.current?.focus();
        break;
    }
  };
  // Registered again with every render, so the keys act on what is on screen.
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const a = article.value;
  return (
    <div className="rd">
      <div className="rd-main" ref={main} tabIndex={-1}>
        <article className="rd-article" aria-label={t('article')} aria-busy={a === null}>
          <button type="button" className="rd-back" onClick={onBack}>
            ← {t('back')} <kbd>Esc</kbd>
          </button>
          {a ? (
            <>
              <h1>
                <Marked text={a.title} matches={matches.value?.title ?? []} evidence={evidence.title} />
              </h1>
              <ArticleMeta article={a} />
              <Paragraphs paragraphs={a.paragraphs} dups={dups.value} matches={matches.value} evidence={evidence} onOpenArticle={onOpenArticle} onOpenCluster={onOpenCluster} />
            </>
          ) : article.problem ? (
            <p className="problem" role="alert">
              {article.problem}
            </p>
          ) : (
            <div className="rd-placeholder">
              <div className="rd-placeholder-title" />
              <p className="hint">{t('opening')}</p>
            </div>
          )}
        </article>
      </div>
      <aside
        className="rd-side"
        aria-label={t('panel')}
        onFocus={() => setPanelFocused(true)}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget)) setPanelFocused(false);
        }}
      >
        <p className="problem" role="alert">
          {problem ?? tags.problem}
        </p>
        <Suggestions ref={panel} items={items} selected={selected} busy={busy} onSelect={setSelected} onMove={move} onHover={setHovered} onDecide={decide} />
        <UserTags
          tags={tags.value?.tags ?? null}
          busy={busy}
          inputRef={tagInput}
          onAdd={(name) => change({ action: 'add', id, entities: [{ kind: 'tag', name }] })}
          onRemove={(name) => change({ action: 'remove', id, entities: [{ kind: 'tag', name }] })}
        />
        <Legend />
      </aside>
    </div>
  );
}
