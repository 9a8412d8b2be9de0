/**
 * The History chart: stacked chart.js panels (temperature, voltage, current, and risk class when the
 * session has predictions) sharing one time axis. Each cell is drawn as its mean line over a shaded
 * min–max band, so a spike shorter than a point still shows. Wheel zooms around the pointer, dragging
 * pans, a click sets point A then B for the difference readout, and alarms are marked on the time
 * axis (a line where raised, a bar until cleared). The window itself lives in the parent; a new one
 * is drawn at once from the data at hand and refined when the finer series arrives.
 */
import { useEffect, useRef } from 'react';
import {
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type ChartConfiguration,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import type { HistorySeries, SeriesQuantity, StoredAlarm } from '../../../native-bridge/contract/index.js';
import { cellColor } from '../live/cell-palette.js';
import { axisLabel, RISK_CLASSES, timeTicks, type TimeWindow } from './history-model.js';

type XY = { x: number; y: number | null };
type LineChart = Chart<'line', XY[]>;
export type PanelId = SeriesQuantity | 'risk';

export const PANEL_INFO: Record<PanelId, { title: string; axis: string }> = {
  temp: { title: 'Cell temperature', axis: 'Temperature (°C)' },
  voltage: { title: 'Cell voltage', axis: 'Voltage (V)' },
  current: { title: 'Pack current', axis: 'Current (A)' },
  ambient: { title: 'Ambient temperature', axis: 'Ambient (°C)' },
  humidity: { title: 'Humidity', axis: 'Humidity (%RH)' },
  risk: { title: 'Risk class (highest per cell)', axis: 'Risk class' },
};

const SEVERITY_COLOR: Record<string, string> = {
  info: '#6b7683',
  warning: '#d97706',
  alarm: '#ea580c',
  critical: '#c62828',
};
const GRID = '#e3e7ec';
const TICK = '#5b6675';
/** Same y-axis width in every panel, so their time axes line up exactly. */
const Y_AXIS_PX = 62;

interface Overlay {
  alarms: StoredAlarm[];
  cursorMs: number | null;
  a: number | null;
  b: number | null;
}

const overlays = new WeakMap<Chart, Overlay>();
let registered = false;

function alpha(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

const overlayPlugin: Plugin<'line'> = {
  id: 'historyOverlay',
  afterDatasetsDraw(chart) {
    const o = overlays.get(chart as unknown as Chart);
    if (!o) return;
    const { ctx, chartArea: area } = chart;
    const x = chart.scales.x!;
    const px = (t: number) => x.getPixelForValue(t);
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top - 8, area.right - area.left, area.bottom - area.top + 8);
    ctx.clip();
    for (const a of o.alarms) {
      const color = SEVERITY_COLOR[a.peakSeverity] ?? SEVERITY_COLOR.info!;
      const x1 = px(a.raisedAtMs);
      const x2 = a.clearedAtMs === null ? area.right : Math.max(x1 + 2, px(a.clearedAtMs));
      if (x2 < area.left || x1 > area.right) continue;
      ctx.fillStyle = alpha(color, 0.07);
      ctx.fillRect(x1, area.top, x2 - x1, area.bottom - area.top);
      ctx.fillStyle = color;
      ctx.fillRect(x1, area.top - 5, x2 - x1, 4);
      ctx.fillRect(x1, area.top, 1.5, area.bottom - area.top);
    }
    const line = (t: number | null, color: string, label: string | null, dash: number[]) => {
      if (t === null) return;
      const p = px(t);
      if (p < area.left || p > area.right) return;
      ctx.strokeStyle = color;
      ctx.setLineDash(dash);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(p + 0.5, area.top);
      ctx.lineTo(p + 0.5, area.bottom);
      ctx.stroke();
      if (label) {
        ctx.setLineDash([]);
        ctx.fillStyle = color;
        ctx.font = '600 11px system-ui, sans-serif';
        ctx.fillText(label, p + 3, area.top + 11);
      }
    };
    line(o.a, '#0f766e', 'A', []);
    line(o.b, '#7c3aed', 'B', []);
    line(o.cursorMs, '#334155', null, [3, 3]);
    ctx.restore();
  },
};

function register(): void {
  if (registered) return;
  Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, overlayPlugin);
  registered = true;
}

