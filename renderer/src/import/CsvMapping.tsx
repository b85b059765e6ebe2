import { useTranslation } from 'react-i18next';
import { type CsvGroup, type Field, FIELDS } from './csv.js';

/**
 * One layout of CSV files: its first rows, and above each column what it holds. A field is held by
 * one column at most, so giving it to another column takes it from the first.
 */
export function CsvMapping({ group, onChange, disabled }: { group: CsvGroup; onChange: (group: CsvGroup) => void; disabled: boolean }) {
  const { t } = useTranslation('import');
  const width = Math.max(0, ...group.rows.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => i);
  const header = group.header ? (group.rows[0] ?? []) : [];
  const data = group.header ? group.rows.slice(1) : group.rows;
  const fieldOf = (column: number): Field | '' => (Object.entries(group.map) as [Field, number][]).find(([, c]) => c === column)?.[0] ?? '';
  const columnName = (i: number): string => (header[i]?.trim() ? t('columnNamed', { n: i + 1, name: header[i]!.trim() }) : t('column', { n: i + 1 }));

  const assign = (column: number, field: Field | ''): void => {
    const map = Object.fromEntries((Object.entries(group.map) as [Field, number][]).filter(([f, c]) => c !== column && f !== field));
    onChange({ ...group, map: field === '' ? map : { ...map, [field]: column } });
  };

  return (
    <section className="csv-group" aria-label={t('csvGroup', { names: group.names.join(', ') })}>
      <div className="csv-group-head">
        <span className="csv-files">{t('csvFiles', { count: group.names.length, names: group.names.join(', ') })}</span>
        <label>
          <input type="checkbox" checked={group.header} disabled={disabled} onChange={(e) => onChange({ ...group, header: e.currentTarget.checked })} />{' '}
          {t('hasHeader')}
        </label>
      </div>
      <div className="csv-table">
        <table>
          <thead>
            <tr>
              {columns.map((i) => (
                <th key={i} scope="col">
                  <select aria-label={t('columnHolds', { column: columnName(i) })} value={fieldOf(i)} disabled={disabled} onChange={(e) => assign(i, e.currentTarget.value as Field | '')}>
                    <option value="">{t('automatic')}</option>
                    {FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {t(`field.${f}`)}
                      </option>
                    ))}
                  </select>
                  <div className="csv-column">{columnName(i)}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((row, r) => (
              <tr key={r}>
                {columns.map((i) => (
                  <td key={i} className={fieldOf(i) ? 'mapped' : undefined}>
                    {row[i] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
