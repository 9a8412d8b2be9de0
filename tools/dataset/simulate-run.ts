/**
 * One dataset run: the simulator's samples go through what the station really sees (protocol v1 encode
 * and decode, the core's frame → readings conversion with its SOC estimator), feed the feature tracker
 * once per simulated second, and get their labels from the simulator's ground truth afterwards.
 */
import type { CellReading } from '../../native-bridge/contract/index.js';
import { frameToReadings } from '../../native-bridge/station/frame-readings.js';
import { SocEstimator } from '../../native-bridge/features/soc-estimator.js';
import { decodeLine, encodeFrame, type DataFrame } from '../../native-bridge/protocol/index.js';
import { createRigModel, getScenarioInfo } from '../../native-bridge/sim/index.js';
import { mixSeed, Rng } from '../../native-bridge/sim/prng.js';
import { buildScenario } from '../../native-bridge/sim/scenarios.js';
import type { SensorFault } from '../../native-bridge/sim/index.js';
import { rigSampleToFrame } from '../../native-bridge/sim/rig-sample-frame.js';
import { FEATURE_COUNT } from '../../native-bridge/features/feature-spec.js';
import { ModuleFeatureTracker } from '../../native-bridge/features/module-feature-tracker.js';
import { riskLabel } from './risk-labels.js';
import type { RunSpec } from './run-plan.js';

/** Rows stop this long after the newest GB onset: the test is over, the safety layer has latched. */
export const POST_ONSET_S = 600;
/**
 * A cell "self-heats" once its own reaction heat alone would warm it by 0.1 K/min: well above an ARC's
 * 0.02 K/min detection limit, so the phase is physically real, yet far below the 1 K/s of the GB onset.
 */
export const SELF_HEATING_K_PER_S = 0.1 / 60;
/** Event scenarios run this far past the last row, so a late onset still labels the rows before it. */
export const LABEL_LOOKAHEAD_S = 3600;

/** When a scenario's abuse begins, s (null: no abuse); before it, a future onset is unknowable. */
function abuseStartS(scenario: string, p: Readonly<Record<string, number>>): number | null {
  switch (scenario) {
    case 'oven':
      return p.insertAtS ?? null;
    case 'heater-pad':
      return p.heaterStartS ?? null;
    case 'propagation':
      return p.triggerStartS ?? null;
    case 'overcharge':
      return (p.faultAtMin ?? 0) * 60;
    case 'internal-short':
      return (p.shortStartMin ?? 0) * 60;
    default:
      return null;
  }
}

const CELL_FAULTS = new Set(['stuck-temp', 'open-temp', 'noisy-temp', 'stuck-voltage', 'open-voltage']);

export interface RunRows {
  spec: RunSpec;
  rows: number;
  /** rows × FEATURE_COUNT, row-major. */
  features: Float32Array;
  cell: Int16Array;
  tS: Int32Array;
  label: Int8Array;
  /** 1 = before the abuse began and labelled from a later onset (see LABEL_DEFINITION). */
  preTrigger: Int8Array;
  /** Onset − t, s; NaN when the cell has no onset in the simulated horizon. */
  timeToOnsetS: Float32Array;
  /** Per cell: GB onset time, s (null: none), and whether its own chemistry ran away. */
  onsets: {
    cell: number;
    onsetS: number | null;
    selfHeatingS: number | null;
    /** Onset minus the first second the cell self-heated at SELF_HEATING_K_PER_S (null: never before onset). */
    selfHeatingPhaseS: number | null;
    ownRunaway: boolean;
  }[];
  simulatedS: number;
}

