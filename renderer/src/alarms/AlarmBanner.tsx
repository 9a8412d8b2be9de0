/**
 * Across every tab while any alarm of Warning or above waits for an acknowledgement: what, where,
 * when, and per alarm Acknowledge and Silence (the tone only; the banner stays until acknowledged).
 * The tone's state is on the element (data-tone, data-beeps) for the end-to-end tests to observe.
 */
import { alarmName } from '../../../native-bridge/contract/index.js';
import './alarms.css';
import { formatClockTime } from '../format/units.js';
import { useAlarmsView } from './AlarmsContext.js';
import { AcknowledgeControl } from './AckForm.js';
import { SEVERITY_LABEL, SOURCE_LABEL, alarmWhere } from './alarm-words.js';
import { attentionKey } from './attention.js';

const MAX_SHOWN = 3;

export function AlarmBanner({ onOpenAlarms }: { onOpenAlarms: () => void }) {
  const { waiting, tone } = useAlarmsView();
  const common = { 'data-tone': tone.ringing ? 'ringing' : 'quiet', 'data-beeps': tone.beeps };
  if (waiting.length === 0) return <div hidden data-testid="alarm-banner-quiet" {...common} />;
  return (
    <section
      className={`alarm-banner alarm-banner--${waiting[0]!.severity}`}
      role="alert"
      aria-label="Alarms waiting for acknowledgement"
      data-testid="alarm-banner"
      data-count={waiting.length}
      {...common}
    >
      <ul className="alarm-banner__list">
        {waiting.slice(0, MAX_SHOWN).map((a) => {
          const silenced = tone.silenced.has(attentionKey(a));
          return (
            <li key={a.id} className="alarm-banner__item" data-testid="alarm-banner-item" data-severity={a.severity}>
              <span className={`severity-chip severity-chip--${a.severity}`}>{SEVERITY_LABEL[a.severity]}</span>
              <span className="alarm-banner__text">
                <strong>
                  {alarmName(a)} · {alarmWhere(a)}
                </strong>
                <span>
                  {a.message} — {SOURCE_LABEL[a.source].toLowerCase()},{' '}
                  {a.clearedAtMs === null ? 'since' : 'cleared, raised'}{' '}
                  {formatClockTime(a.escalatedAtMs ?? a.raisedAtMs, false)}
                </span>
              </span>
              <AcknowledgeControl
                alarm={a}
                testId="banner-acknowledge"
                beside={
                  <button
                    type="button"
                    className="button"
                    disabled={silenced}
                    onClick={() => tone.silence(a)}
                    data-testid="banner-silence"
                    title="Stops the tone for this alarm until it escalates; the banner stays until it is acknowledged."
                  >
                    {silenced ? 'Silenced' : 'Silence'}
                  </button>
                }
              />
            </li>
          );
        })}
      </ul>
      <p className="alarm-banner__foot">
        {waiting.length > MAX_SHOWN ? <span>and {waiting.length - MAX_SHOWN} more · </span> : null}
        {tone.soundBlocked ? <span>Sound is held back by the browser until you click on the page · </span> : null}
        <button type="button" className="button button--quiet" onClick={onOpenAlarms} data-testid="banner-open-alarms">
          Open the Alarms tab
        </button>
      </p>
    </section>
  );
}
