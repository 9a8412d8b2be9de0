/**
 * Run one of the simulator's scenarios as the station's device, with its speed-up, seed and cell
 * count. Untouched fields show what runs now; once typed in, they belong to the operator.
 */
import { useState } from 'react';
import { SIM_SPEED_MAX, type DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { useLeavingAlarmsCheck } from '../alarms/useLeavingAlarmsCheck.js';
import { useStationView } from '../station/StationContext.js';
import { ActionNoteLine } from './ActionNoteLine.js';
import { scenarioDurationText, serialRigCount } from './device-format.js';
import { ScenarioList } from './ScenarioList.js';
import { checkSimForm, CELLS_MAX } from './sim-form.js';
import { useDeviceAction } from './useDeviceAction.js';
import { useSimScenarios } from './useSimScenarios.js';

/** The scenario the station runs when none is named. */
const DEFAULT_SCENARIO = 'normal-cycling';

export function SimulatorPicker({ links, onChanged }: { links: DeviceLinkInfo[] | null; onChanged(): void }) {
  const { station } = useStationView();
  const { scenarios, error: listError } = useSimScenarios(station);
  const running = links?.find((l) => l.sim)?.sim ?? null;
  const [nameTyped, setName] = useState<string | null>(null);
  const [speedTyped, setSpeed] = useState<string | null>(null);
  const [seedTyped, setSeed] = useState<string | null>(null);
  const [cells, setCells] = useState('');
  const name = nameTyped ?? running?.scenario ?? null;
  const speed = speedTyped ?? String(running?.speed ?? 1);
  const seed = seedTyped ?? String(running?.seed ?? 1);
  const { busy, note, run } = useDeviceAction();
  const leavingOk = useLeavingAlarmsCheck();

  const chosen = scenarios?.find((s) => s.name === (name ?? DEFAULT_SCENARIO)) ?? null;
  const form = checkSimForm(chosen, { speed, seed, cells });

  const start = () => {
    const request = form.request;
    if (!request || !chosen) return;
    const rigs =
      serialRigCount(links) > 0 ? `Disconnect every serial rig and run the "${chosen.title}" scenario?` : null;
    if (!leavingOk(links ?? [], `Run the "${chosen.title}" scenario`, rigs)) return;
    void run(async () => {
      const r = await station.connectSim(request);
      onChanged();
      return { tone: 'ok', text: `Running ${chosen.title} (${r.spec}).` };
    });
  };

  return (
    <section className="panel sim-picker" aria-labelledby="sim-title" data-testid="sim-picker">
      <header className="panel__header">
        <h2 id="sim-title">Simulated rig</h2>
      </header>
      <div className="devices-connect__body">
        {listError ? <p className="devices-note devices-note--error">Could not list scenarios: {listError}</p> : null}
        <ScenarioList
          scenarios={scenarios}
          waiting={scenarios === null && !listError}
          chosen={chosen?.name ?? null}
          running={running?.scenario ?? null}
          onChoose={setName}
        />
        {chosen ? (
          <p className="sim-scenario__about" data-testid="scenario-description">
            {chosen.description}{' '}
            <span className="devices-hint">
              {chosen.defaultCellCount} {chosen.defaultCellCount === 1 ? 'cell' : 'cells'}, {chosen.defaultChemistry},{' '}
              {chosen.tempProbe === 'ntc' ? 'NTC probes' : 'thermocouples'}; the whole story takes about{' '}
              {scenarioDurationText(chosen.suggestedDurationS)} of simulated time.
            </span>
          </p>
        ) : null}
        <div className="devices-connect__form">
          <label className="field">
            <span className="field__label">Speed-up (×)</span>
            <input
              className={`text-input text-input--short${form.speedOk ? '' : ' text-input--bad'}`}
              value={speed}
              onChange={(e) => setSpeed(e.target.value)}
              inputMode="decimal"
              aria-label="Speed-up, simulated seconds per second"
              title={`Simulated seconds per second, above 0 and up to ${SIM_SPEED_MAX}`}
              data-testid="sim-speed"
            />
          </label>
          <label className="field">
            <span className="field__label">Seed</span>
            <input
              className={`text-input text-input--short${form.seedOk ? '' : ' text-input--bad'}`}
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              inputMode="numeric"
              aria-label="Seed"
              title="The same seed replays the same run; another draws other parameters"
              data-testid="sim-seed"
            />
          </label>
          <label className="field">
            <span className="field__label">Cells</span>
            <input
              className={`text-input text-input--short${form.cellsOk ? '' : ' text-input--bad'}`}
              value={cells}
              onChange={(e) => setCells(e.target.value)}
              inputMode="numeric"
              placeholder={chosen ? String(chosen.defaultCellCount) : ''}
              aria-label="Cells (blank: the scenario's own)"
              title={`1–${CELLS_MAX}; leave blank for the scenario's own module`}
              data-testid="sim-cells"
            />
          </label>
          <button
            type="button"
            className="button button--primary"
            disabled={busy || form.request === null}
            onClick={start}
            data-testid="run-scenario"
          >
            {busy ? 'Starting…' : 'Run scenario'}
          </button>
        </div>
        <ActionNoteLine note={note} testId="sim-result" />
        <p className="devices-hint">
          Runs the physics model of the cells as the station&apos;s device, through the same protocol, store and safety
          rules as a real rig. A speed-up of 60 runs an hour in a minute. The choice is remembered for the next start.
        </p>
      </div>
    </section>
  );
}
