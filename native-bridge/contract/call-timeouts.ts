/**
 * How long a caller waits for each method before it gives up with `timeout` — one policy for both
 * client transports (IPC and WebSocket), applied by createStationApi. A call that timed out is never
 * sent afterwards: the WebSocket drops it from its send queue, and the desktop core refuses a call that
 * reaches it after its deadline. The core's own work is not bounded by this; it only decides how long
 * an operator looks at "waiting…" before being told.
 */
import type { MethodName } from './methods.js';

/** Long enough for a busy core (a replay at 1000×, a retention pass) to answer a plain request. */
export const DEFAULT_CALL_TIMEOUT_MS = 15_000;

/** Methods whose work grows with the data they are given, and legitimately outlast the default. */
export const CALL_TIMEOUT_OVERRIDES_MS: Partial<Record<MethodName, number>> = {
  /** A whole CSV file from the station's disk, parsed and stored in one call. */
  importCsvFile: 10 * 60_000,
  /** One chunk of an upload (at most 512 KiB of CSV) parsed and stored. */
  appendImport: 60_000,
  /** The last chunk, the session's rollups and the commit. */
  finishImport: 60_000,
  /** Retention over days of raw frames, a WAL checkpoint and an incremental vacuum. */
  runMaintenance: 5 * 60_000,
  /** The alarm timeline and charts of a long session, as one HTML page. */
  getSessionReport: 60_000,
};

export function callTimeoutMs(method: string): number {
  return Object.prototype.hasOwnProperty.call(CALL_TIMEOUT_OVERRIDES_MS, method)
    ? CALL_TIMEOUT_OVERRIDES_MS[method as MethodName]!
    : DEFAULT_CALL_TIMEOUT_MS;
}
