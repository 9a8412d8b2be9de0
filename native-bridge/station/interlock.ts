/**
 * The interlock: when the station's InterlockPolicy (safety/interlock-policy.ts) calls for it — an Alarm
 * or Runaway of one of the device's cells while the operator has the interlock on — the relay of that
 * device is opened, retried a few times and logged in the link's events either way. When it fails the operator is told that the
 * firmware's own limits and its heartbeat-loss timeout remain.
 */
import type { Notice } from '../contract/index.js';
import type { DeviceEntry } from './device-entry.js';
import { recordRelayCommand } from './relay-command.js';

const INTERLOCK_TRIES = 3;

export interface InterlockHost {
  /** The policy's calls to open a device's relay. */
  onCritical?(listener: (deviceId: string, reason: string) => void): () => void;
  notify(level: Notice['level'], code: string, message: string): void;
}

/** Arms the interlock over the devices running at the time of each finding; returns the disarm. */
export function armInterlock(host: InterlockHost, running: () => Iterable<DeviceEntry>): (() => void) | undefined {
  return host.onCritical?.((deviceId, reason) => void openRelay(host, running(), deviceId, reason));
}

async function openRelay(
  host: InterlockHost,
  running: Iterable<DeviceEntry>,
  deviceId: string,
  reason: string,
): Promise<void> {
  for (const e of running) {
    if (!e.control || e.link.deviceId !== deviceId) continue;
    const control = e.control;
    const last = await recordRelayCommand(e, { state: 'OPEN', by: 'interlock', reason }, async () => {
      let r = await control.send('RELAY', 'OPEN');
      for (let i = 1; i < INTERLOCK_TRIES && !r.ok; i++) r = await control.send('RELAY', 'OPEN');
      return r;
    });
    e.link.recordEvent('link.interlock', `relay=open;ok=${last.ok ? 1 : 0};reason=${reason.slice(0, 120)}`);
    if (!last.ok)
      host.notify(
        'error',
        'device.interlock-failed',
        `Could not open the relay of ${deviceId} (${last.detail || 'no answer'}). The firmware opens it on its own limits and on heartbeat loss; check the rig.`,
      );
  }
}
