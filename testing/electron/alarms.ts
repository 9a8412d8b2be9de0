/** Alarms and prediction updates shaped as the core sends them, for the shell's tests. */
import type { Alarm, AlarmChange } from '../../native-bridge/contract/alarm-types.js';
import type { PredictionsUpdate, RiskClass } from '../../native-bridge/contract/ml-methods.js';

export function alarm(over: Partial<Alarm> = {}): Alarm {
  return {
    id: 1,
    key: 'rule.t-max:SIM-0001#3',
    code: 'T_MAX',
    severity: 'warning',
    source: 'rule',
    deviceId: 'SIM-0001',
    cell: 3,
    message: 'Cell 3 at 61.2 °C (limit 60 °C)',
    raisedAtMs: 1000,
    escalatedAtMs: null,
    returnCount: 0,
    returnedAtMs: null,
    clearedAtMs: null,
    acknowledgedAtMs: null,
    acknowledgedBy: null,
    ackComment: null,
    closedBy: null,
    ...over,
  };
}

/** onAlarmChanged's payload: the transition and the alarm after it. */
export function change(transition: AlarmChange['change'], over: Partial<Alarm> = {}): AlarmChange {
  return { change: transition, alarm: alarm(over) };
}

export function predictions(classes: RiskClass[]): PredictionsUpdate {
  return {
    nowMs: 2000,
    modelState: 'loaded',
    modelVersion: 'risk-test',
    predictions: classes.map((className, i) => ({
      deviceId: 'SIM-0001',
      cell: i + 1,
      tMs: 1000,
      tHostMs: 1000,
      classIndex: ['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway'].indexOf(className),
      className,
      probabilities: [0.2, 0.2, 0.2, 0.2, 0.2],
      confidence: 0.2,
      reliability: 'high',
      reasons: [],
      severity: 'none',
      recommendation: '',
      drivers: [],
      modelVersion: 'risk-test',
      rawClass: className,
      ruleOverride: null,
      timeToRunaway: null,
    })),
  };
}

export const streamingSnapshot = (state = 'streaming') => ({ nowMs: 1, devices: [{ state }], latestByCell: [] });