function makeConfig(panel: PanelId): ChartConfiguration<'line', XY[]> {
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      spanGaps: false,
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
          title: { display: true, text: PANEL_INFO[panel].axis, color: TICK, font: { size: 11 } },
          afterFit: (scale) => {
            scale.width = Y_AXIS_PX;
          },
          ticks:
            panel === 'risk'
              ? {
                  color: TICK,
                  stepSize: 1,
                  callback: (v) => RISK_CLASSES[Number(v)] ?? '',
                }
              : { color: TICK, maxTicksLimit: 6 },
        },
      },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    },
  };
}

export function datasetsFor(s: HistorySeries, panel: PanelId): ChartDataset<'line', XY[]>[] {
  if (panel === 'risk') {
    if (!s.risk) return [];
    const t = s.risk.t;
    return s.risk.series.map((r) => ({
      label: `Cell ${r.cell}`,
      data: t.map((x, i) => ({ x, y: r.max[i] ?? null })),
      borderColor: cellColor(r.cell - 1),
      backgroundColor: cellColor(r.cell - 1),
      stepped: 'before' as const,
    }));
  }
  const out: ChartDataset<'line', XY[]>[] = [];
  for (const x of s.series) {
    if (x.quantity !== panel) continue;
    const color = x.cell === null ? '#334155' : cellColor(x.cell - 1);
    const label = x.cell === null ? PANEL_INFO[panel].title : `Cell ${x.cell}`;
    const pts = (v: (number | null)[]) => s.t.map((t, i) => ({ x: t, y: v[i] ?? null }));
    if (s.bucketMs > 0) {
      // The band: max, then min filled up to it ('-1': the dataset before).
      out.push({ label: `${label} max`, data: pts(x.max), borderWidth: 0, borderColor: 'transparent', fill: false });
      out.push({
        label: `${label} min`,
        data: pts(x.min),
        borderWidth: 0,
        borderColor: 'transparent',
        backgroundColor: alpha(color, 0.16),
        fill: '-1',
      });
    }
    out.push({ label, data: pts(x.mean), borderColor: color, backgroundColor: color, fill: false });
  }
  return out;
}

/** Puts a series, a window and the overlay into a chart and redraws it (chart.js charts are mutable). */
function redraw(c: LineChart, id: PanelId, series: HistorySeries | null, w: TimeWindow, overlay: Overlay): void {
  if (series) c.data.datasets = datasetsFor(series, id);
  const x = c.options.scales!.x!;
  x.min = w.fromMs;
  x.max = w.toMs;
  overlays.set(c as unknown as Chart, overlay);
  c.update('none');
}

export interface HistoryChartProps {
  series: HistorySeries | null;
  panels: PanelId[];
  window: TimeWindow;
  onWindowChange: (w: TimeWindow) => void;
  /** Zoom by a factor around a time (< 1 in). */
  onZoom: (atMs: number, factor: number) => void;
  cursorMs: number | null;
  onCursor: (tMs: number | null) => void;
  pointA: number | null;
  pointB: number | null;
  onPick: (tMs: number) => void;
}

