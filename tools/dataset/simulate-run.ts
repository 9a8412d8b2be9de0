/**
 * One dataset run: the simulator's samples go through what the station really sees (protocol v1 encode
 * and decode, the core's frame → readings conversion with its SOC estimator for the run's cell), feed the
 * feature tracker and the station's safety rules once per simulated second, and get their labels from
 * the onset the station's own rule finds on those readings (native-bridge/safety/runaway-onset.ts), not
 * from the simulator's truth: the model learns to foresee what the station will call a runaway.
 *
 * The rules are the station's SafetyMonitor raising into an AlarmBook with the station's clear hold, and
 * the rules' class per row is the floor of the cell's standing alarms as the risk engine reads it
 * (safety/runaway-hold.ts floorAlarms, ml/rule-floor.ts): so the module-wide SELF_HEAT rule and a
 * standing runaway's hold set the same floors here as in the station (CellSafety alone had neither).
 */
import type { CellReading } from '../../native-bridge/contract/index.js';
import { frameToReadings } from '../../native-bridge/station/frame-readings.js';
import { SocEstimator } from '../../native-bridge/features/soc-estimator.js';
import { decodeLine, encodeFrame, type DataFrame } from '../../native-bridge/protocol/index.js';
import { createRigModel } from '../../native-bridge/sim/index.js';
import { mixSeed, Rng } from '../../native-bridge/sim/prng.js';
import { rigSampleToFrame } from '../../native-bridge/sim/rig-sample-frame.js';
import { FEATURE_NAMES } from '../../native-bridge/features/feature-spec.js';
import { ModuleFeatureTracker } from '../../native-bridge/features/module-feature-tracker.js';
import { CODE_BIT } from '../../native-bridge/safety/cell-safety.js';
import { RUNAWAY_CODE } from '../../native-bridge/safety/runaway-onset.js';
import { DEFAULT_LIMITS } from '../../native-bridge/safety/safety-limits.js';
import { SafetyMonitor } from '../../native-bridge/safety/safety-monitor.js';
import { floorAlarms, type FloorAlarm } from '../../native-bridge/safety/runaway-hold.js';
import { cellWindow } from '../../native-bridge/features/cell-chemistry.js';
import { ruleFloor } from '../../native-bridge/ml/rule-floor.js';
import { AlarmBook, CLEAR_HOLD_MS } from '../../native-bridge/safety/alarm-book.js';
import { escalationGate } from '../../native-bridge/ml/escalation-gate.js';
import { chemistryFamily, type CellSpec } from '../../native-bridge/features/cell-chemistry.js';
import { RISK_CLASSES as CLASS_NAMES } from '../../native-bridge/contract/ml-methods.js';
import { riskLabel } from './risk-labels.js';
import type { RunSpec } from './run-plan.js';

/** Rows stop this long after the newest GB onset: the test is over, the safety layer has latched. */
export const POST_ONSET_S = 600;
/**
 * A cell "self-heats" once its own reaction heat alone would warm it by 0.1 K/min: well above an ARC's
 * 0.02 K/min detection limit, so the phase is physically real, yet far below the 1 K/s of the GB onset.
 */
export const SELF_HEATING_K_PER_S = 0.1 / 60;
/** Every run goes on this far past its last row, so no row's onset within the horizon goes unseen. */
export const LABEL_LOOKAHEAD_S = 3600;

const escalationCap = escalationGate(FEATURE_NAMES);

/** Why a cell is outside its safe operating envelope (bits of RunRows.outsideEnvelope). */
export const ENVELOPE_BIT = { hot: 1, overVoltage: 2, underVoltage: 4 } as const;
/**
 * A cycler holding a charge at V_max or ending a discharge at V_min regulates its terminal voltage to
 * within a millivolt of the line; the simulated cell sits on it the same way, which is inside.
 */
const ENVELOPE_VOLT_TOL_V = 0.001;

/**
 * The safe operating envelope by ground truth: the true can temperature below the chemistry's operating
 * limit (the T_ALARM line) and the true terminal voltage inside [V_min, V_max].
 */
export function outsideEnvelope(
  canC: number,
  voltageV: number,
  w: Readonly<{ vMinV: number; vMaxV: number; maxOperatingC: number }>,
): number {
  return (
    (canC >= w.maxOperatingC ? ENVELOPE_BIT.hot : 0) |
    (voltageV > w.vMaxV + ENVELOPE_VOLT_TOL_V ? ENVELOPE_BIT.overVoltage : 0) |
    (voltageV < w.vMinV - ENVELOPE_VOLT_TOL_V ? ENVELOPE_BIT.underVoltage : 0)
  );
}

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

