/**
 * The lines a session's cells are judged by, from its chemistry and voltage window as the station's
 * safety rules derive them for the session's device (station.ts, safety-limits.ts): what the History
 * tab marks a stored value against, so a past session is not judged by numbers kept in the UI.
 */
import type { CellLimits } from '../contract/index.js';
import { cellSpecOf, cellWindow } from '../features/cell-chemistry.js';
import { limitsForCell, raiseLines } from '../safety/safety-limits.js';

export function sessionLimits(meta: { chemistry: string; vMinV: number | null; vMaxV: number | null }): CellLimits {
  return raiseLines(limitsForCell(cellWindow(cellSpecOf(meta))));
}