export function simulateRun(spec: RunSpec): RunRows {
  const opts = { seed: spec.seed, cellCount: spec.cellCount, chemistry: spec.chemistry, faults: spec.faults };
  const rig = createRigModel(spec.scenario, opts);
  // The same seed builds the same sensors: read the fault schedule the rig uses, for the labels.
  const faults: SensorFault[] = buildScenario(spec.scenario, opts).sensors.cfg.faults;
  const info = getScenarioInfo(spec.scenario);
  const n = rig.cellCount;
  const tracker = new ModuleFeatureTracker();
  const soc = Array.from({ length: n }, () => new SocEstimator());
  const rng = new Rng(mixSeed(spec.seed, 0xb007));
  const deviceId = 'SIM-DATA';
  const newBootId = () => rng.nextU32().toString(16).toUpperCase().padStart(8, '0');
  let bootId = newBootId();
  let seq = 0;
  let tDevMs = 0;

  const cap = spec.durationS * n;
  const features = new Float32Array(cap * FEATURE_COUNT);
  const cell = new Int16Array(cap);
  const tS = new Int32Array(cap);
  let rows = 0;
  let lastOnsetS = -Infinity;
  let t = 0;

  while (t < spec.durationS) {
    rig.step(1);
    t += 1;
    tDevMs += 1000;
    const s = rig.sample();
    if (s.rebooted) {
      bootId = newBootId();
      seq = 0;
      tDevMs = 0;
      for (const e of soc) e.reset();
    }
    const thisSeq = seq;
    seq = (seq + 1) >>> 0;
    if (!s.dropFrame) {
      const line = encodeFrame(rigSampleToFrame(s, { deviceId, bootId, seq: thisSeq, tDevMs }));
      const decoded = decodeLine(line.slice(0, -1));
      if (!decoded.ok || decoded.frame.kind !== 'data')
        throw new Error(`run ${spec.id}: own frame rejected (${decoded.ok ? decoded.frame.kind : decoded.reason})`);
      const f: DataFrame = decoded.frame;
      const est = f.cellMv.map((mv, c) =>
        soc[c]!.update(f.tDevMs, mv === null ? null : mv / 1000, f.packMa === null ? null : f.packMa / 1000),
      );
      const tHostMs = t * 1000;
      const readings: CellReading[] = frameToReadings(f, tHostMs, est);
      tracker.push(readings);
      for (const cf of tracker.snapshot(deviceId)) {
        features.set(cf.values, rows * FEATURE_COUNT);
        cell[rows] = cf.cell;
        tS[rows] = t;
        rows++;
      }
    }
    for (const c of rig.labels().cells) if (c.onset && c.onset.onsetS > lastOnsetS) lastOnsetS = c.onset.onsetS;
    if (lastOnsetS > -Infinity && t >= lastOnsetS + POST_ONSET_S) break;
  }
  const lastRowS = t;
  if (info.thermalEvent !== 'none' && lastOnsetS === -Infinity) {
    for (let k = 0; k < LABEL_LOOKAHEAD_S; k++) rig.step(1);
  }

  const labels = rig.labels();
  const hist = rig.truth().history;
  const chem = rig.chemistry;
  const label = new Int8Array(rows);
  const preTrigger = new Int8Array(rows);
  const abuseS = abuseStartS(spec.scenario, rig.params);
  const tto = new Float32Array(rows);
  const onsetS = labels.cells.map((c) => c.onset?.onsetS ?? Infinity);
  for (let r = 0; r < rows; r++) {
    const c = cell[r]! - 1;
    const k = tS[r]! - 1; // history entry k holds t = k + 1
    const ttoS = labels.cells[c]!.timeToOnsetS[k] ?? null;
    tto[r] = ttoS === null ? NaN : ttoS;
    preTrigger[r] = abuseS !== null && tS[r]! < abuseS && ttoS !== null ? 1 : 0;
    const tNow = tS[r]!;
    const sensorFault = faults.some(
      (f) => CELL_FAULTS.has(f.kind) && f.channel === c && tNow >= f.startS && tNow < f.endS,
    );
    label[r] = riskLabel({
      timeToOnsetS: ttoS,
      canC: hist.cells[c]!.surfaceC[k]!,
      voltageV: hist.cells[c]!.voltageV[k]!,
      vMax: chem.vMax,
      vMin: chem.vMin,
      sensorFault,
      otherCellNearOnset: onsetS.some((o, j) => j !== c && tNow >= o - 900),
    });
  }
  return {
    spec,
    rows,
    features: features.subarray(0, rows * FEATURE_COUNT),
    cell: cell.subarray(0, rows),
    tS: tS.subarray(0, rows),
    label,
    preTrigger,
    timeToOnsetS: tto,
    onsets: labels.cells.map((c, i) => {
      const onset = c.onset && c.onset.onsetS <= lastRowS ? c.onset.onsetS : null;
      const heatCapacity = chem.massKg * chem.cpJPerKgK;
      const q = hist.cells[i]!.reactionPowerW;
      let phase: number | null = null;
      if (onset !== null) {
        const k = q.findIndex((w) => w / heatCapacity >= SELF_HEATING_K_PER_S);
        if (k >= 0 && k + 1 < onset) phase = onset - (k + 1);
      }
      return {
        cell: i + 1,
        onsetS: onset,
        selfHeatingS: c.selfHeatingTrigger?.tS ?? null,
        selfHeatingPhaseS: phase,
        ownRunaway: c.thermalRunaway,
      };
    }),
    simulatedS: rig.timeS,
  };
}
