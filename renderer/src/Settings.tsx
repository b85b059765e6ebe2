import { useTranslation } from 'react-i18next';
import { type Language, LANGUAGES, setLanguage } from './i18n.js';

/** Settings of this computer's UI: its language. The theme follows the system. */
export function Settings() {
  const { t, i18n } = useTranslation();
  return (
    <section className="settings" aria-label={t('view.settings')}>
      <h2>{t('view.settings')}</h2>
      <label>
        {t('language')}{' '}
        <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {Object.entries(LANGUAGES).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">{t('themeFollowsSystem')}</p>
    </section>
  );
}
