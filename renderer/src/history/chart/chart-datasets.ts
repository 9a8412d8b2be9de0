/**
 * A series as one panel's chart.js datasets: per cell its mean line over a shaded min–max band (so a
 * spike shorter than a point still shows), the pack's channels in one colour, and the risk panel as
 * stepped lines of the highest class per cell. Pure, so it is tested without a canvas.
 */
import type { ChartDataset } from 'chart.js';
import type { HistorySeries } from '../../../../native-bridge/contract/index.js';
import { cellColor } from '../../live/cell-palette.js';
import { alpha } from './chart-colours.js';
import { PANEL_INFO, type PanelId } from './panel-config.js';

export type XY = { x: number; y: number | null };

export function datasetsFor(s: HistorySeries, panel: PanelId): ChartDataset<'line', XY[]>[] {
  if (panel === 'risk') {
    if (!s.risk) return [];
    const t = s.risk.t;
    // Each point is a bucket's start and holds until the next: the last bucket's class would be only a
    // step at its start (at 10-min rollups, a session's final runaway as a vertical tick). It is held
    // one bucket on (the spacing of the last two points), never past the window.
    const n = t.length;
    const end = n >= 2 ? Math.min(s.toMs, t[n - 1]! + (t[n - 1]! - t[n - 2]!)) : t[0]!;
    const held = n > 0 && end > t[n - 1]!;
    return s.risk.series.map((r) => ({
      label: `Cell ${r.cell}`,
      data: [...t.map((x, i) => ({ x, y: r.max[i] ?? null })), ...(held ? [{ x: end, y: r.max[n - 1] ?? null }] : [])],
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
