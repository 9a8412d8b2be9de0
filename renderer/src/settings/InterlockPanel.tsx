/**
 * Settings → Rig interlock: whether an Alarm or Runaway of a cell opens its rig's relay (the station
 * remembers the choice), and for every device the relay's state and the last relay command with the
 * device's acknowledgement or its absence.
 */
import { useEffect, useState } from 'react';
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import type { InterlockSetting } from '../../../native-bridge/contract/index.js';
import { StatusDot } from '../components/StatusDot.js';
import { ActionNoteLine } from '../devices/ActionNoteLine.js';
import { deviceTitle } from '../devices/device-format.js';
import { useDeviceAction } from '../devices/useDeviceAction.js';
import { errorText } from '../format/error-text.js';
import { useStationView } from '../station/StationContext.js';
import { relayCommandText, relayStateText } from './interlock-words.js';
import './interlock.css';

export function InterlockPanel({ links }: { links: DeviceLinkInfo[] | null }) {
  const { station } = useStationView();
  const [setting, setSetting] = useState<InterlockSetting | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, note, run } = useDeviceAction();

  useEffect(() => {
    station.getInterlock().then(setSetting, (e: unknown) => setLoadError(errorText(e)));
  }, [station]);

  const change = (enabled: boolean) => {
    if (
      !enabled &&
      !window.confirm(
        'Turn the interlock off? The station will no longer open a rig’s relay on Alarm or Runaway; only the firmware’s own limits and its heartbeat-loss timeout remain.',
      )
    )
      return;
    void run(async () => {
      const s = await station.setInterlock({ enabled });
      setSetting(s);
      const kept = s.remembered ? '' : ' (not remembered: the station is not storing data)';
      return {
        tone: 'ok',
        text: s.enabled
          ? `Interlock on: an Alarm or Runaway opens that rig's relay${kept}.`
          : `Interlock off: the station will not open relays${kept}.`,
      };
    });
  };

  return (
    <section className="panel" aria-labelledby="interlock-title" data-testid="interlock-panel">
      <header className="panel__header">
        <h2 id="interlock-title">Rig interlock</h2>
        {setting ? (
          <span className={`badge${setting.enabled ? '' : ' badge--warn'}`} data-testid="interlock-state">
            {setting.enabled ? 'on' : 'off'}
          </span>
        ) : null}
      </header>
      <div className="interlock-panel__body">
        {loadError ? <p className="devices-note devices-note--error">{loadError}</p> : null}
        <label className="interlock-panel__toggle">
          <input
            type="checkbox"
            checked={setting?.enabled ?? false}
            disabled={setting === null || busy}
            onChange={(e) => change(e.target.checked)}
            data-testid="interlock-enabled"
          />
          Open the rig’s relay when a cell reaches Alarm or Runaway (safety rule or risk model)
        </label>
        <ActionNoteLine note={note} testId="interlock-note" />
        <ul className="interlock-panel__devices">
          {(links ?? []).map((l) => {
            const state = relayStateText(l);
            const cmd = relayCommandText(l);
            return (
              <li key={l.spec} data-testid="interlock-device" data-spec={l.spec}>
                <strong>{deviceTitle(l)}</strong>
                <span className="interlock-panel__line" data-testid="relay-state" data-open={String(l.relayOpen)}>
                  <StatusDot tone={state.tone} /> {state.text}
                </span>
                <span
                  className={`interlock-panel__line interlock-panel__line--${cmd.tone}`}
                  data-testid="relay-command"
                  data-acknowledged={String(l.relayCommand?.acknowledged ?? 'none')}
                >
                  {cmd.text}
                </span>
              </li>
            );
          })}
          {links !== null && links.length === 0 ? <li>No device is connected.</li> : null}
        </ul>
      </div>
    </section>
  );
}
