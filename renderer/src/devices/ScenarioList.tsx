/** The simulator's scenarios as radio choices, each with whether it ends in a runaway and whether it runs now. */
import type { SimScenarioInfo } from '../../../native-bridge/contract/device-methods.js';
import { thermalEventText } from './device-format.js';

export function ScenarioList({
  scenarios,
  waiting,
  chosen,
  running,
  onChoose,
}: {
  scenarios: SimScenarioInfo[] | null;
  /** Still asking the station (and it has not failed). */
  waiting: boolean;
  chosen: string | null;
  running: string | null;
  onChoose(name: string): void;
}) {
  return (
    <ul className="sim-scenarios" aria-label="Scenarios" data-testid="sim-scenarios">
      {waiting ? <li className="port-list__empty">Asking the station…</li> : null}
      {scenarios?.map((s) => (
        <li key={s.name}>
          <label className={`sim-scenario${chosen === s.name ? ' sim-scenario--chosen' : ''}`}>
            <input
              type="radio"
              name="sim-scenario"
              value={s.name}
              checked={chosen === s.name}
              onChange={() => onChoose(s.name)}
              data-testid={`scenario-${s.name}`}
            />
            <span className="sim-scenario__title">{s.title}</span>
            <code className="sim-scenario__name">{s.name}</code>
            <span className={`badge${s.thermalEvent === 'none' ? '' : ' badge--warn'}`}>{thermalEventText(s)}</span>
            {running === s.name ? <span className="badge badge--rig">running</span> : null}
          </label>
        </li>
      ))}
    </ul>
  );
}
