/**
 * What the History chart draws over its data: alarms on the time axis (a line where raised, a bar
 * and a light shade until cleared), points A and B, and the cursor. A chart.js plugin reads each
 * chart's overlay from a side table, so the overlay changes without rebuilding datasets.
 */
import type { Chart, Plugin } from 'chart.js';
import type { StoredAlarm } from '../../../../native-bridge/contract/index.js';
import { alpha, SEVERITY_COLOR } from './chart-colours.js';

export interface Overlay {
  alarms: StoredAlarm[];
  cursorMs: number | null;
  a: number | null;
  b: number | null;
}

const overlays = new WeakMap<Chart, Overlay>();

export function setOverlay(chart: Chart, overlay: Overlay): void {
  overlays.set(chart, overlay);
}

export const overlayPlugin: Plugin<'line'> = {
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
