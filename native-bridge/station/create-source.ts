/** Builds the line source a device spec names. */
import { DEFAULT_SIM_SCENARIO, type DeviceSpec } from '../devices/device-spec.js';
import { createReplaySource } from '../history/replay-spec.js';
import { SerialSource } from '../devices/serial/serial-source.js';
import { createRigModel, getScenarioInfo } from '../sim/index.js';
import type { LineSource } from '../devices/line-source.js';
import { SimulatorSource } from '../devices/simulator-source.js';

export interface SourceSettings {
  simSpeed: number;
  simSeed: number;
  /** `null`: the scenario's own cell count. */
  simCells: number | null;
  simPeriodMs: number;
  /** The station's data folder: `replay:session:<id>` reads its database. */
  dataDir?: string | null;
}

/** The protocol's device id allows 32 characters of [A-Za-z0-9_-]; every scenario name fits. */
export const simDeviceId = (scenario: string) => `SIM-${scenario.toUpperCase()}`;

export function createSource(spec: DeviceSpec, specText: string, s: SourceSettings): LineSource {
  switch (spec.kind) {
    case 'sim': {
      const info = getScenarioInfo(spec.scenario ?? DEFAULT_SIM_SCENARIO);
      const seed = spec.seed ?? s.simSeed;
      const speed = spec.speed ?? s.simSpeed;
      // A live rig runs for days: keep onsets and peaks, not the per-second truth arrays.
      const model = createRigModel(info.name, {
        seed,
        cellCount: spec.cells ?? s.simCells ?? info.defaultCellCount,
        recordHistory: false,
      });
      return new SimulatorSource({
        spec: specText,
        label: `Simulated rig: ${info.title}`,
        model,
        periodMs: s.simPeriodMs,
        speed,
        seed,
        // Each scenario is its own device: a runaway latched on one simulated cell must not carry
        // over to the next scenario's cell of the same number.
        deviceId: simDeviceId(info.name),
        fwVersion: 'sim-2.0.0',
        scenario: { name: info.name, title: info.title },
      });
    }
    case 'serial':
      // A bare serial source (reconnects by itself); the DeviceManager adds the rig control that asks
      // for the hello, sends heartbeats and commands.
      return new SerialSource({ path: spec.path, baud: spec.baud, spec: specText });
    case 'replay':
      // replay:session:<id>[@speed] or replay:<file.csv>[@speed] (history/replay-spec.ts).
      return createReplaySource(spec.file, specText, s.dataDir);
  }
}
