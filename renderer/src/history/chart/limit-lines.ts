/**
 * The limit lines a History panel draws: the temperature panel the warning and alarm lines, the voltage
 * panel the cell's window (V max, V min). They come from the session's own limits (its chemistry and
 * window as the station's rules take them, contract Session.limits), so a past session is drawn against
 * the lines it was judged by, not today's (contract/limit-lines.ts, shared with the printable report),
 * in the chart's colours. Pure, so it is tested without a canvas.
 */
import { limitLinesOf, type CellLimits, type LimitLineSpec } from '../../../../native-bridge/contract/index.js';
import { SEVERITY_COLOR } from './chart-colours.js';
import type { PanelId } from './panel-config.js';

export interface LimitLine extends LimitLineSpec {
  color: string;
}

/** The cycler's window is not an alarm line: a neutral ink, not a severity colour. */
const WINDOW_COLOR = '#475569';

export function limitLinesFor(panel: PanelId, limits: CellLimits | null | undefined): LimitLine[] {
  return limitLinesOf(panel, limits).map((l) => ({
    ...l,
    color: l.kind === 'window' ? WINDOW_COLOR : SEVERITY_COLOR[l.kind]!,
  }));
}
