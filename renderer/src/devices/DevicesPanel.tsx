/**
 * Settings → Devices: connect serial rigs (several at once, beside what already runs), run one of the
 * simulator's scenarios, and manage the connected devices — disconnect, back to the default
 * simulator, send the rig its commands. Every action answers in words; the choice is remembered by
 * the station for the next start.
 */
import { ConnectedDevices, type DeviceLinksProps } from './ConnectedDevices.js';
import { PortPicker } from './PortPicker.js';
import { SimulatorPicker } from './SimulatorPicker.js';
import './devices.css';

export function DevicesPanel({ links, receivedAtMs, onChanged }: DeviceLinksProps) {
  return (
    <div className="devices-panel" data-testid="devices-panel">
      <PortPicker links={links} onConnected={onChanged} />
      <SimulatorPicker links={links} onChanged={onChanged} />
      <ConnectedDevices links={links} receivedAtMs={receivedAtMs} onChanged={onChanged} />
    </div>
  );
}
