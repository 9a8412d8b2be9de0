/**
 * One device in the device bar: its state, what it is, its link-health figures, badges for an open
 * relay or a lost host heartbeat, its scenario when simulated, and the problem when there is one.
 */
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { StatusDot } from '../components/StatusDot.js';
import { deviceSubtitle, deviceTitle, healthFigures, linkStateText, linkTone, simSummary } from './device-format.js';

export function DeviceCard({ l, nowMs, receivedAtMs }: { l: DeviceLinkInfo; nowMs: number; receivedAtMs: number }) {
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
