/**
 * The limit lines a chart of a session draws: on temperature the warning and alarm lines, on voltage
 * the cell's window (V max, V min), from the session's own limits, so a past run is drawn against the
 * lines it was judged by. One list for the History tab and the printable report, which colour them
 * each in their own palette. A limit not known (not a finite number) draws no line.
 */
import type { CellLimits } from './domain.js';

/** A limit in words, as the live judgements and the limit lines print it: "60 °C", "4.20 V". */
export const limitTempText = (v: number) => `${Number(v.toFixed(1))} °C`;
export const limitVoltText = (x: number) => `${x.toFixed(2)} V`;

export interface LimitLineSpec {
  /** Stable name, for the DOM and the tests. */
  id: 'warning' | 'alarm' | 'vmax' | 'vmin';
  /** What it is, for its colour: a severity's line, or the cycler's window (not an alarm). */
  kind: 'warning' | 'alarm' | 'window';
  value: number;
  /** "alarm 60 °C", "V max 4.20 V". */
  label: string;
}

export function limitLinesOf(quantity: string, limits: CellLimits | null | undefined): LimitLineSpec[] {
  if (!limits) return [];
  const lines: (LimitLineSpec | null)[] =
    quantity === 'temp'
      ? [
          line('warning', 'warning', limits.tempWarnC, (v) => `warning ${limitTempText(v)}`),
          line('alarm', 'alarm', limits.tempAlarmC, (v) => `alarm ${limitTempText(v)}`),
        ]
      : quantity === 'voltage'
        ? [
            line('vmax', 'window', limits.voltMaxV, (v) => `V max ${limitVoltText(v)}`),
            line('vmin', 'window', limits.voltMinV, (v) => `V min ${limitVoltText(v)}`),
          ]
        : [];
  return lines.filter((l): l is LimitLineSpec => l !== null);
}

function line(
  id: LimitLineSpec['id'],
  kind: LimitLineSpec['kind'],
  value: number | null | undefined,
  label: (v: number) => string,
): LimitLineSpec | null {
  return typeof value === 'number' && Number.isFinite(value) ? { id, kind, value, label: label(value) } : null;
}
