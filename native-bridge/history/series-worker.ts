/**
 * The history read thread: the chart series queries and the session reports (tens to hundreds of
 * milliseconds each against a long session) run on a connection of its own, so the station's thread keeps taking readings and
 * raising alarms while the History tab charts. The connection is query-only: this thread can never
 * write, and WAL lets it read beside the station's writer without blocking it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeJson } from '../contract/index.js';
import { openSecondConnection } from '../store/database.js';
import type { FromSeriesWorker, SeriesWorkerData, ToSeriesWorker } from './series-messages.js';
import { SeriesQueries } from './series-query.js';
import { sessionReportFile } from './session-report-file.js';
import { SessionQueries } from './session-rows.js';

const data = workerData as SeriesWorkerData;
const port = parentPort!;
const post = (m: FromSeriesWorker) => port.postMessage(m);

try {
  const db = openSecondConnection(data.dbPath, {
    readOnly: true,
    ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
  });
  const series = new SeriesQueries(db);
  const sessions = new SessionQueries(db);
  port.on('message', (m: ToSeriesWorker) => {
    const { id } = m;
    try {
      if ('report' in m) return post({ id, ok: true, report: sessionReportFile(db, series, sessions, m.report) });
      const { req, encode } = m;
      const s = series.series(req, sessions.alarms(req.sessionId, req.fromMs, req.toMs));
      if (!encode) return post({ id, ok: true, series: s });
      const json = encodeJson(s);
      port.postMessage({ id, ok: true, json } satisfies FromSeriesWorker, [json.buffer as ArrayBuffer]);
    } catch (e) {
      post({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  });
  post({ ready: true });
} catch (e) {
  post({ id: -1, ok: false, message: e instanceof Error ? e.message : String(e) });
  port.close();
}
