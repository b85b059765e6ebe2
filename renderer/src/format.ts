import i18next from 'i18next';

/* Numbers and dates in the UI's language: 12,345 in English, 12.345 in Indonesian. */

/** The locale of the UI's language, for Intl formatting. */
export const uiLocale = (language: string = i18next.language): string => (language === 'id' ? 'id-ID' : 'en-GB');

export function formatNumber(n: number): string {
  return n.toLocaleString(uiLocale());
}

/** A stored ISO date (or date-time) as a short date; the article's own calendar day, not the viewer's. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return i18next.t('common:undated');
  const day = iso.slice(0, 10);
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(uiLocale(), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** A moment Pantau itself recorded (a feed's poll, a folder's check), in the viewer's clock: when it happened matters, not a calendar day. */
export function formatMoment(iso: string): string {
  return new Date(iso).toLocaleString(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}
