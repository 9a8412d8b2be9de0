/**
 * The Alarms tab's log: every alarm the station remembers (over restarts, with a store), newest first,
 * filtered by device and least severity, and exported as CSV exactly as filtered.
 */
import { useMemo, useState } from 'react';
import {
  ALARM_SEVERITIES,
  type AlarmSeverity,
  alarmName,
  returnsInWords,
} from '../../../native-bridge/contract/index.js';
import { ActionNoteLine } from '../devices/ActionNoteLine.js';
import { useDeviceAction } from '../devices/useDeviceAction.js';
import { formatClockTime, MISSING } from '../format/units.js';
import { servedOverHttp } from '../history/actions/served-over-http.js';
import { useStationView } from '../station/StationContext.js';
import { useAlarmsView } from './AlarmsContext.js';
import { alarmsCsv } from './alarm-csv.js';
import { ALL_ALARMS, STATION_ROW, logDevices, type LogFilter } from './alarm-filter.js';
import { SEVERITY_LABEL, SOURCE_LABEL } from './alarm-words.js';
import { useFilteredLog } from './useFilteredLog.js';

/** In a browser (`serve`) the file downloads; the desktop app's page may not, so the station saves it. */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const dateTime = (ms: number | null) =>
  ms === null ? MISSING : `${new Date(ms).toLocaleDateString()} ${formatClockTime(ms, false)}`;

export function AlarmLog() {
  const { feed } = useAlarmsView();
  const { station, status } = useStationView();
  const { busy, note, run } = useDeviceAction();
  const exportCsv = (text: string) => {
    if (servedOverHttp())
      return download(`alarms-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`, text);
    void run(async () => {
      const saved = await station.saveAlarmCsv({ csv: text });
      return { tone: 'ok', text: `Saved to ${saved.path}` };
    });
  };
  const [filter, setFilter] = useState<LogFilter>(ALL_ALARMS);
  // Devices streaming now are offered too: their alarms may all be older than the held log.
  const streaming = useMemo(
    () => (status?.devices ?? []).map((d) => d.deviceId).filter((d): d is string => d !== null),
    [status],
  );
  const devices = useMemo(() => logDevices(feed.recent, streaming), [feed.recent, streaming]);
  const { rows, truncated } = useFilteredLog(station, feed.recent, filter);

  return (
    <section className="alarms-section" aria-labelledby="alarms-log-title" data-testid="alarms-log">
      <div className="alarms-log__bar">
        <h2 id="alarms-log-title">Alarm log</h2>
        <label>
          Device
          <select
            value={filter.deviceId}
            onChange={(e) => setFilter({ ...filter, deviceId: e.target.value })}
            data-testid="log-device"
          >
            <option value="">All devices</option>
            {devices.map((d) => (
              <option key={d} value={d}>
                {d === STATION_ROW ? 'Station (no device)' : d}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select
            value={filter.minSeverity}
            onChange={(e) => setFilter({ ...filter, minSeverity: e.target.value as AlarmSeverity })}
            data-testid="log-severity"
          >
            {ALARM_SEVERITIES.map((s, i) => (
              <option key={s} value={s}>
                {i === 0 ? 'All severities' : `${SEVERITY_LABEL[s]} and worse`}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          disabled={rows.length === 0 || busy}
          onClick={() => exportCsv(alarmsCsv(rows))}
          data-testid="log-export"
        >
          Export CSV ({rows.length})
        </button>
      </div>
      <ActionNoteLine note={note} testId="log-export-note" />
      {truncated ? (
        <p className="alarms-empty" data-testid="log-truncated">
          Showing the newest {rows.length} matching alarms; narrow the filter to reach older ones.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="alarms-empty" data-testid="log-empty">
          {feed.recent.length === 0 ? 'No alarm has been raised yet.' : 'No alarm matches the filter.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="alarms-log" aria-label="Alarm log, newest first" data-testid="log-table">
            <thead>
              <tr>
                <th scope="col">Raised</th>
                <th scope="col">Device</th>
                <th scope="col">Cell</th>
                <th scope="col">Severity</th>
                <th scope="col">Rule or class</th>
                <th scope="col">Raised by</th>
                <th scope="col">Message</th>
                <th scope="col">Cleared</th>
                <th scope="col">Acknowledged by</th>
                <th scope="col">Acknowledged</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} data-testid="log-row" data-severity={a.severity} data-source={a.source}>
                  <td>
                    {dateTime(a.raisedAtMs)}
                    {a.returnedAtMs !== null ? (
                      <span className="alarms-log__returns" data-testid="log-returns">
                        {' '}
                        · {returnsInWords(a.returnCount)}, last {formatClockTime(a.returnedAtMs, false)}
                      </span>
                    ) : null}
                  </td>
                  <td>{a.deviceId ?? 'Station'}</td>
                  <td>{a.cell ?? MISSING}</td>
                  <td>
                    <span className={`severity-chip severity-chip--${a.severity}`}>{SEVERITY_LABEL[a.severity]}</span>
                  </td>
                  <td>{alarmName(a)}</td>
                  <td>{SOURCE_LABEL[a.source]}</td>
                  <td className="alarms-log__message">{a.message}</td>
                  <td>{a.clearedAtMs === null ? 'still present' : formatClockTime(a.clearedAtMs, false)}</td>
                  <td data-testid="log-ack-by">{a.acknowledgedBy ?? MISSING}</td>
                  <td>
                    {formatClockTime(a.acknowledgedAtMs, false)}
                    {a.ackComment ? <span className="alarms-log__comment"> “{a.ackComment}”</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
