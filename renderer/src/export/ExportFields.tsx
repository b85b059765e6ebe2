import { useTranslation } from 'react-i18next';
import { COLUMNS, type Form, type Preset, PRESETS, toggleColumn } from './form.js';

/* The options of each export, and of the file. Each part edits its own fields of the form. */

type Edit = (change: Partial<Form>) => void;

interface Props {
  form: Form;
  edit: Edit;
  disabled: boolean;
}

export function ArticleFields({ form, edit, disabled }: Props) {
  const { t } = useTranslation('export');
  return (
    <>
      <label className="field">
        <span>{t('sort')}</span>
        <select value={form.sort} disabled={disabled} onChange={(e) => edit({ sort: e.currentTarget.value as Form['sort'] })}>
          <option value="relevance">{t('sortBy.relevance')}</option>
          <option value="newest">{t('sortBy.newest')}</option>
          <option value="oldest">{t('sortBy.oldest')}</option>
        </select>
      </label>
      <fieldset className="columns" disabled={disabled}>
        <legend>{t('columns')}</legend>
        {COLUMNS.map((c) => (
          <label key={c}>
            <input type="checkbox" checked={form.columns.includes(c)} onChange={(e) => edit({ columns: toggleColumn(form.columns, c, e.currentTarget.checked) })} />{' '}
            {t(`column.${c}`)}
          </label>
        ))}
        {form.columns.length === 0 && <p className="problem">{t('noColumns')}</p>}
      </fieldset>
    </>
  );
}

export function CountFields({ form, edit, disabled }: Props) {
  const { t } = useTranslation('export');
  return (
    <>
      <label className="field">
        <span>{t('countsOf')}</span>
        <select value={form.countsOf} disabled={disabled} onChange={(e) => edit({ countsOf: e.currentTarget.value as Form['countsOf'] })}>
          <option value="country">{t('entityKind.country')}</option>
          <option value="person">{t('entityKind.person')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('period')}</span>
        <select value={form.period} disabled={disabled} onChange={(e) => edit({ period: e.currentTarget.value as Form['period'] })}>
          <option value="day">{t('periodOf.day')}</option>
          <option value="week">{t('periodOf.week')}</option>
          <option value="month">{t('periodOf.month')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('layout')}</span>
        <select value={form.layout} disabled={disabled} onChange={(e) => edit({ layout: e.currentTarget.value as Form['layout'] })}>
          <option value="wide">{t('layoutOf.wide')}</option>
          <option value="long">{t('layoutOf.long')}</option>
        </select>
      </label>
    </>
  );
}

export function DuplicateFields({ form, edit, disabled }: Props) {
  const { t } = useTranslation('export');
  return (
    <>
      <label className="field">
        <span>{t('rows')}</span>
        <select value={form.members ? 'members' : 'clusters'} disabled={disabled} onChange={(e) => edit({ members: e.currentTarget.value === 'members' })}>
          <option value="clusters">{t('rowsOf.clusters')}</option>
          <option value="members">{t('rowsOf.members')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('minSize')}</span>
        <input
          type="number"
          min={2}
          step={1}
          value={form.minSize}
          disabled={disabled}
          onChange={(e) => edit({ minSize: Math.max(2, Math.round(Number(e.currentTarget.value) || 2)) })}
        />
      </label>
      <label className="field">
        <span>{t('clusterSort')}</span>
        <select value={form.clusterSort} disabled={disabled} onChange={(e) => edit({ clusterSort: e.currentTarget.value as Form['clusterSort'] })}>
          <option value="size">{t('clusterSortBy.size')}</option>
          <option value="outlets">{t('clusterSortBy.outlets')}</option>
          <option value="recent">{t('clusterSortBy.recent')}</option>
        </select>
      </label>
    </>
  );
}

export function EntityFields({ form, edit, disabled }: Props) {
  const { t } = useTranslation('export');
  return (
    <label className="field">
      <span>{t('registry')}</span>
      <select value={form.registry} disabled={disabled} onChange={(e) => edit({ registry: e.currentTarget.value as Form['registry'] })}>
        <option value="">{t('entityKind.all')}</option>
        <option value="country">{t('entityKind.country')}</option>
        <option value="person">{t('entityKind.person')}</option>
        <option value="tag">{t('entityKind.tag')}</option>
      </select>
    </label>
  );
}

/** The file: CSV (with the separator and byte-order mark a spreadsheet expects) or a workbook. */
export function FileFields({ form, edit, disabled }: Props) {
  const { t } = useTranslation('export');
  return (
    <fieldset className="file-fields" disabled={disabled}>
      <legend>{t('file')}</legend>
      <div role="radiogroup" aria-label={t('format')} className="formats">
        <label>
          <input type="radio" name="format" checked={form.format === 'csv'} onChange={() => edit({ format: 'csv' })} /> {t('formatOf.csv')}
        </label>
        <label>
          <input type="radio" name="format" checked={form.format === 'xlsx'} onChange={() => edit({ format: 'xlsx' })} /> {t('formatOf.xlsx')}
        </label>
      </div>
      {form.format === 'csv' ? (
        <div className="csv-fields">
          <label className="field">
            <span>{t('preset')}</span>
            <select
              value={form.preset}
              onChange={(e) => {
                const preset = e.currentTarget.value as Preset;
                edit({ preset, bom: PRESETS[preset].bom });
              }}
            >
              {(Object.keys(PRESETS) as Preset[]).map((p) => (
                <option key={p} value={p}>
                  {t(`presetOf.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={form.bom} onChange={(e) => edit({ bom: e.currentTarget.checked })} /> {t('bom')}
          </label>
        </div>
      ) : (
        <p className="hint">{t('xlsxHint')}</p>
      )}
    </fieldset>
  );
}
