/** The messages between the station and its history read thread (series-worker.ts): chart series and session reports. */
import type { HistorySeries, Session } from '../contract/index.js';
import type { SeriesRequest } from './series-query.js';

export interface SeriesWorkerData {
  dbPath: string;
  nativeBinding?: string | undefined;
}

/** The printable report of a session, as the station knows it now (an open session's row lives in the station). */
export interface ReportRequest {
  session: Session;
  stationVersion: string;
  generatedMs: number;
}

export interface SessionReportFile {
  fileName: string;
  html: string;
}

export type ToSeriesWorker =
  /** A series query; the window's alarms are read by the thread too. */
  | {
      id: number;
      req: SeriesRequest;
      /** Answer with the series' JSON (UTF-8, the buffer transferred) instead of the object. */
      encode?: boolean;
    }
  /** A session report: it reads the whole session, as long as the longest chart query. */
  | { id: number; report: ReportRequest };

export type FromSeriesWorker =
  /** The connection is open: queries may come. */
  | { ready: true }
  | { id: number; ok: true; series: HistorySeries }
  | { id: number; ok: true; json: Uint8Array }
  | { id: number; ok: true; report: SessionReportFile }
  | { id: number; ok: false; message: string }
  /** The thread could not open the database: the station answers from its own connection. */
  | { id: -1; ok: false; message: string };
