/**
 * What the History chart draws with its data: behind the traces, the alarms on the time axis (a
 * faint shade and a thin line where the worst standing severity changes) and the panel's dashed
 * limit lines; over them, a solid strip along the top of the plot in the severity's colour while
 * alarms stand, the limit lines' labels, points A and B, and the cursor. The shade stays faint and
 * behind the data, so a runaway's pile of alarms never hides the traces it is about; the strip
 * carries the severity. A chart.js plugin reads each chart's overlay from a side table, so the
 * overlay changes without rebuilding datasets.
 */
import type { Chart, Plugin } from 'chart.js';
import type { AlarmStretch } from './alarm-strip.js';
import { alpha, SEVERITY_COLOR } from './chart-colours.js';
import type { LimitLine } from './limit-lines.js';

export interface Overlay {
  alarms: AlarmStretch[];
  limitLines: LimitLine[];
  cursorMs: number | null;
  a: number | null;
  b: number | null;
}

/** The strip's height, px: it sits in the plot's top padding (panel-config.ts), above the data. */
export const ALARM_STRIP_PX = 6;

const overlays = new WeakMap<Chart, Overlay>();

export function setOverlay(chart: Chart, overlay: Overlay): void {
  overlays.set(chart, overlay);
}

type Area = Chart['chartArea'];

/** Each stretch's span in pixels, clipped to the plot; none for a stretch outside it. */
function stretchPixels(chart: Chart, alarms: AlarmStretch[], area: Area) {
  const x = chart.scales.x!;
  const out: { x1: number; x2: number; color: string }[] = [];
  for (const s of alarms) {
    const x1 = Math.max(area.left, x.getPixelForValue(s.fromMs));
    const x2 = s.toMs === Infinity ? area.right : Math.min(area.right, x.getPixelForValue(s.toMs));
    if (x2 < area.left || x1 > area.right) continue;
    out.push({ x1, x2: Math.max(x1 + 2, x2), color: SEVERITY_COLOR[s.severity] ?? SEVERITY_COLOR.info! });
  }
  return out;
}

/** The y pixel of each limit line, and whether it is off the panel's scale (above or below the plot). */
function linePixels(chart: Chart, lines: LimitLine[], area: Area) {
  const y = chart.scales.y!;
  return lines.map((l) => {
    const py = Math.round(y.getPixelForValue(l.value)) + 0.5;
    return { line: l, py, off: py < area.top ? ('above' as const) : py > area.bottom ? ('below' as const) : null };
  });
}

export const overlayPlugin: Plugin<'line'> = {
  id: 'historyOverlay',
  // The plot's width in CSS pixels on the canvas, so a test or a screenshot tool can read the layout.
  afterLayout(chart) {
    chart.canvas.dataset.plotPx = String(Math.round(chart.chartArea.right - chart.chartArea.left));
  },
  beforeDatasetsDraw(chart) {
    const c = chart as unknown as Chart;
    const o = overlays.get(c);
    if (!o) return;
    const { ctx, chartArea: area } = chart;
    ctx.save();
    for (const s of stretchPixels(c, o.alarms, area)) {
      ctx.fillStyle = alpha(s.color, 0.06);
      ctx.fillRect(s.x1, area.top, s.x2 - s.x1, area.bottom - area.top);
      ctx.fillStyle = alpha(s.color, 0.5);
      ctx.fillRect(s.x1, area.top, 1, area.bottom - area.top);
    }
    ctx.lineWidth = 1;
    ctx.setLineDash([6, 4]);
    for (const { line, py, off } of linePixels(c, o.limitLines, area)) {
      if (off) continue;
      ctx.strokeStyle = line.color;
      ctx.beginPath();
      ctx.moveTo(area.left, py);
      ctx.lineTo(area.right, py);
      ctx.stroke();
    }
    ctx.restore();
  },
  afterDatasetsDraw(chart) {
    const c = chart as unknown as Chart;
    const o = overlays.get(c);
    if (!o) return;
    const { ctx, chartArea: area } = chart;
    const px = (t: number) => c.scales.x!.getPixelForValue(t);
    ctx.save();
    for (const s of stretchPixels(c, o.alarms, area)) {
      ctx.fillStyle = s.color;
      ctx.fillRect(s.x1, area.top - ALARM_STRIP_PX - 1, s.x2 - s.x1, ALARM_STRIP_PX);
    }
    // The highest line's label above it, the others below theirs, so two close lines' labels never
    // overlap. A line off the scale keeps its label, at the plot's edge with an arrow, so the operator
    // still sees how far away the limit is.
    const lines = linePixels(c, o.limitLines, area);
    const top = Math.min(...lines.filter((l) => !l.off).map((l) => l.py));
    ctx.font = '600 10px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    // Labels off the same edge stack inwards: the nearest limit at the edge.
    const offAbove = lines.filter((l) => l.off === 'above').sort((x, y) => y.py - x.py);
    const offBelow = lines.filter((l) => l.off === 'below').sort((x, y) => x.py - y.py);
    for (const { line, py, off } of lines) {
      const text = off === 'above' ? `▲ ${line.label}` : off === 'below' ? `▼ ${line.label}` : line.label;
      const ty =
        off === 'above'
          ? area.top + 11 + 12 * offAbove.findIndex((l) => l.line === line)
          : off === 'below'
            ? area.bottom - 3 - 12 * offBelow.findIndex((l) => l.line === line)
            : py === top && py - 13 >= area.top
              ? py - 3
              : Math.min(py + 11, area.bottom - 2);
      ctx.strokeText(text, area.right - 4, ty);
      ctx.fillStyle = line.color;
      ctx.fillText(text, area.right - 4, ty);
    }
    ctx.textAlign = 'left';
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    const mark = (t: number | null, color: string, label: string | null, dash: number[]) => {
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
    mark(o.a, '#0f766e', 'A', []);
    mark(o.b, '#7c3aed', 'B', []);
    mark(o.cursorMs, '#334155', null, [3, 3]);
    ctx.restore();
  },
};
