/**
 * The printable session report as the station hands it out: read and rendered in one step, so the
 * history read thread and the station's own connection (where there is no thread) build the same page.
 */
import type { Db } from '../store/database.js';
import type { ReportRequest, SessionReportFile } from './series-messages.js';
import type { SeriesQueries } from './series-query.js';
import { loadReport, renderSessionReport } from './session-report.js';
import type { SessionQueries } from './session-rows.js';

export function sessionReportFile(
  db: Db,
  series: SeriesQueries,
  sessions: SessionQueries,
  { session, stationVersion, generatedMs }: ReportRequest,
): SessionReportFile {
  const alarms = sessions.alarms(session.id, 0, Number.MAX_SAFE_INTEGER);
  const input = loadReport(db, series, session, alarms);
  input.stationVersion = stationVersion;
  // Stamped by the station when asked, not by whichever thread renders it.
  input.generatedMs = generatedMs;
  return { fileName: `session-${session.id}-report.html`, html: renderSessionReport(input) };
}
