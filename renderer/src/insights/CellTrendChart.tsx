/**
 * The selected cell's last hour beside its temperature: the class shown (a step line) with the five
 * class probabilities above, the temperature below, on one axis of minutes. Fetched for the selected
 * cell on every refresh of the tab; the charts are updated in place, as the Live chart's are.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Chart, ChartConfiguration } from 'chart.js';
import { RISK_CLASSES, type PredictionHistoryResult, type StationApi } from '../../../native-bridge/contract/index.js';
import { formatFixed } from '../format/units.js';
import type { XY } from '../live/chart-series.js';
import { CHART_GRID, CHART_TICK, registerChartParts, STATIC_LINE_OPTIONS } from '../live/chart-setup.js';
import {
  cellTrendSeries,
  minuteTicks,
  minutesAgoLabel,
  RISK_LINE_COLOURS,
  type CellTrendSeries,
} from './cell-trend-series.js';

type LineChart = Chart<'line', XY[]>;
const CLASS_LINE = '#18212b';

function xAxis(spanMin: number) {
  return {
    type: 'linear' as const,
    min: -Math.max(1, Math.ceil(spanMin)),
    max: 0,
    grid: { color: CHART_GRID },
    ticks: { color: CHART_TICK, maxRotation: 0, callback: (v: number | string) => minutesAgoLabel(Number(v)) },
    afterBuildTicks: (scale: { min: number; ticks: { value: number }[] }) => {
      scale.ticks = minuteTicks(-scale.min).map((value) => ({ value }));
    },
  };
}

function riskConfig(): ChartConfiguration<'line', XY[]> {
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      ...STATIC_LINE_OPTIONS,
      elements: { point: { radius: 0, hoverRadius: 3 }, line: { borderWidth: 1.4, tension: 0 } },
      scales: {
        x: xAxis(60),
        y: {
          type: 'linear',
          min: 0,
          max: 100,
          grid: { color: CHART_GRID },
          title: { display: true, text: 'Probability (%)', color: CHART_TICK, font: { size: 12 } },
          ticks: { color: CHART_TICK },
        },
        cls: {
          type: 'linear',
          position: 'right',
          // A little room above Runaway and below Normal: a step line on the frame cannot be seen.
          min: -0.25,
          max: 4.25,
          afterBuildTicks: (scale) => {
            scale.ticks = RISK_CLASSES.map((_, value) => ({ value }));
          },
          grid: { display: false },
          title: { display: true, text: 'Class shown', color: CHART_TICK, font: { size: 12 } },
          ticks: { color: CHART_TICK, stepSize: 1, callback: (v) => RISK_CLASSES[Number(v)] ?? '' },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => minutesAgoLabel(items[0]?.parsed.x ?? 0),
            label: (item) =>
              item.dataset.yAxisID === 'cls'
                ? `Class shown: ${RISK_CLASSES[item.parsed.y ?? -1] ?? ''}`
                : `${item.dataset.label ?? ''}: ${formatFixed(item.parsed.y, 1)} %`,
          },
        },
      },
    },
  };
}

function tempConfig(): ChartConfiguration<'line', XY[]> {
  const c = riskConfig();
  c.options!.scales = {
    x: xAxis(60),
    y: {
      type: 'linear',
      grace: '5%',
      grid: { color: CHART_GRID },
      title: { display: true, text: 'Temperature (°C)', color: CHART_TICK, font: { size: 12 } },
      ticks: { color: CHART_TICK },
    },
  };
  c.options!.plugins = {
    tooltip: {
      callbacks: {
        title: (items) => minutesAgoLabel(items[0]?.parsed.x ?? 0),
        label: (item) => `Temperature: ${formatFixed(item.parsed.y, 1)} °C`,
      },
    },
  };
  return c;
}

function useChart(canvas: React.RefObject<HTMLCanvasElement | null>, make: () => ChartConfiguration<'line', XY[]>) {
  const chart = useRef<LineChart | null>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    chart.current = new (registerChartParts())(el, make()) as LineChart;
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [canvas, make]);
  return chart;
}

function setX(chart: LineChart, spanMin: number): void {
  const x = chart.options.scales?.x;
  if (x) {
    x.min = -Math.max(1, Math.ceil(spanMin));
    x.max = 0;
  }
}

function drawTrend(r: LineChart, t: LineChart, series: CellTrendSeries): void {
  r.data.datasets = [
    ...series.probabilities.map((p) => ({
      label: p.riskClass,
      data: p.points,
      borderColor: RISK_LINE_COLOURS[p.riskClass],
      backgroundColor: RISK_LINE_COLOURS[p.riskClass],
      yAxisID: 'y',
    })),
    {
      label: 'Class shown',
      data: series.classLine,
      borderColor: CLASS_LINE,
      backgroundColor: CLASS_LINE,
      borderWidth: 2.4,
      stepped: 'before' as const,
      yAxisID: 'cls',
    },
  ];
  t.data.datasets = [
    { label: 'Temperature', data: series.temperature, borderColor: '#0072B2', backgroundColor: '#0072B2' },
  ];
  setX(r, series.spanMin);
  setX(t, series.spanMin);
  r.update('none');
  t.update('none');
}

export function CellTrendChart({
  station,
  deviceId,
  cell,
  refreshedAtMs,
}: {
  station: StationApi;
  deviceId: string;
  cell: number;
  refreshedAtMs: number | null;
}) {
  const [history, setHistory] = useState<PredictionHistoryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const riskCanvas = useRef<HTMLCanvasElement | null>(null);
  const tempCanvas = useRef<HTMLCanvasElement | null>(null);
  const riskChart = useChart(riskCanvas, riskConfig);
  const tempChart = useChart(tempCanvas, tempConfig);

  useEffect(() => {
    let live = true;
    station
      .getPredictionHistory({ deviceId, cell })
      .then((h) => {
        if (!live) return;
        setHistory(h);
        setError(null);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [station, deviceId, cell, refreshedAtMs]);

  const matches = history !== null && history.deviceId === deviceId && history.cell === cell;
  const series = useMemo(() => (matches ? cellTrendSeries(history) : null), [matches, history]);

  useEffect(() => {
    const r = riskChart.current;
    const t = tempChart.current;
    if (!series || !r || !t) return;
    drawTrend(r, t, series);
  }, [series, riskChart, tempChart]);

  const points = matches ? history.points.length : 0;
  const span = series ? Math.max(1, Math.round(series.spanMin)) : 0;
  return (
    <section
      className="panel cell-trend"
      aria-labelledby="cell-trend-title"
      data-testid="cell-trend"
      data-points={points}
    >
      <header className="panel__header">
        <h2 id="cell-trend-title">
          Last hour · {deviceId} cell {cell}
        </h2>
        <p className="panel__meta" data-testid="cell-trend-summary">
          {error
            ? `Could not load the history: ${error}`
            : series && points > 0
              ? `${points} predictions over ${span} min of the rig’s clock · highest class ${series.worst}`
              : 'No predictions for this cell yet.'}
        </p>
      </header>
      <ul className="chart-legend" aria-label="Lines">
        {RISK_CLASSES.map((c) => (
          <li key={c}>
            <span className="chart-legend__swatch" style={{ background: RISK_LINE_COLOURS[c] }} aria-hidden="true" />
            P({c})
          </li>
        ))}
        <li>
          <span className="chart-legend__swatch" style={{ background: CLASS_LINE }} aria-hidden="true" />
          Class shown
        </li>
      </ul>
      <div className="cell-trend__plots">
        <figure className="cell-trend__plot">
          <figcaption>Risk class and class probabilities</figcaption>
          <div className="cell-trend__canvas">
            <canvas
              ref={riskCanvas}
              role="img"
              aria-label={`Class shown and the five class probabilities of cell ${cell} over the last hour`}
            />
          </div>
        </figure>
        <figure className="cell-trend__plot">
          <figcaption>Temperature</figcaption>
          <div className="cell-trend__canvas">
            <canvas ref={tempCanvas} role="img" aria-label={`Temperature of cell ${cell} in °C over the last hour`} />
          </div>
        </figure>
      </div>
    </section>
  );
}
