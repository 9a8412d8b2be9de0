/** Registers, once, only the chart.js pieces the History chart uses, and its overlay plugin. */
import { Chart, Filler, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import { overlayPlugin } from './alarm-overlay.js';

let registered = false;

export function registerHistoryChartParts(): void {
  if (registered) return;
  Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, overlayPlugin);
  registered = true;
}