export interface RunRows {
  spec: RunSpec;
  rows: number;
  /** rows × width (FEATURE_COUNT, or more with the heat-source columns), row-major. */
  features: Float32Array;
  cell: Int16Array;
  tS: Int32Array;
  label: Int8Array;
  /** 1 = before the abuse began and labelled from a later onset (see LABEL_DEFINITION). */
  preTrigger: Int8Array;
  /** Onset − t, s; NaN when the cell has no onset in the simulated horizon. */
  timeToOnsetS: Float32Array;
  /**
   * The class the safety rules' findings hold the cell at this second (ml/rule-floor.ts), 0 = none,
   * stepped down only after the alarm book's clear hold, as the station shows it.
   */
  ruleClass: Int8Array;
  /** The safety findings that hold the cell at this second (cell-safety.ts CODE_BIT, SELF_HEAT included), 0 = none. */
  ruleCodes: Int16Array;
  /** The highest class the model may show on its own (ml/escalation-gate.ts). */
  cap: Int8Array;
  /** 1 while the feature tracker flags one of the cell's channels. */
  sensorFault: Int8Array;
  /**
   * Where the cell is by the simulator's truth, not its sensors: 0 inside its safe operating envelope,
   * else the ENVELOPE bits that are out (see outsideEnvelope). The evaluation counts a Warning+ that starts
   * outside it as justified by the limits, apart from the false alarms.
   */
  outsideEnvelope: Int8Array;
  /** Per cell: the station's onset (s; null: none), the simulator's onset on the true can, and more. */
  onsets: {
    cell: number;
    onsetS: number | null;
    /** The simulator's GB onset on the true can temperature (null: none), for comparison. */
    truthOnsetS: number | null;
    criterion: string | null;
    selfHeatingS: number | null;
    /** Onset minus the first second the cell self-heated at SELF_HEATING_K_PER_S (null: never before onset). */
    selfHeatingPhaseS: number | null;
    ownRunaway: boolean;
  }[];
  simulatedS: number;
}

