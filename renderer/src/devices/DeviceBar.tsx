/**
 * The device bar under the header: one card per connected device, side by side, with its state and
 * link health, and a red strip for every device whose data stopped ("communication lost") so the
 * Live values are never taken for current; a simulated rig also shows its scenario, speed-up, seed and
 * simulated clock. Shown on every tab; the Settings tab manages devices.
 */
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { useNow } from '../hooks/useNow.js';
import { DeviceCard } from './DeviceCard.js';
import { LostStrip } from './LostStrip.js';
import './devices.css';

export interface DeviceBarProps {
  links: DeviceLinkInfo[] | null;
  receivedAtMs: number;
  onManage(): void;
}

export function DeviceBar({ links, receivedAtMs, onManage }: DeviceBarProps) {
  const now = useNow(1000);
  if (links === null) return null;
  const lost = links.filter((l) => l.stale);
  return (
    <section className="device-bar" aria-label="Devices and link health" data-testid="device-bar">
      {lost.map((l) => (
        <LostStrip key={l.spec} l={l} nowMs={now} receivedAtMs={receivedAtMs} />
      ))}
      <div className="device-bar__row">
        {links.length === 0 ? (
          <p className="device-bar__empty" data-testid="no-device">
            No device is connected: nothing is being recorded.
          </p>
        ) : (
          links.map((l) => <DeviceCard key={l.spec} l={l} nowMs={now} receivedAtMs={receivedAtMs} />)
        )}
        <button type="button" className="button device-bar__manage" onClick={onManage} data-testid="manage-devices">
          Devices…
        </button>
      </div>
    </section>
  );
}
