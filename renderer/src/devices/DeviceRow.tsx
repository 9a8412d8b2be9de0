/**
 * One connected device in the Settings list: its state, what it is, its full link health (beyond the
 * device bar's figures: noise lines, commands, the USB descriptor), disconnect, and its commands
 * while it streams.
 */
import { useState } from 'react';
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { StatusDot } from '../components/StatusDot.js';
import { errorText } from '../format/error-text.js';
import { useNow } from '../hooks/useNow.js';
import { useLeavingAlarmsCheck } from '../alarms/useLeavingAlarmsCheck.js';
import { useStationView } from '../station/StationContext.js';
import { DeviceCommands } from './DeviceCommands.js';
import {
  deviceSubtitle,
  deviceTitle,
  healthFigures,
  linkStateText,
  linkTone,
  simSummary,
  usbText,
} from './device-format.js';

export function DeviceRow({
  l,
  receivedAtMs,
  onChanged,
}: {
  l: DeviceLinkInfo;
  receivedAtMs: number;
  onChanged(): void;
}) {
  const { station } = useStationView();
  const now = useNow(1000);
  const [error, setError] = useState<string | null>(null);
  const leavingOk = useLeavingAlarmsCheck();
  const disconnect = async () => {
    if (!leavingOk([l], `Disconnect ${deviceTitle(l)}`)) return;
    try {
      await station.disconnectDevice({ spec: l.spec });
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <li className="device-row" data-testid="device-row" data-spec={l.spec}>
      <div className="device-row__head">
        <StatusDot tone={linkTone(l)} />
        <strong>{deviceTitle(l)}</strong>
        <span className="device-row__state">{linkStateText(l)}</span>
        <span className="device-row__sub">{deviceSubtitle(l)}</span>
        {l.sim ? (
          <span className="device-row__sub" data-testid="device-row-scenario">
            {simSummary(l)}
          </span>
        ) : null}
        {l.remembered ? (
          <span className="badge" title="Reconnected when the station starts">
            remembered
          </span>
        ) : null}
        <button
          type="button"
          className="button device-row__disconnect"
          onClick={() => void disconnect()}
          data-testid="disconnect-device"
        >
          Disconnect
        </button>
      </div>
      {l.diagnosis || (l.lastError && l.state !== 'streaming') ? (
        <p className="devices-note devices-note--error">{l.diagnosis ?? l.lastError}</p>
      ) : null}
      {error ? <p className="devices-note devices-note--error">{error}</p> : null}
      <dl className="device-card__figures device-card__figures--wide">
        {healthFigures(l, now, receivedAtMs).map((f) => (
          <div key={f.key} className={f.tone ? `fig fig--${f.tone}` : 'fig'} title={f.title || undefined}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
        <div className="fig">
          <dt>Noise lines</dt>
          <dd>{l.health.noiseLines}</dd>
        </div>
        <div className="fig">
          <dt>Commands</dt>
          <dd>
            {l.health.commandsSent} sent · {l.health.commandTimeouts} timed out
          </dd>
        </div>
        {l.usb ? (
          <div className="fig fig--wide">
            <dt>USB</dt>
            <dd>{usbText(l.usb)}</dd>
          </div>
        ) : null}
      </dl>
      {(l.kind === 'serial' || l.kind === 'sim') && l.state === 'streaming' ? <DeviceCommands l={l} /> : null}
    </li>
  );
}
