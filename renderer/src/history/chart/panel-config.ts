/**
 * One History chart panel's chart.js configuration: a linear time axis with our own round-time ticks,
 * a y axis of fixed width (so every panel's time axis lines up), and the risk panel's class scale.
 * Events are off: the chart component handles the pointer itself.
 */
import type { ChartConfiguration } from 'chart.js';
import type { SeriesQuantity } from '../../../../native-bridge/contract/index.js';
import { axisLabel, timeTicks } from './time-axis.js';
import { RISK_CLASSES } from '../../../../native-bridge/contract/index.js';
import { GRID, TICK } from './chart-colours.js';
import { STATIC_LINE_OPTIONS } from '../../live/chart-setup.js';
import type { XY } from './chart-datasets.js';

export type PanelId = SeriesQuantity | 'risk';

export const PANEL_INFO: Record<PanelId, { title: string; axis: string }> = {
  temp: { title: 'Cell temperature', axis: 'Temperature (°C)' },
  voltage: { title: 'Cell voltage', axis: 'Voltage (V)' },
  current: { title: 'Pack current', axis: 'Current (A)' },
  ambient: { title: 'Ambient temperature', axis: 'Ambient (°C)' },
  humidity: { title: 'Humidity', axis: 'Humidity (%RH)' },
  risk: { title: 'Risk class (highest per cell)', axis: 'Risk class' },
};

/**
 * Same y-axis width in every panel, so their time axes line up exactly; wide enough for the risk
 * panel's longest class name, "Runaway".
 */
const Y_AXIS_PX = 66;

export function panelConfig(panel: PanelId): ChartConfiguration<'line', XY[]> {
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      ...STATIC_LINE_OPTIONS,
      events: [],
      elements: { point: { radius: 0 }, line: { borderWidth: 1.4, tension: 0 } },
      layout: { padding: { top: 8, right: 8 } },
      scales: {
        x: {
          type: 'linear',
          grid: { color: GRID },
          ticks: {
            color: TICK,
            maxRotation: 0,
            callback: function (v) {
              return axisLabel(Number(v), (this.max as number) - (this.min as number));
            },
          },
          afterBuildTicks: (scale) => {
            scale.ticks = timeTicks(scale.min, scale.max).map((value) => ({ value }));
          },
        },
        y: {
          type: 'linear',
          grace: panel === 'risk' ? 0 : '5%',
          ...(panel === 'risk' ? { min: -0.2, max: 4.2 } : {}),
          grid: { color: GRID },
          // The class names are as wide as the fixed axis (Y_AXIS_PX, so the panels' plots line up): a
          // title beside them overlapped them, and the panel's own title already names the axis.
          title: { display: panel !== 'risk', text: PANEL_INFO[panel].axis, color: TICK, font: { size: 11 } },
          afterFit: (scale) => {
            scale.width = Y_AXIS_PX;
          },
          ticks:
            panel === 'risk'
              ? {
                  color: TICK,
                  stepSize: 1,
                  // The axis runs -0.2…4.2 so the lines at Normal and Runaway are not on its edges; with
                  // those bounds as ticks, Chart.js dropped the 0 and 4 beside them as too close.
                  includeBounds: false,
                  callback: (v) => RISK_CLASSES[Number(v)] ?? '',
                }
              : { color: TICK, maxTicksLimit: 6 },
        },
      },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    },
  };
}
