/** Builds the line source a device spec names. */
import type { DeviceSpec } from '../core/device-spec.js';
import { createReplaySource } from '../history/replay-spec.js';
import { SerialSource } from '../serial/serial-source.js';
import type { LineSource } from './line-source.js';
import { SimpleRigModel } from './simple-rig-model.js';
import { SimulatorSource } from './simulator-source.js';

export interface SourceSettings {
  simSpeed: number;
  simSeed: number;
  simCells: number;
  simPeriodMs: number;
  /** The station's data folder: `replay:session:<id>` reads its database. */
  dataDir?: string | null;
}

export function createSource(spec: DeviceSpec, specText: string, s: SourceSettings): LineSource {
  switch (spec.kind) {
    case 'sim': {
      const model = new SimpleRigModel(s.simCells, s.simSeed);
      const label = spec.scenario ? `Simulated rig (${spec.scenario})` : 'Simulated rig';
      return new SimulatorSource({
        spec: specText,
        label,
        model,
        periodMs: s.simPeriodMs,
        speed: s.simSpeed,
        seed: s.simSeed,
      });
    }
    case 'serial':
      // A bare serial source (reconnects by itself); the DeviceManager adds the session that asks
      // for the hello, sends heartbeats and commands.
      return new SerialSource({ path: spec.path, baud: spec.baud, spec: specText });
    case 'replay':
      // replay:session:<id>[@speed] or replay:<file.csv>[@speed] (history/replay-spec.ts).
      return createReplaySource(spec.file, specText, s.dataDir);
  }
}
