import { Popover } from 'radix-ui';
import { type RefObject, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SortOrder } from '../../../electron/api.js';

/*
 * The query box, its sort, and the query language's help (the "?" button, or F1 in the box). The
 * examples are the language itself (docs/query-language.md), so they are not translated; what they
 * do is.
 */

const SYNTAX: { key: string; examples: string[] }[] = [
  { key: 'words', examples: ['putin xi'] },
  { key: 'phrase', examples: ['"peta jalan"'] },
  { key: 'or', examples: ['banjir OR flooding'] },
  { key: 'not', examples: ['putin -moskow', 'putin NOT moskow'] },
  { key: 'group', examples: ['(banjir OR flooding) -perahu'] },
  { key: 'prefix', examples: ['perdamai*'] },
  { key: 'near', examples: ['"xi putin"~10', 'NEAR(xi putin, 10)'] },
  { key: 'title', examples: ['title:ukraina'] },
  { key: 'source', examples: ['source:kompas', 'source:"Warta Kota"'] },
  { key: 'lang', examples: ['lang:id'] },
  { key: 'date', examples: ['date:2023-03', 'date:2023-03-20..2023-03-22'] },
  { key: 'afterBefore', examples: ['after:2023-03', 'before:2024'] },
  { key: 'country', examples: ['country:RU', 'country:Rusia'] },
  { key: 'person', examples: ['person:"Vladimir Putin"', 'person:jokowi'] },
  { key: 'tag', examples: ['tag:pemilu'] },
];

export interface QueryProblem {
  message: string;
  position?: number;
}

export interface QueryBoxProps {
  input: RefObject<HTMLInputElement | null>;
  query: string;
  setQuery: (q: string) => void;
  sort: SortOrder;
  setSort: (s: SortOrder) => void;
  problem: QueryProblem | null;
  /** ↓ in the box: on to the results. */
  onDown: () => void;
}

function QueryHelp() {
  const { t } = useTranslation('search');
  return (
    <>
      <Popover.Title className="help-title">{t('help.title')}</Popover.Title>
      <Popover.Description className="hint">{t('help.intro')}</Popover.Description>
      <table className="help-table">
        <tbody>
          {SYNTAX.map((row) => (
            <tr key={row.key}>
              <td>
                {row.examples.map((e) => (
                  <code key={e}>{e}</code>
                ))}
              </td>
              <td>{t(`help.rows.${row.key}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('help.operators')}</p>
      <p className="hint">{t('help.keys')}</p>
    </>
  );
}

export function QueryBox({ input, query, setQuery, sort, setSort, problem, onDown }: QueryBoxProps) {
  const { t } = useTranslation('search');
  const [help, setHelp] = useState(false);
  return (
    <>
      <Popover.Root open={help} onOpenChange={setHelp}>
        <Popover.Anchor asChild>
          <div className="bar">
            <input
              ref={input}
              className={problem ? 'query invalid' : 'query'}
              type="search"
              placeholder={t('placeholder')}
              aria-label={t('query')}
              aria-invalid={problem !== null}
              aria-describedby="query-problem"
              aria-keyshortcuts="/ F1"
              value={query}
              autoFocus
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  onDown();
                } else if (e.key === 'F1') {
                  e.preventDefault();
                  setHelp(true);
                }
              }}
            />
            <Popover.Trigger asChild>
              <button type="button" className="help-button" aria-label={t('help.open')} title={t('help.open')}>
                ?
              </button>
            </Popover.Trigger>
            <select aria-label={t('sort.label')} value={sort} onChange={(e) => setSort(e.target.value as SortOrder)}>
              <option value="relevance">{t('sort.relevance')}</option>
              <option value="newest">{t('sort.newest')}</option>
              <option value="oldest">{t('sort.oldest')}</option>
            </select>
          </div>
        </Popover.Anchor>
        <Popover.Portal>
          <Popover.Content
            className="popover help"
            align="start"
            sideOffset={4}
            collisionPadding={8}
            // Closing the help goes back to typing.
            onCloseAutoFocus={(e) => {
              e.preventDefault();
              input.current?.focus();
            }}
          >
            <QueryHelp />
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      <div id="query-problem" className="problem" role="status">
        {problem && (
          <>
            {problem.message}
            {problem.position !== undefined && (
              <code className="pointer">
                {query.slice(0, problem.position)}
                <mark>{query.slice(problem.position, problem.position + 1) || ' '}</mark>
                {query.slice(problem.position + 1)}
              </code>
            )}
          </>
        )}
      </div>
    </>
  );
}
