import type { DateOrder } from './types.js';

/*
 * News exports write dates every way there is: ISO, RFC 822 in feeds, 21/03/2023 in Indonesian
 * spreadsheets, 10/21/2025 20:43 in American ones, "Selasa, 21 Maret 2023 10:00 WIB" on pages.
 * Everything is normalised to ISO 8601, keeping the time and offset only when the source had them.
 */

const MONTHS: Record<string, number> = {};
// Indonesian and English, then German, French, Dutch and Spanish: the interface languages of the
// news databases (Nexis, Factiva) whose downloads write dates in words.
const monthNames: [number, string[]][] = [
  [1, ['januari', 'january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'enero', 'ene']],
  [2, ['februari', 'pebruari', 'february', 'feb', 'peb', 'februar', 'février', 'fevrier', 'févr', 'fevr', 'febrero']],
  [3, ['maret', 'march', 'mar', 'märz', 'maerz', 'marz', 'mars', 'maart', 'mrt', 'marzo']],
  [4, ['april', 'apr', 'avril', 'avr', 'abril', 'abr']],
  [5, ['mei', 'may', 'mai', 'mayo']],
  [6, ['juni', 'june', 'jun', 'juin', 'junio']],
  [7, ['juli', 'july', 'jul', 'juillet', 'juil', 'julio']],
  [8, ['agustus', 'august', 'agu', 'agt', 'aug', 'août', 'aout', 'augustus', 'agosto', 'ago']],
  [9, ['september', 'sept', 'sep', 'septembre', 'septiembre', 'setiembre']],
  [10, ['oktober', 'october', 'okt', 'oct', 'octobre', 'octubre']],
  [11, ['november', 'nopember', 'nov', 'nop', 'novembre', 'noviembre']],
  [12, ['desember', 'december', 'des', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic']],
];
for (const [n, names] of monthNames) for (const name of names) MONTHS[name] = n;

const ZONES: Record<string, string> = {
  wib: '+07:00', wita: '+08:00', wit: '+09:00', utc: 'Z', gmt: 'Z', z: 'Z',
  // The named zones RFC 822 allows in feeds.
  est: '-05:00', edt: '-04:00', cst: '-06:00', cdt: '-05:00', mst: '-07:00', mdt: '-06:00', pst: '-08:00', pdt: '-07:00',
};

const WEEKDAYS =
  "senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun" +
  '|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche' +
  '|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo';
const WEEKDAY = new RegExp(`^(${WEEKDAYS})\\.?,?\\s+`, 'iu');
/** Nexis writes the weekday after the date: `March 21, 2023 Tuesday`, `21. März 2023 Dienstag 10:00 AM GMT`. */
const WEEKDAY_AFTER = new RegExp(`^\\s*,?\\s*(${WEEKDAYS})\\b\\.?,?`, 'iu');

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1000 || y > 9999) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function fullYear(y: number, digits: number): number {
  if (digits > 2) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

/** Time part after the date: `20:43`, `10:00:05`, `10.00 WIB`, `8:05 PM`, with an optional zone. */
function parseTime(rest: string): string | null | undefined {
  const s = rest.trim().replace(/^(t|,|pukul|jam|at)\s*/i, '').trim();
  if (s === '') return undefined;
  const m = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?\s*(am|pm)?\s*(z|[+-]\d{2}:?\d{2}|wib|wita|wit|utc|gmt|[ecmp][sd]t)?$/i.exec(s);
  if (!m) return null;
  let h = Number(m[1]);
  const ampm = m[4]?.toLowerCase();
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  if (h > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return null;
  let zone = '';
  if (m[5]) {
    const z = m[5].toLowerCase();
    zone = ZONES[z] ?? `${z.slice(0, 3)}:${z.slice(-2)}`;
  }
  return `T${pad(h)}:${m[2]}${m[3] ? `:${m[3]}` : ''}${zone}`;
}

function assemble(y: number, m: number, d: number, rest: string): string | null {
  if (!validDay(y, m, d)) return null;
  const time = parseTime(rest);
  if (time === null) return null;
  return `${y}-${pad(m)}-${pad(d)}${time ?? ''}`;
}

/** Day/month order a numeric date forces by itself (`21/03` can only be DMY), or null when both fit. */
function forcedOrder(a: number, b: number): DateOrder | null {
  if (a > 12 && b <= 12) return 'DMY';
  if (b > 12 && a <= 12) return 'MDY';
  return null;
}

const NUMERIC = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(.*)$/;

/**
 * Normalise a date as written in an article or export to ISO 8601, or null when it is not a date.
 * `order` settles numeric dates where day and month could be swapped; without it, day first.
 */
export function parseDate(value: string, order?: DateOrder): string | null {
  const s = value.trim().replace(/\s+/g, ' ');
  if (s === '') return null;

  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (iso) {
    const [, y, m, d, , time, zone] = iso;
    if (!validDay(Number(y), Number(m), Number(d))) return null;
    if (!time) return `${y}-${m}-${d}`;
    const z = zone ? (zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`) : '';
    return `${y}-${m}-${d}T${time.replace(/\.\d+$/, '')}${z}`;
  }

  const num = NUMERIC.exec(s);
  if (num) {
    const [, p1 = '', p2 = '', p3 = '', rest = ''] = num;
    if (p1.length === 4) return assemble(Number(p1), Number(p2), Number(p3), rest);
    if (p3.length !== 4 && p3.length !== 2) return null;
    const a = Number(p1);
    const b = Number(p2);
    const y = fullYear(Number(p3), p3.length);
    const o = forcedOrder(a, b) ?? (order === 'MDY' ? 'MDY' : 'DMY');
    return o === 'MDY' ? assemble(y, a, b, rest) : assemble(y, b, a, rest);
  }

  // "Selasa, 21 Maret 2023 10:00 WIB", "21 Mar 2023", "March 21, 2023 8:05 PM", "21. März 2023",
  // "1er mars 2023", "21 de marzo de 2023", "March 21, 2023 Tuesday"
  const words = s.replace(WEEKDAY, '').normalize('NFC');
  const dmy = /^(\d{1,2})(?:\.|er)?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:de\s+)?(\d{4})(.*)$/iu.exec(words);
  if (dmy) {
    const month = MONTHS[(dmy[2] ?? '').toLowerCase()];
    const d = month ? assemble(Number(dmy[3]), month, Number(dmy[1]), (dmy[4] ?? '').replace(WEEKDAY_AFTER, '').replace(/^\s*[-|]\s*/, ' ')) : null;
    if (d) return d;
  }
  const mdy = /^(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})(.*)$/iu.exec(words);
  if (mdy) {
    const month = MONTHS[(mdy[1] ?? '').toLowerCase()];
    const d = month ? assemble(Number(mdy[3]), month, Number(mdy[2]), (mdy[4] ?? '').replace(WEEKDAY_AFTER, '')) : null;
    if (d) return d;
  }

  // Nothing else is guessed: Date.parse would invent dates ("Section 2023" → 1 January) and read
  // zone-less times in the machine's own time zone.
  return null;
}

/**
 * The day/month order of a whole column of numeric dates: the order that some value forces
 * (a day above 12), or null when every value is ambiguous. Throws when values force both orders.
 */
export function inferDateOrder(values: Iterable<string>): DateOrder | null {
  let found: DateOrder | null = null;
  for (const v of values) {
    const m = NUMERIC.exec(v.trim());
    if (!m || (m[1] ?? '').length === 4) continue;
    const o = forcedOrder(Number(m[1]), Number(m[2]));
    if (!o) continue;
    if (found && found !== o) throw new Error(`dates mix day-first and month-first values (e.g. "${v.trim()}"); pass --date-format`);
    found = o;
  }
  return found;
}
