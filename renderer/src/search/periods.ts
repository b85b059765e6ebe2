import type { Facets } from '../../../electron/api.js';

/* The timeline's periods as the service names them (2023-03-21, 2023-W12, 2023-03) and the days they cover. */

export type Granularity = Facets['granularity'];

const DAY_MS = 86_400_000;

/** The first day of a period, in milliseconds since the epoch (UTC). */
export function periodStart(value: string, unit: Granularity): number {
  if (unit === 'day') return Date.parse(`${value}T00:00:00Z`);
  if (unit === 'month') return Date.parse(`${value}-01T00:00:00Z`);
  // An ISO week: week 1 is the one holding 4 January; weeks start on Monday.
  const [year, week] = value.split('-W').map(Number) as [number, number];
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return mondayOfWeek1 + (week - 1) * 7 * DAY_MS;
}

/** The last day of a period, in milliseconds since the epoch (UTC). */
export function periodEnd(value: string, unit: Granularity): number {
  const start = periodStart(value, unit);
  if (unit === 'day') return start;
  if (unit === 'week') return start + 6 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
