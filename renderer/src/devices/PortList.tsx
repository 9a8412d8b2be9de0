/** The listed serial ports as radio choices: likely rigs badged, ports in use shown but not choosable. */
import type { SerialPortInfo } from '../../../native-bridge/contract/device-methods.js';
import { portLabel } from './device-format.js';

export function PortList({
  ports,
  path,
  onPick,
}: {
  /** Null until the first listing arrives. */
  ports: SerialPortInfo[] | null;
  path: string;
  onPick(path: string): void;
}) {
  return (
    <ul className="port-list" aria-label="Serial ports" data-testid="port-list">
      {ports && ports.length === 0 ? (
        <li className="port-list__empty">No serial ports found. Plug the rig in, or type its path below.</li>
      ) : null}
      {(ports ?? []).map((p) => (
        <li key={p.path}>
          <label className={`port${p.rig ? ' port--rig' : ''}${p.inUseBy ? ' port--used' : ''}`}>
            <input
              type="radio"
              name="port"
              value={p.path}
              checked={path === p.path}
              onChange={() => onPick(p.path)}
              disabled={p.inUseBy !== null}
            />
            <span className="port__label">{portLabel(p)}</span>
            {p.rig ? <span className="badge badge--rig">likely rig</span> : null}
            {p.inUseBy ? <span className="badge">in use</span> : null}
          </label>
        </li>
      ))}
    </ul>
  );
}
