/**
 * The risk model's label definition (issue 6), in one place: the dataset writes it, the model card
 * quotes LABEL_DEFINITION, the evaluation counts against it.
 */

export const RISK_CLASSES = ['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];
export const NORMAL = 0;
export const WATCH = 1;
export const WARNING = 2;
export const ALARM = 3;
export const RUNAWAY = 4;

/** Can temperature above which a cell is "abnormal": the 45 °C charge limit of the presets' datasheets. */
export const ABNORMAL_TEMP_C = 45;
/** Beyond the datasheet voltage window by this much (overcharge, collapse, an opened CID). */
export const ABNORMAL_OVER_VMAX_V = 0.05;
export const ABNORMAL_UNDER_VMIN_V = 0.2;

export const LABEL_DEFINITION = [
  'Per cell and simulated second, from the simulator’s ground truth (never from the sensors).',
  'Onset = the GB 38031-2020 onset of that cell (dT/dt ≥ 1 °C/s held 3 s on the true can temperature and',
  'either > 25 % voltage drop against the 60 s maximum or the 60 °C maximum operating temperature).',
  'Runaway: t ≥ onset. Alarm: onset within (0, 300] s. Warning: (300, 900] s. Watch: (900, 3600] s.',
  'Watch also ("abnormal but stable"), when no onset follows within 3600 s, while any of: the true can',
  `temperature is ≥ ${ABNORMAL_TEMP_C} °C (above the charge limit of every preset); the true terminal voltage is`,
  `more than ${ABNORMAL_OVER_VMAX_V} V above the chemistry's V_max (overcharge) or more than ${ABNORMAL_UNDER_VMIN_V} V below V_min`,
  '(collapse, an opened CID); a stuck, open or noisy sensor channel of this cell is active (the station',
  'must not show an unknown cell as Normal); another cell of the module is past its onset or within',
  '900 s of it (its neighbours are in danger whether or not the GB rule will fire on them).',
  'Normal otherwise.',
  'Neighbours heated past the GB rule by a burning cell keep their GB onset (the standard, and the',
  'station’s safety rule, declare runaway on them too; the operator action is the same), so the label',
  'agrees with the safety layer. Rows end 600 s after the newest onset of a run (the test is over; the',
  'safety layer latches), and event scenarios are simulated 3600 s beyond the last row so that a late',
  'onset still labels the rows before it (no right-censoring inside the 60 min horizon).',
  'Rows before the abuse of a run begins (oven insertion, heater on, nail, charger fault, defect start)',
  'whose class comes from a later onset are flagged pre_trigger: nothing in the cell can show a future',
  'nail or heater, so training leaves them out; the evaluation reports figures with and without them.',
].join(' ');

export interface LabelInputs {
  /** Onset − t (s); null: no onset in the simulated horizon. */
  timeToOnsetS: number | null;
  canC: number;
  voltageV: number;
  vMax: number;
  vMin: number;
  sensorFault: boolean;
  otherCellNearOnset: boolean;
}

export function riskLabel(x: LabelInputs): number {
  const tto = x.timeToOnsetS;
  if (tto !== null) {
    if (tto <= 0) return RUNAWAY;
    if (tto <= 300) return ALARM;
    if (tto <= 900) return WARNING;
    if (tto <= 3600) return WATCH;
  }
  const abnormal =
    x.canC >= ABNORMAL_TEMP_C ||
    x.voltageV > x.vMax + ABNORMAL_OVER_VMAX_V ||
    x.voltageV < x.vMin - ABNORMAL_UNDER_VMIN_V ||
    x.sensorFault ||
    x.otherCellNearOnset;
  return abnormal ? WATCH : NORMAL;
}
