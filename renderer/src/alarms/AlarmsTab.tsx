/** The Alarms tab: active alarms to acknowledge on top, the log below. */
import { ActiveAlarms } from './ActiveAlarms.js';
import { AlarmLog } from './AlarmLog.js';
import './alarms.css';

export function AlarmsTab() {
  return (
    <div className="alarms-tab" data-testid="alarms-tab">
      <ActiveAlarms />
      <AlarmLog />
    </div>
  );
}
