/** The messages between the station and its history read thread (series-worker.ts). */
import type { HistorySeries } from '../contract/index.js';
import type { SeriesRequest } from './series-query.js';

export interface SeriesWorkerData {
  dbPath: string;
  nativeBinding?: string | undefined;
}

/** A series query; the window's alarms are read by the thread too. */
export interface ToSeriesWorker {
  id: number;
  req: SeriesRequest;
  /** Answer with the series' JSON (UTF-8, the buffer transferred) instead of the object. */
  encode?: boolean;
}

export type FromSeriesWorker =
  /** The connection is open: queries may come. */
  | { ready: true }
  | { id: number; ok: true; series: HistorySeries }
  | { id: number; ok: true; json: Uint8Array }
  | { id: number; ok: false; message: string }
  /** The thread could not open the database: the station answers from its own connection. */
  | { id: -1; ok: false; message: string };
