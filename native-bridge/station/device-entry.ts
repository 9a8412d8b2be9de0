/** One running device as the station keeps it: its source, link and rig control, and what is remembered of it. */
import type { RelayCommandInfo } from '../contract/device-methods.js';
import type { DeviceLink } from '../devices/device-link.js';
import type { LineSource } from '../devices/line-source.js';
import type { RigControl } from '../devices/rig-control.js';

export interface DeviceEntry {
  spec: string;
  source: LineSource;
  link: DeviceLink;
  /** Null for a source that takes no commands (a replay). */
  control: RigControl | null;
  /** Part of the remembered choice (chosen in the UI or restored from it), not a one-off STATION_DEVICE. */
  remembered: boolean;
  deviceId: string | null;
  /** Device id and USB serial number as last written to devices.json. */
  savedIdentity: string | null;
  lastNotified: string | null;
  /** A problem was put in front of the operator: say so when it is over (`source.recovered`). */
  problemShown: boolean;
  /** The last relay command (interlock or operator) and the device's answer, shown in Settings. */
  relayCommand: RelayCommandInfo | null;
}
