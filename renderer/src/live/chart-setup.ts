/**
 * Registers only the chart.js pieces the live chart uses (tree-shaken: no `chart.js/auto`), once.
 * The x axis is a linear axis of epoch milliseconds with our own tick labels, so no date adapter
 * is needed.
 */
import { Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

let registered = false;

export function registerChartParts(): typeof Chart {
  if (!registered) {
    Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);
    registered = true;
  }
  return Chart;
}

/** Grid and tick colours of every chart. */
export const CHART_GRID = '#e3e7ec';
export const CHART_TICK = '#5b6675';

/**
 * What every line chart of the station sets: no animation (updated in place every refresh), sized by
 * its container, data given as {x, y} already sorted, gaps kept as gaps, a tooltip for the nearest time.
 */
export const STATIC_LINE_OPTIONS = {
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  parsing: false,
  normalized: true,
  spanGaps: false,
  interaction: { mode: 'nearest', axis: 'x', intersect: false },
} as const;