export function HistoryChart(p: HistoryChartProps) {
  const canvases = useRef(new Map<PanelId, HTMLCanvasElement>());
  const charts = useRef(new Map<PanelId, LineChart>());
  const wrap = useRef<HTMLDivElement | null>(null);
  const drag = useRef<{ x0: number; w0: TimeWindow; moved: boolean; id: number } | null>(null);
  const latest = useRef(p);
  useEffect(() => {
    latest.current = p;
  });
  const panelKey = p.panels.join(',');

  // Charts are made once per panel set and updated in place.
  useEffect(() => {
    register();
    const made = charts.current;
    for (const id of panelKey.split(',') as PanelId[]) {
      const el = canvases.current.get(id);
      if (el) made.set(id, new Chart(el, makeConfig(id)) as LineChart);
    }
    return () => {
      for (const c of made.values()) c.destroy();
      made.clear();
    };
  }, [panelKey]);

  useEffect(() => {
    for (const [id, c] of charts.current)
      redraw(c, id, p.series, p.window, {
        alarms: p.series?.alarms ?? [],
        cursorMs: p.cursorMs,
        a: p.pointA,
        b: p.pointB,
      });
  }, [p.series, p.window, panelKey, p.cursorMs, p.pointA, p.pointB]);

  const timeAt = (clientX: number): number | null => {
    const c = charts.current.values().next().value as LineChart | undefined;
    if (!c) return null;
    const rect = c.canvas.getBoundingClientRect();
    const area = c.chartArea;
    const px = Math.min(Math.max(clientX - rect.left, area.left), area.right);
    return c.scales.x!.getValueForPixel(px) ?? null;
  };

  // A wheel listener that may cancel the page scroll has to be registered as non-passive.
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const t = timeAt(e.clientX);
      if (t === null) return;
      e.preventDefault();
      latest.current.onZoom(t, Math.exp(Math.max(-1, Math.min(1, e.deltaY * 0.0025))));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const plotWidth = () => {
    const c = charts.current.values().next().value as LineChart | undefined;
    return c ? c.chartArea.right - c.chartArea.left : 1;
  };

  return (
    <div
      ref={wrap}
      className="history-chart"
      data-testid="history-chart"
      data-resolution={p.series?.resolution ?? ''}
      data-points={p.series?.t.length ?? 0}
      tabIndex={0}
      aria-label="History chart: wheel or +/− to zoom, drag or arrow keys to pan, click to set points A and B"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        (e.target as Element).setPointerCapture?.(e.pointerId);
        drag.current = { x0: e.clientX, w0: p.window, moved: false, id: e.pointerId };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (d && d.id === e.pointerId) {
          const dx = e.clientX - d.x0;
          const moved = d.moved || Math.abs(dx) > 3;
          if (moved && !d.moved) drag.current = { ...d, moved };
          if (moved) {
            const dt = (-dx / plotWidth()) * (d.w0.toMs - d.w0.fromMs);
            p.onWindowChange({ fromMs: d.w0.fromMs + dt, toMs: d.w0.toMs + dt });
            return;
          }
        }
        p.onCursor(timeAt(e.clientX));
      }}
      onPointerUp={(e) => {
        const d = drag.current;
        drag.current = null;
        if (d && !d.moved) {
          const t = timeAt(e.clientX);
          if (t !== null) p.onPick(t);
        }
      }}
      onPointerLeave={() => p.onCursor(null)}
      onKeyDown={(e) => {
        const w = p.window;
        const width = w.toMs - w.fromMs;
        const mid = (w.fromMs + w.toMs) / 2;
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          const d = (e.key === 'ArrowLeft' ? -0.1 : 0.1) * width;
          p.onWindowChange({ fromMs: w.fromMs + d, toMs: w.toMs + d });
        } else if (e.key === '+' || e.key === '=') p.onZoom(mid, 0.5);
        else if (e.key === '-') p.onZoom(mid, 2);
        else return;
        e.preventDefault();
      }}
    >
      {p.panels.map((id) => (
        <figure key={id} className={`history-chart__panel history-chart__panel--${id}`}>
          <figcaption>{PANEL_INFO[id].title}</figcaption>
          <div className="history-chart__canvas">
            <canvas
              ref={(el) => {
                if (el) canvases.current.set(id, el);
                else canvases.current.delete(id);
              }}
              role="img"
              aria-label={`${PANEL_INFO[id].title} over the chosen window`}
            />
          </div>
        </figure>
      ))}
    </div>
  );
}
