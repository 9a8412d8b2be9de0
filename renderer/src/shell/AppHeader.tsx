/**
 * The station's header: its name, whether live data is arriving, which device feeds it, whether
 * readings are being stored, and the state of the link to the station core. Later capabilities (device
 * bar, link health) add their chips to the status strip.
 */
import type { ReactNode } from 'react';
import type { DeviceStatus, StationStatus } from '../../../native-bridge/contract/index.js';
import { StatusDot, type Tone } from '../components/StatusDot.js';
import { formatAge } from '../format/units.js';
import { useNow } from '../hooks/useNow.js';
import {
  LIVENESS_LABEL,
  deviceStateLabel,
  deviceStateTone,
  deviceSummary,
  liveness,
  slowestPeriodMs,
  type ConnectionState,
  type Liveness,
} from './link-liveness.js';

const LIVENESS_TONE: Record<Liveness, Tone> = { live: 'ok', stale: 'warn', waiting: 'idle', offline: 'error' };
const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected — reconnecting…',
};
const CONNECTION_TONE: Record<ConnectionState, Tone> = { connecting: 'idle', connected: 'ok', disconnected: 'error' };

export interface AppHeaderProps {
  status: StationStatus | null;
  connection: ConnectionState;
  devices: DeviceStatus[];
  lastAdvanceMs: number | null;
  /** Further chips of the status strip (the core's pulse). */
  children?: ReactNode;
}

function LiveIndicator({ connection, devices, lastAdvanceMs }: Omit<AppHeaderProps, 'status'>) {
  const now = useNow(500);
  const state = liveness({ connection, lastAdvanceMs, nowMs: now, periodMs: slowestPeriodMs(devices) });
  const age = lastAdvanceMs === null ? null : now - lastAdvanceMs;
  const detail = state === 'stale' && age !== null ? ` · ${formatAge(age)}` : '';
  return (
    <div
      className={`header-chip header-chip--${state}`}
      role="status"
      aria-label={`Live data: ${LIVENESS_LABEL[state]}${detail}`}
      data-testid="station-live"
      data-state={state}
    >
      <StatusDot tone={LIVENESS_TONE[state]} pulse={state === 'live'} />
      <span>
        {LIVENESS_LABEL[state]}
        {detail}
      </span>
    </div>
  );
}

const LAST_KNOWN = 'Last known state: no connection to the station';

function DeviceChip({ device, current }: { device: DeviceStatus; current: boolean }) {
  const summary = deviceSummary(device);
  return (
    <div
      className={`header-chip${current ? '' : ' header-chip--last-known'}`}
      data-testid="device-chip"
      title={current ? (device.lastError ?? device.spec) : LAST_KNOWN}
      aria-label={`Device ${device.label}: ${deviceStateLabel(device.state)}${current ? '' : ` (${LAST_KNOWN.toLowerCase()})`}`}
    >
      <StatusDot tone={deviceStateTone(device.state)} />
      <span className="header-chip__main">{device.label}</span>
      <span className="header-chip__sub">
        {[device.deviceId, deviceStateLabel(device.state), summary].filter(Boolean).join(' · ')}
      </span>
    </div>
  );
}

function StorageChip({ status, current }: { status: StationStatus | null; current: boolean }) {
  if (!status) return null;
  const file = status.dbPath?.split(/[\\/]/).pop() ?? '';
  return status.storeOk ? (
    <div
      className={`header-chip${current ? '' : ' header-chip--last-known'}`}
      data-testid="storage-state"
      data-state="ok"
      title={current ? (status.dbPath ?? undefined) : LAST_KNOWN}
      aria-label={`Storage: storing readings in ${status.dbPath ?? 'the database'}${current ? '' : ` (${LAST_KNOWN.toLowerCase()})`}`}
    >
      <StatusDot tone="ok" />
      <span>Storing</span>
      <span className="header-chip__sub">{file}</span>
    </div>
  ) : (
    <div
      className="header-chip header-chip--alert"
      data-testid="storage-state"
      data-state="not-stored"
      aria-label="Storage: readings are NOT stored, memory only"
    >
      <StatusDot tone="error" />
      <span>NOT storing — memory only</span>
    </div>
  );
}

export function AppHeader({ status, connection, devices, lastAdvanceMs, children }: AppHeaderProps) {
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <svg className="app-header__logo" viewBox="0 0 24 24" aria-hidden="true">
          <rect x="3" y="6" width="16" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <rect x="19.5" y="10" width="2" height="4" rx="0.6" fill="currentColor" />
          <path d="M11.5 8.5 8.5 12.5h3l-1 3.5 3.5-4.5h-3z" fill="currentColor" />
        </svg>
        <h1>EV Battery Monitoring Station</h1>
        {status ? <span className="app-header__version">v{status.version}</span> : null}
      </div>
      <div className="app-header__status" aria-label="Station status">
        <LiveIndicator connection={connection} devices={devices} lastAdvanceMs={lastAdvanceMs} />
        {devices.map((d) => (
          <DeviceChip key={d.spec} device={d} current={connection === 'connected'} />
        ))}
        <StorageChip status={status} current={connection === 'connected'} />
        {children}
        <div
          className="header-chip"
          role="status"
          aria-label={`Connection to the station: ${CONNECTION_TEXT[connection]}`}
          data-testid="connection-state"
          data-state={connection}
        >
          <StatusDot tone={CONNECTION_TONE[connection]} />
          <span>{CONNECTION_TEXT[connection]}</span>
        </div>
      </div>
    </header>
  );
}
