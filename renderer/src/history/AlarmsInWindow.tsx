/** The alarms inside the chart's window; a click on one centres the chart on it. */
import type { StoredAlarm } from '../../../native-bridge/contract/index.js';
import { formatDateTime } from './history-format.js';

export function AlarmsInWindow({ alarms, onCentre }: { alarms: StoredAlarm[] | null; onCentre(tMs: number): void }) {
  return (
    <section className="panel" aria-labelledby="history-alarms">
      <header className="panel__header">
        <h2 id="history-alarms">Alarms in the window</h2>
        <span className="panel__meta">{alarms ? alarms.length : ''}</span>
      </header>
      {alarms && alarms.length > 0 ? (
        <table className="history-alarms" data-testid="history-alarms">
          <thead>
            <tr>
              <th scope="col">Raised</th>
              <th scope="col">Severity</th>
              <th scope="col">Alarm</th>
              <th scope="col">Cell</th>
              <th scope="col">Message</th>
              <th scope="col">Cleared</th>
            </tr>
          </thead>
          <tbody>
            {alarms.map((a) => (
              <tr key={a.id} onClick={() => onCentre(a.raisedAtMs)} title="Centre the chart on this alarm">
                <td>{formatDateTime(a.raisedAtMs)}</td>
                <td>
                  <span className={`sev sev--${a.peakSeverity}`}>{a.peakSeverity}</span>
                </td>
                <td>{a.code}</td>
                <td>{a.cell ?? ''}</td>
                <td>{a.message}</td>
                <td>
                  {a.clearedAtMs === null
                    ? 'open'
                    : `${formatDateTime(a.clearedAtMs)}${a.closedBy ? ` (${a.closedBy})` : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="history-empty">No alarms in this window.</p>
      )}
    </section>
  );
}
