/**
 * The red strip for a device whose data stopped ("communication lost"): since when, and that the
 * values shown for it are stale, so the Live values are never taken for current.
 */
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { formatAge, formatClockTime } from '../format/units.js';
import { dataAgeMs, deviceTitle } from './device-format.js';

export function LostStrip({ l, nowMs, receivedAtMs }: { l: DeviceLinkInfo; nowMs: number; receivedAtMs: number }) {
  const age = dataAgeMs(l, nowMs, receivedAtMs);
  const since = l.health.lastDataMs;
  return (
    <div className="device-lost" role="alert" data-testid="communication-lost" data-device={l.deviceId ?? l.spec}>
      <strong>Communication lost</strong> with {deviceTitle(l)} ({l.label}):{' '}
      {since === null
        ? 'no data has arrived.'
        : `no data for ${formatAge(age)} — values shown for this device are from ${formatClockTime(since, false)} and are stale.`}
      {l.lastError ? <span className="device-lost__why"> {l.lastError}</span> : null}
    </div>
  );
}
