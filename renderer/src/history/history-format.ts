/**
 * How History writes times and what the chart is drawn from: spans and differences, dates, the
 * `datetime-local` fields, and the resolution line. One place, so every part of the tab reads alike.
 */
import type { HistorySeries } from '../../../native-bridge/contract/index.js';

/** "12 s", "3 min 05 s", "2 h 07 min", "1 d 04 h": a window or a difference. */
export function formatSpan(ms: number): string {
  const a = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  if (a < 10_000) return `${sign}${(a / 1000).toFixed(a < 1000 ? 3 : 1)} s`;
  const s = Math.round(a / 1000);
  if (s < 60) return `${sign}${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${sign}${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${sign}${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${sign}${Math.floor(h / 24)} d ${String(h % 24).padStart(2, '0')} h`;
}

/** Local date and time for a session list or an axis title: "2024-05-01 10:15:07". */
export function formatDateTime(tMs: number | null | undefined): string {
  if (tMs === null || tMs === undefined || !Number.isFinite(tMs)) return '—';
  const d = new Date(tMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A time as a `datetime-local` input value (local time, to the second). */
export function toLocalInput(tMs: number): string {
  const d = new Date(tMs);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A `datetime-local` value back to epoch ms (local time), or null when it is incomplete. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? t : null;
}

const RESOLUTION_LABEL: Record<HistorySeries['resolution'], string> = {
  raw: 'raw frames',
  '1s': '1 s rollups',
  '1m': '1 min rollups',
  '10m': '10 min rollups',
};

/** What the chart is drawn from: `raw frames, 600 points, 4 ms`, `1 min rollups, 1,440 points of 1 min…`. */
export function resolutionText(s: HistorySeries): string {
  const bucket = s.bucketMs ? ` of ${formatSpan(s.bucketMs)}` : '';
  return `${RESOLUTION_LABEL[s.resolution]}, ${s.t.length} points${bucket}, ${s.queryMs.toFixed(0)} ms`;
}
