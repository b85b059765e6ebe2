import { useCallback, useEffect, useState } from 'react';
import type { EntityKind, EntityRef, EntitySummary } from '../../../electron/api.js';
import { failureMessage, transport } from '../transport.js';

/** Case and accents ignored, as the query language does: `jose` finds José. */
export const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Whether an entity's name, code or any alias holds what was typed. */
export function matches(e: EntitySummary, typed: string): boolean {
  const want = fold(typed.trim());
  if (want === '') return true;
  return [e.name, e.code ?? '', ...e.aliases].some((n) => fold(n).includes(want));
}

/** Most articles first, then by name. */
export const byCount = (a: EntitySummary, b: EntitySummary): number => b.articles - a.articles || a.name.localeCompare(b.name);

/** How the service is told which entity: by its full name, which is unique within its kind. */
export const refOf = (e: EntitySummary): EntityRef => ({ kind: e.kind, name: e.name });

/**
 * The search filter for an entity's articles: a country by ISO code, a person or tag by the full
 * name in quotes. The query language has no escape for a quote, so any in the name become spaces.
 */
export function filterFor(e: EntitySummary): string {
  if (e.kind === 'country' && e.code) return `country:${e.code}`;
  return `${e.kind}:"${e.name.replace(/["“”„‟«»″]/g, ' ').trim()}"`;
}

/** The entities of one kind, most used first; `reload` reads them again after a change. */
export function useEntities(kind: EntityKind, revision: number) {
  const [entities, setEntities] = useState<EntitySummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    transport
      .call<EntitySummary[]>('entities', { kind }, controller.signal)
      .then((list) => {
        setEntities(list.sort(byCount));
        setProblem(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setProblem(failureMessage(err));
      });
    return () => controller.abort();
  }, [kind, revision, changes]);

  const reload = useCallback(() => setChanges((n) => n + 1), []);
  return { entities, problem, reload };
}
