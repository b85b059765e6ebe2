import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { FacetCount } from '../../../electron/api.js';
import { formatNumber, uiLocale } from '../format.js';
import { type Granularity, isoDay, periodEnd, periodStart } from './periods.js';

/*
 * Matches per period as bars (uPlot), brushed to choose dates: dragging across it writes the days
 * the dragged periods cover into the query. Its height is fixed, so the results below it never
 * move when the bars arrive.
 */

const CHART_PX = 56;
const DAY_MS = 86_400_000;
/** Room a date label needs on the axis. */
const LABEL_PX = 84;

/** A theme colour, read when the chart draws, so a switch between light and dark repaints it in the new one. */
const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export interface TimelineProps {
  periods: FacetCount[];
  granularity: Granularity;
  undated: number;
  /** The query's date filters, as written; shown with a way to clear them. */
  dates: string[];
  stale: boolean;
  onRange: (firstDay: string, lastDay: string) => void;
  onClear: () => void;
}

/** Axis labels: a period's first day (its month and year for months), the year where it changes. */
function labels(starts: number[], unit: Granularity, language: string): string[] {
  const locale = uiLocale(language);
  const short = new Intl.DateTimeFormat(locale, unit === 'month' ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const withYear = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return starts.map((s, i) => {
    const date = new Date(s * 1000);
    const newYear = i === 0 || new Date(starts[i - 1]! * 1000).getUTCFullYear() !== date.getUTCFullYear();
    return unit !== 'month' && newYear ? withYear.format(date) : short.format(date);
  });
}

/** The periods a brush from `from` to `to` (milliseconds) touches, as their first and last day. */
function brushed(periods: FacetCount[], unit: Granularity, from: number, to: number): [string, string] | null {
  const first = periods.findIndex((p) => periodEnd(p.value, unit) + DAY_MS > from);
  const last = periods.findLastIndex((p) => periodStart(p.value, unit) < to);
  if (first < 0 || last < first) return null;
  return [isoDay(periodStart(periods[first]!.value, unit)), isoDay(periodEnd(periods[last]!.value, unit))];
}

export function Timeline({ periods, granularity, undated, dates, stale, onRange, onClear }: TimelineProps) {
  const { t, i18n } = useTranslation('search');
  const box = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The chart is made once; its hooks read the latest props from here.
  const latest = useRef({ periods, granularity, onRange, language: i18n.language });
  latest.current = { periods, granularity, onRange, language: i18n.language };

  useEffect(() => {
    const el = box.current!;
    const bars = uPlot.paths.bars!({ align: 1, size: [0.9, 48, 1] });
    const u = new uPlot(
      {
        width: el.clientWidth,
        height: CHART_PX,
        legend: { show: false },
        // Labels start where their bars do; the last one needs room to the right.
        padding: [4, LABEL_PX / 2, 0, 4],
        cursor: { drag: { x: true, y: false, setScale: false }, y: false, points: { show: false } },
        scales: {
          x: {
            time: true,
            // Through the end of the last period, so its bar shows whole.
            range: (_u, min, max) => {
              const { periods: ps, granularity: unit } = latest.current;
              const last = ps.at(-1);
              return [min, last ? (periodEnd(last.value, unit) + DAY_MS) / 1000 : max];
            },
          },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [
          {
            stroke: () => cssVar('--muted'),
            grid: { show: false },
            ticks: { stroke: () => cssVar('--line'), size: 4 },
            // Labels at period starts only, as many as fit: never hours, never a date between two bars.
            splits: (self) => {
              const { periods: ps, granularity: unit } = latest.current;
              const step = Math.ceil(ps.length / Math.max(1, Math.floor(self.width / LABEL_PX)));
              return ps.filter((_p, i) => i % step === 0).map((p) => periodStart(p.value, unit) / 1000);
            },
            values: (_self, splits) => labels(splits, latest.current.granularity, latest.current.language),
            align: 1,
            font: '11px system-ui, sans-serif',
            size: 20,
            gap: 2,
          },
          { show: false },
        ],
        series: [{}, { stroke: () => cssVar('--accent'), fill: () => cssVar('--accent'), width: 0, paths: bars, points: { show: false } }],
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        hooks: {
          setCursor: [
            (self) => {
              const i = self.cursor.idx;
              const p = i === null || i === undefined ? undefined : latest.current.periods[i];
              if (readout.current) readout.current.textContent = p ? `${p.value}: ${formatNumber(p.count)}` : '';
            },
          ],
          setSelect: [
            (self) => {
              const { left, width } = self.select;
              if (width < 2) return;
              const range = brushed(latest.current.periods, latest.current.granularity, self.posToVal(left, 'x') * 1000, self.posToVal(left + width, 'x') * 1000);
              self.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              if (range) latest.current.onRange(...range);
            },
          ],
        },
      },
      [[], []],
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: CHART_PX }));
    resize.observe(el);
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const repaint = (): void => u.redraw(true, true);
    scheme.addEventListener('change', repaint);
    return () => {
      resize.disconnect();
      scheme.removeEventListener('change', repaint);
      u.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData([periods.map((p) => periodStart(p.value, granularity) / 1000), periods.map((p) => p.count)]);
  }, [periods, granularity]);

  return (
    <div className={stale ? 'timeline stale' : 'timeline'}>
      <div className="timeline-head">
        <span>{t(`timeline.per.${granularity}`)}</span>
        {undated > 0 && <span>{t('timeline.undated', { count: undated, n: formatNumber(undated) })}</span>}
        <span ref={readout} className="timeline-readout" aria-hidden="true" />
        {dates.length > 0 ? (
          <span className="timeline-dates">
            <code>{dates.join(' ')}</code>
            <button type="button" className="link" onClick={onClear}>
              {t('timeline.clear')}
            </button>
          </span>
        ) : (
          <span className="timeline-hint">{t('timeline.hint')}</span>
        )}
      </div>
      <div ref={box} className="timeline-chart" role="img" aria-label={t('timeline.label')} />
    </div>
  );
}
