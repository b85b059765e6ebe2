import { uiLocale } from '../format.js';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DupCluster } from '../../../electron/api.js';

/*
 * How a cluster spread over time: its paragraphs per publication day, as bars. Drawn on a canvas
 * by uPlot in the page's own colours, and drawn again when the system switches light and dark.
 */

const DAY = 86_400;
const HEIGHT = 120;
const DARK = '(prefers-color-scheme: dark)';

const dayLabel = (seconds: number): string =>
  new Date(seconds * 1000).toLocaleDateString(uiLocale(), { day: 'numeric', month: 'short', timeZone: 'UTC' });

function options(el: HTMLElement, width: number): uPlot.Options {
  const style = getComputedStyle(el);
  const colour = (name: string): string => style.getPropertyValue(name).trim();
  const axis = { stroke: colour('--muted'), grid: { stroke: colour('--line'), width: 1 }, ticks: { show: false }, font: '11px system-ui, sans-serif' };
  return {
    width,
    height: HEIGHT,
    // Days are the articles' own calendar days: ticks fall on UTC midnights, not the viewer's.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    legend: { show: false },
    cursor: { show: false },
    scales: {
      // A bar stands on its day's tick; three quarters of a day's margin keeps a one-day cluster's bar in view.
      x: { time: true, range: (_u, min, max) => [min - DAY * 0.75, max + DAY * 0.75] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    axes: [
      { ...axis, space: 56, incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY], values: (_u, splits) => splits.map(dayLabel) },
      { ...axis, size: 32, space: 24, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000] },
    ],
    series: [{}, { fill: colour('--accent'), stroke: colour('--accent'), paths: uPlot.paths.bars!({ size: [0.7, 28], align: 0 }), points: { show: false } }],
  };
}

export function SpreadChart({ spread, label }: { spread: DupCluster['spread']; label: string }) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const data: uPlot.AlignedData = [spread.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000), spread.map((d) => d.paragraphs)];
    let plot = new uPlot(options(el, el.clientWidth), data, el);
    const resized = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: HEIGHT }));
    resized.observe(el);
    const scheme = window.matchMedia(DARK);
    const recolour = (): void => {
      plot.destroy();
      plot = new uPlot(options(el, el.clientWidth), data, el);
    };
    scheme.addEventListener('change', recolour);
    return () => {
      scheme.removeEventListener('change', recolour);
      resized.disconnect();
      plot.destroy();
    };
  }, [spread]);

  return <div ref={box} className="spread-chart" role="img" aria-label={label} />;
}
