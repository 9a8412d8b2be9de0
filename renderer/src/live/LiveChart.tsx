/**
 * Live chart of cell temperatures and voltages: two stacked chart.js charts sharing the time axis,
 * one line per cell in the same colour in both. Updated in place (no re-creation, animations off) so
 * a refresh every second stays cheap, and each line thinned to the plot's width (decimateLine): drawing
 * 20,000 points a second held the Live tab near 25 fps. The chart objects live as long as the component.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { Chart, ChartConfiguration } from 'chart.js';
import type { SeriesPoint } from '../../../native-bridge/contract/index.js';
import { formatClockTime, formatFixed } from '../format/units.js';
import { cellColor } from './cell-palette.js';
import {
  alignedTimeTicks,
  buildCellSeries,
  chartWindowLabel,
  decimateLine,
  timeRange,
  type CellSeries,
  type XY,
} from './chart-series.js';
import { CHART_GRID, CHART_TICK, registerChartParts, STATIC_LINE_OPTIONS } from './chart-setup.js';

type LineChart = Chart<'line', XY[]>;
type Quantity = 'temperature' | 'voltage';

const AXIS: Record<Quantity, { title: string; unit: string; digits: number }> = {
  temperature: { title: 'Temperature (°C)', unit: '°C', digits: 1 },
  voltage: { title: 'Voltage (V)', unit: 'V', digits: 3 },
};

function makeConfig(q: Quantity): ChartConfiguration<'line', XY[]> {
  const axis = AXIS[q];
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      ...STATIC_LINE_OPTIONS,
      elements: { point: { radius: 0, hoverRadius: 3 }, line: { borderWidth: 1.6, tension: 0 } },
      scales: {
        x: {
          type: 'linear',
          grid: { color: CHART_GRID },
          ticks: { color: CHART_TICK, maxRotation: 0, callback: (v) => formatClockTime(Number(v), false) },
          // chart.js would start ticks at the (arbitrary) left edge; put them on round clock times.
          afterBuildTicks: (scale) => {
            scale.ticks = alignedTimeTicks(scale.min, scale.max).map((value) => ({ value }));
          },
        },
        y: {
          type: 'linear',
          grace: '5%',
          grid: { color: CHART_GRID },
          title: { display: true, text: axis.title, color: CHART_TICK, font: { size: 12 } },
          // chart.js's default tick labels choose their decimals from the tick spacing.
          ticks: { color: CHART_TICK },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => formatClockTime(items[0]?.parsed.x ?? null),
            label: (item) => `${item.dataset.label ?? ''}: ${formatFixed(item.parsed.y, axis.digits)} ${axis.unit}`,
          },
        },
      },
    },
  };
}

function applySeries(
  chart: LineChart,
  q: Quantity,
  series: CellSeries[],
  range: { minMs: number; maxMs: number } | null,
): void {
  const byLabel = new Map(chart.data.datasets.map((d) => [d.label, d]));
  // The plot's own width once laid out (the canvas's before the first draw).
  const widthPx = chart.chartArea?.width ?? chart.width;
  const line = (s: CellSeries) => (range ? decimateLine(s[q], range.minMs, range.maxMs, widthPx) : s[q]);
  chart.data.datasets = series.map((s, i) => {
    const existing = byLabel.get(s.label);
    const colour = cellColor(i);
    if (existing) {
      existing.data = line(s);
      existing.borderColor = colour;
      existing.backgroundColor = colour;
      return existing;
    }
    return { label: s.label, data: line(s), borderColor: colour, backgroundColor: colour };
  });
  const x = chart.options.scales?.x;
  if (x) {
    x.min = range?.minMs;
    x.max = range?.maxMs;
  }
  chart.update('none');
}

function useLineChart(canvas: React.RefObject<HTMLCanvasElement | null>, q: Quantity) {
  const chart = useRef<LineChart | null>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const ChartCtor = registerChartParts();
    chart.current = new ChartCtor(el, makeConfig(q)) as LineChart;
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [canvas, q]);
  return chart;
}

export interface LiveChartProps {
  points: SeriesPoint[] | null;
  windowS: number;
  /** The cells drawn and the plot's width in pixels after each update: what the next request needs. */
  onDrawn?: (cells: number, plotWidthPx: number) => void;
}

export function LiveChart({ points, windowS, onDrawn }: LiveChartProps) {
  const tempCanvas = useRef<HTMLCanvasElement | null>(null);
  const voltCanvas = useRef<HTMLCanvasElement | null>(null);
  const tempChart = useLineChart(tempCanvas, 'temperature');
  const voltChart = useLineChart(voltCanvas, 'voltage');
  const series = useMemo(() => (points ? buildCellSeries(points) : []), [points]);

  useEffect(() => {
    if (!points) return;
    const range = timeRange(points, windowS);
    if (tempChart.current) applySeries(tempChart.current, 'temperature', series, range);
    if (voltChart.current) applySeries(voltChart.current, 'voltage', series, range);
    const width = tempChart.current?.chartArea?.width;
    if (width) onDrawn?.(series.length, width);
  }, [points, series, windowS, tempChart, voltChart, onDrawn]);

  const cells = series.length;
  const span = chartWindowLabel(windowS);
  return (
    <div className="live-chart" data-testid="live-chart" data-cells={cells} data-points={points?.length ?? 0}>
      <ul className="chart-legend" aria-label="Cells">
        {series.map((s, i) => (
          <li key={s.key}>
            <span className="chart-legend__swatch" style={{ background: cellColor(i) }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
      <div className="live-chart__plots">
        <figure className="live-chart__plot">
          <figcaption>Cell temperature</figcaption>
          <div className="live-chart__canvas">
            <canvas
              ref={tempCanvas}
              role="img"
              aria-label={`Cell temperature in °C over the last ${span}, ${cells} cells`}
            />
          </div>
        </figure>
        <figure className="live-chart__plot">
          <figcaption>Cell voltage</figcaption>
          <div className="live-chart__canvas">
            <canvas
              ref={voltCanvas}
              role="img"
              aria-label={`Cell voltage in V over the last ${span}, ${cells} cells`}
            />
          </div>
        </figure>
      </div>
      {points && points.length === 0 ? <p className="live-chart__empty">No readings in the last {span} yet.</p> : null}
    </div>
  );
}