/** heatSource: append the heat-source columns (features/heat-source.ts; off for the shipped feature set). */
export function simulateRun(spec: RunSpec, columns: { heatSource?: boolean } = {}): RunRows {
  const opts = { seed: spec.seed, cellCount: spec.cellCount, chemistry: spec.chemistry, faults: spec.faults };
  const rig = createRigModel(spec.scenario, opts);
  const n = rig.cellCount;
  const chem0 = rig.chemistry;
  const cellSpec: CellSpec = {
    family: chemistryFamily(chem0.name) ?? 'NMC',
    capacityAh: chem0.capacityAh,
    vMaxV: chem0.vMax,
    vMinV: chem0.vMin,
  };
  const tracker = new ModuleFeatureTracker({ cellOf: () => cellSpec, heatSource: columns.heatSource === true });
  const width = tracker.width;
  const soc = Array.from({ length: n }, () => new SocEstimator({ cell: cellSpec }));
  const window = cellWindow(cellSpec);
  const deviceId = 'SIM-DATA';
  // The book's clock is the simulated second's host time (frameToReadings gets t · 1000 as tHostMs).
  const book = new AlarmBook(
    () => undefined,
    () => t * 1000,
    { clearHoldMs: CLEAR_HOLD_MS },
  );
  const monitor = new SafetyMonitor(
    book,
    () => undefined,
    DEFAULT_LIMITS,
    () => window,
  );
  const sensedOnsetS: (number | null)[] = Array.from({ length: n }, () => null);
  const rng = new Rng(mixSeed(spec.seed, 0xb007));
  const newBootId = () => rng.nextU32().toString(16).toUpperCase().padStart(8, '0');
  let bootId = newBootId();
  let seq = 0;
  let tDevMs = 0;

  const cap = spec.durationS * n;
  const features = new Float32Array(cap * width);
  const cell = new Int16Array(cap);
  const tS = new Int32Array(cap);
  const ruleClass = new Int8Array(cap);
  const ruleCodes = new Int16Array(cap);
  const capCol = new Int8Array(cap);
  const faultCol = new Int8Array(cap);
  let rows = 0;
  let lastOnsetS = -Infinity;
  let t = 0;

  /** One simulated second through the station's path; the readings, or null for a dropped frame. */
  const observe = (): CellReading[] | null => {
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
    if (s.dropFrame) return null;
    const line = encodeFrame(rigSampleToFrame(s, { deviceId, bootId, seq: thisSeq, tDevMs }));
    const decoded = decodeLine(line.slice(0, -1));
    if (!decoded.ok || decoded.frame.kind !== 'data')
      throw new Error(`run ${spec.id}: own frame rejected (${decoded.ok ? decoded.frame.kind : decoded.reason})`);
    const f: DataFrame = decoded.frame;
    const est = f.cellMv.map((mv, c) =>
      soc[c]!.update(f.tDevMs, mv === null ? null : mv / 1000, f.packMa === null ? null : f.packMa / 1000),
    );
    return frameToReadings(f, t * 1000, est);
  };
  /**
   * The station's rules on one frame: per cell, the class its standing alarms hold it at and the codes
   * that held on this reading; records onsets.
   */
  const judge = (readings: CellReading[]): { cls: number; codes: number }[] => {
    monitor.onReadings(readings);
    book.settle();
    const byCell = new Map<number, FloorAlarm[]>();
    for (const a of floorAlarms(book.standingFor(deviceId))) {
      if (a.cell === null) continue;
      const list = byCell.get(a.cell);
      if (list) list.push(a);
      else byCell.set(a.cell, [a]);
    }
    return readings.map((r) => {
      const c = r.cell - 1;
      const codes = monitor.heldCodes(deviceId, r.cell);
      if (sensedOnsetS[c] === null && (codes & CODE_BIT[RUNAWAY_CODE]) !== 0) {
        sensedOnsetS[c] = t;
        if (t > lastOnsetS) lastOnsetS = t;
      }
      const active = byCell.get(r.cell);
      const floor = active === undefined ? null : ruleFloor(active);
      return { cls: floor === null ? 0 : CLASS_NAMES.indexOf(floor.floorClass), codes };
    });
  };

  while (t < spec.durationS) {
    const readings = observe();
    if (readings) {
      const byCell = judge(readings);
      tracker.push(readings);
      for (const cf of tracker.snapshot(deviceId)) {
        features.set(cf.values, rows * width);
        cell[rows] = cf.cell;
        tS[rows] = t;
        ruleClass[rows] = byCell[cf.cell - 1]?.cls ?? 0;
        ruleCodes[rows] = byCell[cf.cell - 1]?.codes ?? 0;
        capCol[rows] = escalationCap(cf.values, cf.health.sensorFault);
        faultCol[rows] = cf.health.sensorFault === null ? 0 : 1;
        rows++;
      }
    }
    if (lastOnsetS > -Infinity && t >= lastOnsetS + POST_ONSET_S) break;
  }
  const lastRowS = t;
  // Onsets within the horizon after the last row still label the rows before it; the rules keep
  // watching (no features are needed) until every cell has one or the horizon has passed.
  for (let k = 0; k < LABEL_LOOKAHEAD_S && sensedOnsetS.some((o) => o === null); k++) {
    const readings = observe();
    if (readings) judge(readings);
  }

  const labels = rig.labels();
  const hist = rig.truth().history;
  const chem = rig.chemistry;
  const label = new Int8Array(rows);
  const preTrigger = new Int8Array(rows);
  const envelope = new Int8Array(rows);
  const abuseS = abuseStartS(spec.scenario, rig.params);
  const tto = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = cell[r]! - 1;
    const o = sensedOnsetS[c] ?? null;
    const ttoS = o === null ? null : o - tS[r]!;
    tto[r] = ttoS === null ? NaN : ttoS;
    preTrigger[r] = abuseS !== null && tS[r]! < abuseS && ttoS !== null ? 1 : 0;
    label[r] = riskLabel(ttoS);
    // The truth log holds one entry per whole simulated second from t = 1.
    const k = tS[r]! - 1;
    if (hist.tS[k] !== tS[r]) throw new Error(`run ${spec.id}: no truth for t = ${tS[r]} s`);
    envelope[r] = outsideEnvelope(hist.cells[c]!.surfaceC[k]!, hist.cells[c]!.voltageV[k]!, window);
  }
  return {
    spec,
    rows,
    features: features.subarray(0, rows * width),
    cell: cell.subarray(0, rows),
    tS: tS.subarray(0, rows),
    label,
    preTrigger,
    timeToOnsetS: tto,
    ruleClass: ruleClass.subarray(0, rows),
    ruleCodes: ruleCodes.subarray(0, rows),
    cap: capCol.subarray(0, rows),
    sensorFault: faultCol.subarray(0, rows),
    outsideEnvelope: envelope,
    onsets: labels.cells.map((c, i) => {
      const sensed = sensedOnsetS[i] ?? null;
      const onset = sensed !== null && sensed <= lastRowS ? sensed : null;
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
        truthOnsetS: c.onset && c.onset.onsetS <= lastRowS ? c.onset.onsetS : null,
        criterion: onset === null ? null : (monitor.cell(deviceId, i + 1)?.onsetCriterion() ?? null),
        selfHeatingS: c.selfHeatingTrigger?.tS ?? null,
        selfHeatingPhaseS: phase,
        ownRunaway: c.thermalRunaway,
      };
    }),
    simulatedS: rig.timeS,
  };
}
