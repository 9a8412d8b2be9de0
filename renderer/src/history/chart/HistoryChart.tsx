/**
 * The History chart: stacked chart.js panels (temperature, voltage, current, and risk class when the
 * session has predictions) sharing one time axis, each with the session's limit lines. Wheel zooms
 * around the pointer, dragging pans, a click sets point A then B for the difference readout, and
 * arrow and +/− keys do the same. The window itself lives in the parent; a new one is drawn at once
 * from the data at hand and refined when the finer series arrives.
 */
import { useEffect, useMemo, useRef } from 'react';
import { Chart } from 'chart.js';
import type { CellLimits, HistorySeries } from '../../../../native-bridge/contract/index.js';
import type { TimeWindow } from '../time-window.js';
import { setOverlay, type Overlay } from './alarm-overlay.js';
import { alarmStretches } from './alarm-strip.js';
import { datasetsFor, type XY } from './chart-datasets.js';
import { registerHistoryChartParts } from './history-chart-setup.js';
import { limitLinesFor } from './limit-lines.js';
import { LimitLegend } from './LimitLegend.js';
import { PANEL_INFO, panelConfig, type PanelId } from './panel-config.js';

type LineChart = Chart<'line', XY[]>;

/** Puts a series, a window and the overlay into a chart and redraws it (chart.js charts are mutable). */
function redraw(c: LineChart, id: PanelId, series: HistorySeries | null, w: TimeWindow, overlay: Overlay): void {
  if (series) c.data.datasets = datasetsFor(series, id);
  const x = c.options.scales!.x!;
  x.min = w.fromMs;
  x.max = w.toMs;
  setOverlay(c as unknown as Chart, overlay);
  c.update('none');
}

export interface HistoryChartProps {
  series: HistorySeries | null;
  panels: PanelId[];
  /** The session's own limits, drawn as dashed lines on the panels they belong to. */
  limits: CellLimits | null;
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
    registerHistoryChartParts();
    const made = charts.current;
    for (const id of panelKey.split(',') as PanelId[]) {
      const el = canvases.current.get(id);
      if (el) made.set(id, new Chart(el, panelConfig(id)) as LineChart);
    }
    return () => {
      for (const c of made.values()) c.destroy();
      made.clear();
    };
  }, [panelKey]);

  // The overlay redraws on every cursor move: the stretches and the lines are worked out once.
  const stretches = useMemo(() => alarmStretches(p.series?.alarms ?? []), [p.series]);
  const limitLines = useMemo(
    () => new Map(p.panels.map((id) => [id, limitLinesFor(id, p.limits)])),
    // `panelKey` names the panels.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [panelKey, p.limits],
  );

  useEffect(() => {
    for (const [id, c] of charts.current)
      redraw(c, id, p.series, p.window, {
        alarms: stretches,
        limitLines: limitLines.get(id) ?? [],
        cursorMs: p.cursorMs,
        a: p.pointA,
        b: p.pointB,
      });
  }, [p.series, p.window, panelKey, p.cursorMs, p.pointA, p.pointB, limitLines, stretches]);

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
      data-risk-last={p.series?.risk?.t.at(-1) ?? ''}
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
          <figcaption>
            {PANEL_INFO[id].title}
            <LimitLegend panel={id} lines={limitLines.get(id) ?? []} />
          </figcaption>
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
