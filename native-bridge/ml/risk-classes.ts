/**
 * What each risk class means to the operator at the rig: its severity and what to do now. The texts
 * assume a test bench with a relay the station can open (the rig interlock), an operator in the room
 * and a lab procedure for battery fires; they name the action first because that is what gets read.
 */
import {
  RISK_CLASSES,
  type Prediction,
  type Reliability,
  type RiskClass,
  type RiskSeverity,
} from '../contract/ml-methods.js';

export const SEVERITY: Record<RiskClass, RiskSeverity> = {
  Normal: 'none',
  Watch: 'low',
  Warning: 'medium',
  Alarm: 'high',
  Runaway: 'critical',
};

const RECOMMENDATION: Record<RiskClass, string> = {
  Normal: 'No action needed. Keep the test running and the rig monitored.',
  Watch:
    'Keep watching this cell: check its temperature trend against its neighbours and the ambient, ' +
    'confirm the probe sits on the can, and do not leave the rig unattended.',
  Warning:
    'Pause charging or reduce the current on this module, check cooling and the cell’s probe, and have the ' +
    'fire blanket or extinguisher ready. Be prepared to open the rig relay; tell the lab supervisor.',
  Alarm:
    'Stop charging/discharging now: open the rig relay (Settings → Devices → Relay OPEN if the station has ' +
    'not already), keep away from the cell, clear the area around the rig per the lab’s procedure and ' +
    'alert the supervisor. Do not handle the cell until it has cooled.',
  Runaway:
    'THERMAL RUNAWAY: evacuate the room now, do not approach or open the rig, and call the fire service ' +
    'per the lab’s emergency procedure. Toxic, flammable gas is likely: ventilate only from outside. ' +
    'Confirm the rig relay is open from a safe place.',
};

const UNRELIABLE_NORMAL =
  'The model cannot vouch for this cell (see the reasons): check the sensors and wiring, and rely on the ' +
  'safety rules and your own eyes until the data is sound again.';

export function classIndex(name: RiskClass): number {
  return RISK_CLASSES.indexOf(name);
}

export function className(index: number): RiskClass {
  return RISK_CLASSES[Math.max(0, Math.min(RISK_CLASSES.length - 1, index))]!;
}

/**
 * A calm "Normal" from a model that cannot see the cell properly would be a false all-clear
 * ("unknown is never shown as Normal"), so that case gets its own advice; any higher class keeps its
 * action, because acting on a doubtful warning costs little.
 */
export function recommendationFor(cls: RiskClass, reliability: Reliability): string {
  if (cls === 'Normal' && (reliability === 'low' || reliability === 'not-applicable')) return UNRELIABLE_NORMAL;
  return RECOMMENDATION[cls];
}

type Derived = 'deviceId' | 'cell' | 'tMs' | 'tHostMs' | 'classIndex' | 'className' | 'severity' | 'recommendation';

/**
 * One cell's prediction, shared by the live engine and the window analysis: the class shown, and what
 * follows from it for the operator (its name, severity and advice), so the two can never disagree.
 */
export function predictionOf(
  row: { deviceId: string; cell: number; tDevMs: number; tHostMs: number },
  shown: number,
  rest: Omit<Prediction, Derived>,
): Prediction {
  const cls = className(shown);
  return {
    deviceId: row.deviceId,
    cell: row.cell,
    tMs: row.tDevMs,
    tHostMs: row.tHostMs,
    classIndex: shown,
    className: cls,
    severity: SEVERITY[cls],
    recommendation: recommendationFor(cls, rest.reliability),
    ...rest,
  };
}
