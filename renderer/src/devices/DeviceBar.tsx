/**
 * The device bar under the header: one card per connected device, side by side, with its state and
 * link health, and a red strip for every device whose data stopped ("communication lost") so the
 * Live values are never taken for current; a simulated rig also shows its scenario, speed-up, seed and
 * simulated clock. Shown on every tab; the Settings tab manages devices.
 */
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { StatusDot } from '../components/StatusDot.js';
import { formatAge, formatClockTime } from '../format/units.js';
import { useNow } from '../hooks/useNow.js';
import { deviceSubtitle, deviceTitle, healthFigures, linkStateText, linkTone, simSummary } from './device-format.js';
import './devices.css';

export interface DeviceBarProps {
  links: DeviceLinkInfo[] | null;
  receivedAtMs: number;
  onManage(): void;
}

function LostStrip({ l, nowMs, receivedAtMs }: { l: DeviceLinkInfo; nowMs: number; receivedAtMs: number }) {
  const age = l.health.lastDataAgeMs === null ? null : l.health.lastDataAgeMs + Math.max(0, nowMs - receivedAtMs);
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

function DeviceCard({ l, nowMs, receivedAtMs }: { l: DeviceLinkInfo; nowMs: number; receivedAtMs: number }) {
  const tone = linkTone(l);
  const problem = l.diagnosis ?? (l.state !== 'streaming' ? l.lastError : null);
  return (
    <article
      className={`device-card device-card--${tone}${l.stale ? ' device-card--stale' : ''}`}
      data-testid="device-card"
      data-spec={l.spec}
      data-state={l.state}
      data-stale={l.stale ? 'true' : 'false'}
      aria-label={`Device ${deviceTitle(l)}: ${linkStateText(l)}`}
    >
      <header className="device-card__head">
        <StatusDot tone={tone} pulse={tone === 'ok'} />
        <span className="device-card__title">{deviceTitle(l)}</span>
        <span className="device-card__state" data-testid="device-state">
          {linkStateText(l)}
        </span>
        {l.relayOpen ? (
          <span className="badge badge--warn" title="The rig's relay is open (charger/heater disconnected)">
            relay open
          </span>
        ) : null}
        {l.hostLost ? (
          <span className="badge badge--warn" title="The rig reports no heartbeat from the station">
            host lost
          </span>
        ) : null}
      </header>
      {l.sim ? (
        <p className="device-card__sim" data-testid="device-scenario" data-scenario={l.sim.scenario ?? ''}>
          {simSummary(l)}
        </p>
      ) : null}
      <p className="device-card__sub">{deviceSubtitle(l)}</p>
      <dl className="device-card__figures">
        {healthFigures(l, nowMs, receivedAtMs).map((f) => (
          <div key={f.key} className={f.tone ? `fig fig--${f.tone}` : 'fig'} title={f.title || undefined}>
            <dt>{f.label}</dt>
            <dd data-testid={`health-${f.key}`}>{f.value}</dd>
          </div>
        ))}
      </dl>
      {problem ? (
        <p className="device-card__problem" data-testid="device-problem">
          {problem}
        </p>
      ) : null}
    </article>
  );
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
