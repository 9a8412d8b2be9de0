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
