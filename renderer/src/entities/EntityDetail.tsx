import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiCall, EntitySummary } from '../../../electron/api.js';
import { formatNumber } from '../format.js';
import { filterFor, refOf } from './entities.js';
import { MergePicker } from './MergePicker.js';
import { RemoveEntity } from './RemoveEntity.js';
import { useAction } from './useAction.js';

export interface EntityDetailProps {
  entity: EntitySummary;
  /** The entities of its kind, for the merge target. */
  all: EntitySummary[];
  onSearch: (query: string) => void;
  /** The registry changed; `chosen` is the entity to show now (null when it is gone). */
  onChanged: (chosen: number | null) => void;
}

/** One entity and every change a person can make to it. Countries are ISO countries: only aliases and muting apply. */
export function EntityDetail({ entity, all, onSearch, onChanged }: EntityDetailProps) {
  const { t } = useTranslation('entities');
  const { busy, problem, act: attempt } = useAction();
  const [name, setName] = useState(entity.name);
  const [alias, setAlias] = useState('');
  const [into, setInto] = useState<EntitySummary | null>(null);
  const country = entity.kind === 'country';
  const ref = refOf(entity);
  const stay = (e: EntitySummary): void => onChanged(e.id);
  // A change refused because the archive moved on (another window, the CLI) is shown, and the entity read again.
  const act = async <T,>(method: ApiCall, request: unknown, then: (result: T) => void): Promise<boolean> => {
    const done = await attempt(method, request, then);
    if (!done) onChanged(entity.id);
    return done;
  };

  useEffect(() => setName(entity.name), [entity.name]);

  const rename = (e: React.FormEvent): void => {
    e.preventDefault();
    void act('entityRename', { entity: ref, name }, stay);
  };
  const addAlias = (e: React.FormEvent): void => {
    e.preventDefault();
    void act<EntitySummary>('entityAlias', { entity: ref, alias }, (changed) => {
      setAlias('');
      stay(changed);
    });
  };
  const removeAlias = (old: string): void => void act('entityAlias', { entity: ref, alias: old, remove: true }, stay);
  const merge = (): void => void act('entityMerge', { from: ref, into: into && refOf(into) }, stay);
  const mute = (): void => void act('entityMute', { entity: ref, muted: !entity.muted }, stay);
  const remove = (): Promise<boolean> => act('entityRemove', { entity: ref }, () => onChanged(null));

  const facts = [t(`one.${entity.kind}`), entity.code, entity.office, entity.country, entity.registry ? t('registry') : null].filter(Boolean);
  return (
    <section className="entity-detail" aria-label={entity.name} aria-busy={busy}>
      <h2>
        {entity.name}
        {entity.muted && <span className="marker">{t('muted')}</span>}
      </h2>
      <p className="meta">{facts.join(' · ')}</p>
      <p className="entity-articles">
        {t('articles', { count: entity.articles, n: formatNumber(entity.articles) })}
        {entity.kind !== 'tag' && <span className="hint"> · {t('confirmedOf', { count: entity.confirmed, n: formatNumber(entity.confirmed) })}</span>}
      </p>
      <div className="entity-actions">
        <button type="button" className="primary" onClick={() => onSearch(filterFor(entity))}>
          {t('search')}
        </button>
        <code className="entity-filter">{filterFor(entity)}</code>
      </div>
      <p className="problem" role="alert">
        {problem}
      </p>

      {country ? (
        <p className="hint">{t('countryFixed')}</p>
      ) : (
        <form className="entity-row" onSubmit={rename}>
          <label className="field">
            <span>{t('rename.label')}</span>
            <input value={name} onChange={(e) => setName(e.currentTarget.value)} disabled={busy} />
          </label>
          <button type="submit" disabled={busy || name.trim() === '' || name.trim() === entity.name}>
            {t('rename.button')}
          </button>
          <span className="hint">{t('rename.hint')}</span>
        </form>
      )}

      <div className="entity-block">
        <h3>{t('aliases.title')}</h3>
        {entity.aliases.length === 0 ? (
          <p className="hint">{t('aliases.none')}</p>
        ) : (
          <ul className="aliases" aria-label={t('aliases.title')}>
            {entity.aliases.map((a) => (
              <li key={a}>
                {a}
                <button type="button" className="chip-remove" aria-label={t('aliases.remove', { alias: a })} disabled={busy} onClick={() => removeAlias(a)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="entity-row" onSubmit={addAlias}>
          <label className="field">
            <span>{t('aliases.new')}</span>
            <input value={alias} onChange={(e) => setAlias(e.currentTarget.value)} disabled={busy} />
          </label>
          <button type="submit" disabled={busy || alias.trim() === ''}>
            {t('aliases.add')}
          </button>
        </form>
      </div>

      {!country && (
        <div className="entity-block">
          <h3>{t('merge.title')}</h3>
          <div className="entity-row">
            <MergePicker from={entity} all={all} onPick={setInto} />
            {into && (
              <>
                <span className="merge-target">{t('merge.into', { name: into.name })}</span>
                <button type="button" className="primary" disabled={busy} onClick={merge}>
                  {t('merge.button')}
                </button>
              </>
            )}
          </div>
          <p className="hint">{into ? t('merge.hintInto', { from: entity.name, into: into.name }) : t('merge.hint')}</p>
        </div>
      )}

      <div className="entity-block">
        <h3>{t('mute.title')}</h3>
        <div className="entity-row">
          <button type="button" disabled={busy} onClick={mute}>
            {entity.muted ? t('mute.unmute') : t('mute.mute')}
          </button>
          <span className="hint">{entity.muted ? t('mute.mutedHint') : t('mute.hint')}</span>
        </div>
      </div>

      {!country && (
        <div className="entity-block">
          <RemoveEntity entity={entity} busy={busy} onRemove={remove} />
        </div>
      )}
    </section>
  );
}
