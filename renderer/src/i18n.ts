import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

/*
 * The UI's words, in English and Indonesian. Each view keeps its own namespace file under
 * locales/<language>/<view>.json, so views are translated (and edited) apart; i18next's plural
 * rules pick "1 match" / "2 matches" per language.
 */

export const LANGUAGES = { en: 'English', id: 'Bahasa Indonesia' } as const;
export type Language = keyof typeof LANGUAGES;
const KEY = 'pantau-language';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, file] of Object.entries(files)) {
  const [, language, namespace] = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)!;
  (resources[language!] ??= {})[namespace!] = file.default;
}

function saved(): Language {
  const value = localStorage.getItem(KEY);
  return value !== null && value in LANGUAGES ? (value as Language) : 'en';
}

export function setLanguage(language: Language): void {
  localStorage.setItem(KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

void i18next.use(initReactI18next).init({
  resources,
  lng: saved(),
  fallbackLng: 'en',
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;
