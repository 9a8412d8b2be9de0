/**
 * The risk model's label definition, in one place: the dataset writes it, the model card quotes
 * LABEL_DEFINITION, the evaluation counts against it. Labels are a function of the time to the cell's
 * onset alone, and the onset is the station's own rule on the readings it receives
 * (native-bridge/safety/runaway-onset.ts), so the label, the station's RUNAWAY alarm, the evaluation and
 * a session report's lead time cannot disagree about when a runaway began.
 */

export { RISK_CLASSES, type RiskClass } from '../../native-bridge/contract/ml-methods.js';
export const NORMAL = 0;
export const WATCH = 1;
export const WARNING = 2;
export const ALARM = 3;
export const RUNAWAY = 4;

/**
 * The model's time bins: onset − t in (lower, upper] seconds; the first is "past the onset", the last
 * "no onset within the horizon". The 5 classes are sums of bins: Runaway = bin 0, Alarm = bins 1–2,
 * Warning = 3–4, Watch = 5–6, Normal = 7.
 */
export const ONSET_BINS_S: readonly (readonly [number, number])[] = [
  [-Infinity, 0],
  [0, 120],
  [120, 300],
  [300, 600],
  [600, 900],
  [900, 1800],
  [1800, 3600],
  [3600, Infinity],
];
export const HORIZON_S = 3600;
export const BIN_CLASS: readonly number[] = [RUNAWAY, ALARM, ALARM, WARNING, WARNING, WATCH, WATCH, NORMAL];

export const LABEL_DEFINITION = [
  'Per cell and second. Onset = the first second at which the station’s runaway rule fires on the',
  'readings the station receives for that cell (GB 38031-2020 annex C: dT/dt ≥ 1 °C/s over 1 s, held 3 s,',
  'with a voltage drop > 25 % against the highest voltage of the last 120 s or the temperature at or above',
  'the cell’s 60 °C maximum operating temperature; native-bridge/safety/runaway-onset.ts), run on the',
  'decoded frames exactly as the station runs it. Runaway: t ≥ onset. Alarm: onset within (0, 300] s.',
  'Warning: (300, 900] s. Watch: (900, 3600] s. Normal: no onset within 3600 s. Every run is watched',
  '3600 s past its last row, so no row is censored inside the horizon. Cells that got hot and survived,',
  'faulty probes and the neighbours of a burning cell that never reach the rule are Normal: hot but stable',
  'is what the limit rules report, an unknown probe is what the reliability rating reports, and neither is',
  'a time to onset. A neighbour heated past the rule by a burning cell has its own onset (the station',
  'declares runaway on it too). Rows end 600 s after the newest onset of a run. Rows before the abuse of a',
  'run begins (oven insertion, heater on, nail, charger fault, defect start) whose class comes from a',
  'later onset are flagged pre_trigger: nothing in the cell can show a future nail or heater, so training',
  'leaves them out; the evaluation reports figures with and without them. The model predicts the bin of',
  'onset − t (ONSET_BINS_S: past, 0–2, 2–5, 5–10, 10–15, 15–30, 30–60 min, later or never).',
].join(' ');

/** The class of a row from its time to onset (onset − t, s; null: no onset within the horizon). */
export function riskLabel(timeToOnsetS: number | null): number {
  return BIN_CLASS[onsetBin(timeToOnsetS)]!;
}

/** The time bin of a row (index into ONSET_BINS_S). */
export function onsetBin(timeToOnsetS: number | null): number {
  if (timeToOnsetS === null || Number.isNaN(timeToOnsetS)) return ONSET_BINS_S.length - 1;
  for (let b = 0; b < ONSET_BINS_S.length; b++) if (timeToOnsetS <= ONSET_BINS_S[b]![1]) return b;
  return ONSET_BINS_S.length - 1;
}
