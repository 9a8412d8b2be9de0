/** The Alarms tab's top: every standing alarm, worst first, each acknowledged here or shown as done. */
import { alarmName, returnsInWords } from '../../../native-bridge/contract/index.js';
import { formatClockTime } from '../format/units.js';
import { useAlarmsView } from './AlarmsContext.js';
import { AcknowledgeControl } from './AckForm.js';
import { SEVERITY_LABEL, SOURCE_LABEL, alarmWhere } from './alarm-words.js';

export function ActiveAlarms() {
  const { feed } = useAlarmsView();
  return (
    <section className="alarms-section" aria-labelledby="alarms-active-title" data-testid="alarms-active">
      <h2 id="alarms-active-title">Active alarms</h2>
      {!feed.loaded ? (
        <p className="alarms-empty">
          {feed.error ? `Could not read the alarms: ${feed.error}` : 'Reading the alarms…'}
        </p>
      ) : feed.active.length === 0 ? (
        <p className="alarms-empty" data-testid="alarms-none-active">
          No active alarms.
        </p>
      ) : (
        <ul className="alarms-active">
          {feed.active.map((a) => (
            <li
              key={a.id}
              className={`alarm-card alarm-card--${a.severity}`}
              data-testid="active-alarm"
              data-severity={a.severity}
              data-acknowledged={a.acknowledgedAtMs !== null}
            >
              <div className="alarm-card__head">
                <span className={`severity-chip severity-chip--${a.severity}`}>{SEVERITY_LABEL[a.severity]}</span>
                <strong>{alarmName(a)}</strong>
                <span>{alarmWhere(a)}</span>
                <span className="alarm-card__source">{SOURCE_LABEL[a.source]}</span>
              </div>
              <p className="alarm-card__message">{a.message}</p>
              <p className="alarm-card__times">
                Raised {formatClockTime(a.raisedAtMs, false)}
                {a.escalatedAtMs !== null ? ` · escalated ${formatClockTime(a.escalatedAtMs, false)}` : ''}
                {a.returnedAtMs !== null ? (
                  <span data-testid="active-alarm-returns">
                    {` · ${returnsInWords(a.returnCount)}, last ${formatClockTime(a.returnedAtMs, false)}`}
                  </span>
                ) : null}
                {a.clearedAtMs !== null ? ` · cleared ${formatClockTime(a.clearedAtMs, false)}` : ' · still present'}
              </p>
              {a.acknowledgedAtMs !== null ? (
                <p className="alarm-card__ack" data-testid="active-alarm-ack">
                  Acknowledged by {a.acknowledgedBy} at {formatClockTime(a.acknowledgedAtMs, false)}
                  {a.ackComment ? ` — “${a.ackComment}”` : ''}
                </p>
              ) : (
                <AcknowledgeControl alarm={a} testId="active-acknowledge" />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
