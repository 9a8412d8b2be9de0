/**
 * The cell a device's rig holds, for its SOC estimate and its feature windows: the chemistry and
 * capacity of the session its data goes to, else the default cell (features/cell-chemistry.ts). Read
 * when the device's estimators and windows are first made.
 */
import { cellSpecOf, DEFAULT_CELL, type CellSpec } from '../features/cell-chemistry.js';
import type { HistoryService } from '../history/history-service.js';

export function sessionCell(history: HistoryService | null, deviceId: string): Readonly<CellSpec> {
  const id = history?.sessions.sessionOfDevice(deviceId) ?? null;
  if (history === null || id === null) return DEFAULT_CELL;
  try {
    const s = history.sessions.get(id);
    return cellSpecOf({ chemistry: s.chemistry, capacityAh: s.capacityAh, vMinV: s.vMinV, vMaxV: s.vMaxV });
  } catch {
    return DEFAULT_CELL;
  }
}
