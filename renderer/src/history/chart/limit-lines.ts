/**
 * The limit lines a History panel draws: the temperature panel the warning and alarm lines, the voltage
 * panel the cell's window (V max, V min). They come from the session's own limits (its chemistry and
 * window as the station's rules take them, contract Session.limits), so a past session is drawn against
 * the lines it was judged by, not today's. A limit not known draws no line. Pure, so it is tested
 * without a canvas.
 */
import type { CellLimits } from '../../../../native-bridge/contract/index.js';
import { limitTempText, limitVoltText } from '../../live/limit-level.js';
import { SEVERITY_COLOR } from './chart-colours.js';
import type { PanelId } from './panel-config.js';

export interface LimitLine {
  /** Stable name, for the DOM and the tests: `warning`, `alarm`, `vmax`, `vmin`. */
  id: string;
  value: number;
  /** The label drawn beside the line and in the panel's legend, e.g. "alarm 60 °C". */
  label: string;
  color: string;
}

/** The cycler's window is not an alarm line: a neutral ink, not a severity colour. */
const WINDOW_COLOR = '#475569';

export function limitLinesFor(panel: PanelId, limits: CellLimits | null | undefined): LimitLine[] {
  if (!limits) return [];
  const lines: (LimitLine | null)[] =
    panel === 'temp'
      ? [
          line('warning', limits.tempWarnC, (v) => `warning ${limitTempText(v)}`, SEVERITY_COLOR.warning!),
          line('alarm', limits.tempAlarmC, (v) => `alarm ${limitTempText(v)}`, SEVERITY_COLOR.alarm!),
        ]
      : panel === 'voltage'
        ? [
            line('vmax', limits.voltMaxV, (v) => `V max ${limitVoltText(v)}`, WINDOW_COLOR),
            line('vmin', limits.voltMinV, (v) => `V min ${limitVoltText(v)}`, WINDOW_COLOR),
          ]
        : [];
  return lines.filter((l): l is LimitLine => l !== null);
}

function line(id: string, value: number | null | undefined, label: (v: number) => string, color: string) {
  return typeof value === 'number' && Number.isFinite(value) ? { id, value, label: label(value), color } : null;
}
