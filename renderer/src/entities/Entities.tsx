import { Tabs } from 'radix-ui';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntityKind, EntitySummary } from '../../../electron/api.js';
import { VirtualListbox } from '../VirtualListbox.js';
import { formatNumber } from '../format.js';
import { AddEntity } from './AddEntity.js';
import { matches, useEntities } from './entities.js';
import { EntityDetail } from './EntityDetail.js';
import './entities.css';

/*
 * The entities view: the archive's countries, people and tags, most used first, filtered as you
 * type; the one chosen on the right, where it is renamed, merged, given aliases, muted or removed,
 * or its articles searched.
 */

const KINDS: EntityKind[] = ['country', 'person', 'tag'];
const ROW_PX = 36;

export interface EntitiesProps {
  /** Switches to the search view with this query. */
  onSearch: (query: string) => void;
  /** Moves when the archive changed (an import): the entities are read again. */
  revision: number;
}

export function Entities({ onSearch, revision }: EntitiesProps) {
  const { t } = useTranslation('entities');
  const [kind, setKind] = useState<EntityKind>('person');
  const [typed, setTyped] = useState('');
  const [chosen, setChosen] = useState<number | null>(null);
  const { entities, problem, reload } = useEntities(kind, revision);
  const filter = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const side = useRef<HTMLDivElement>(null);

  const shown = useMemo(() => (entities ?? []).filter((e) => e.kind === kind && matches(e, typed)), [entities, kind, typed]);
  const active = shown.findIndex((e) => e.id === chosen);
  const entity = entities?.find((e) => e.id === chosen) ?? null;
  const used = useMemo(() => (entities ?? []).filter((e) => e.kind === kind && e.articles > 0).length, [entities, kind]);

  useEffect(() => filter.current?.focus(), []);

  const changed = (next: number | null): void => {
    setChosen(next);
    reload();
  };
  const focusList = (): void => list.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
  const focusDetail = (): void => side.current?.querySelector<HTMLElement>('button')?.focus();

  return (
    <section className="entities" aria-label={t('title')}>
      <Tabs.Root value={kind} onValueChange={(v) => setKind(v as EntityKind)} className="entity-pane">
        <Tabs.List className="entity-kinds" aria-label={t('kinds')}>
          {KINDS.map((k) => (
            <Tabs.Trigger key={k} value={k} className="entity-kind">
              {t(`kind.${k}`)}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <div className="entity-bar">
          <input
            ref={filter}
            type="search"
            className="query"
            aria-label={t('filter')}
            placeholder={t('filterHint')}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                if (active < 0 && shown[0]) setChosen(shown[0].id);
                focusList();
              }
            }}
          />
          {kind !== 'country' && <AddEntity kind={kind} onAdded={changed} />}
        </div>
        <p className="count" role="status">
          {entities && t('count', { count: shown.length, n: formatNumber(shown.length), used: formatNumber(used), context: kind })}
        </p>
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        {/* Radix mounts only the open tab's content, so there is one list at a time. */}
        {KINDS.map((k) => (
          <Tabs.Content key={k} value={k} className="entity-list" ref={k === kind ? list : undefined}>
            <VirtualListbox
              id={`entity-${k}`}
              label={t(`list.${k}`)}
              count={shown.length}
              rowHeight={ROW_PX}
              active={active}
              setActive={(i) => setChosen(shown[i]!.id)}
              onChoose={focusDetail}
              rowClass={(i) => (shown[i]!.muted ? 'muted' : '')}
              row={(i) => <EntityRow entity={shown[i]!} />}
            />
          </Tabs.Content>
        ))}
      </Tabs.Root>
      <div className="entity-side" ref={side}>
        {entity ? (
          <EntityDetail key={entity.id} entity={entity} all={entities ?? []} onSearch={onSearch} onChanged={changed} />
        ) : (
          <p className="hint entity-empty">{t('choose')}</p>
        )}
      </div>
    </section>
  );
}

function EntityRow({ entity }: { entity: EntitySummary }) {
  const { t } = useTranslation('entities');
  return (
    <>
      <span className="entity-name">
        {entity.name}
        {entity.code && <span className="entity-code">{entity.code}</span>}
        {entity.muted && <span className="marker">{t('muted')}</span>}
      </span>
      <span className="entity-count" title={t('confirmedOf', { count: entity.confirmed, n: formatNumber(entity.confirmed) })}>
        {formatNumber(entity.articles)}
      </span>
    </>
  );
}
