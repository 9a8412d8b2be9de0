/**
 * The devices the station runs now, one row each, and the way back to the built-in simulator (which
 * disconnects every serial rig, so it asks first when any runs, or when a device has an active alarm).
 */
import { useState } from 'react';
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { errorText } from '../format/error-text.js';
import { useLeavingAlarmsCheck } from '../alarms/useLeavingAlarmsCheck.js';
import { useStationView } from '../station/StationContext.js';
import { serialRigCount } from './device-format.js';
import { DeviceRow } from './DeviceRow.js';

/** What the Settings device views take from the shell's pushed device links. */
export interface DeviceLinksProps {
  links: DeviceLinkInfo[] | null;
  receivedAtMs: number;
  /** Ask for the links now, after a change made here. */
  onChanged(): void;
}

export function ConnectedDevices({ links, receivedAtMs, onChanged }: DeviceLinksProps) {
  const { station } = useStationView();
  const [error, setError] = useState<string | null>(null);
  const leavingOk = useLeavingAlarmsCheck();
  const toSimulator = async () => {
    const rigs =
      serialRigCount(links) > 0 ? 'Disconnect every serial rig and run the built-in simulator instead?' : null;
    if (!leavingOk(links ?? [], 'Switch to the simulator', rigs)) return;
    try {
      await station.useSimulator();
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="devices-title">
      <header className="panel__header">
        <h2 id="devices-title">Connected devices</h2>
        <button type="button" className="button" onClick={() => void toSimulator()} data-testid="use-simulator">
          Switch to the simulator
        </button>
      </header>
      {error ? <p className="devices-note devices-note--error">{error}</p> : null}
      <ul className="device-rows">
        {links === null ? <li className="port-list__empty">Asking the station…</li> : null}
        {links?.length === 0 ? (
          <li className="port-list__empty">No device is connected. Connect a rig above, or switch to the simulator.</li>
        ) : null}
        {links?.map((l) => (
          <DeviceRow key={l.spec} l={l} receivedAtMs={receivedAtMs} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}
