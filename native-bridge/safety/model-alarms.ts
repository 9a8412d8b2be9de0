/**
 * The risk model's alarms: a cell the model puts at Warning or above is one `model` alarm in the book,
 * escalating with the class (Warning → Alarm → Runaway) and cleared, after the book's hold, when the
 * class falls below Warning or the cell's device goes away. The model's word is taken as it is shown
 * (after its hysteresis), with two exceptions: a class set by a rule's floor (`ruleOverride`) is the
 * rule's own alarm and raises nothing here, and a prediction the model cannot vouch for at all
 * (`not-applicable`: inputs outside its training) neither raises nor clears.
 *
 * Under a floor the model's own word is its raw class: an alarm this class raised goes on while that
 * says Warning or above and clears when it falls below. It must not wait for the floor to go, because
 * a standing Runaway alarm is itself a floor (runaway-hold.ts): the model's Runaway would hold the
 * class that keeps it raised, and never clear.
 */
import type { AlarmSeverity, Prediction, PredictionsUpdate, RiskClass } from '../contract/index.js';
import { RISK_CLASSES, SEVERITY_RANK } from '../contract/index.js';
import type { RaiseAlarm } from './alarm-book.js';

export interface ModelAlarmSink {
  raise(r: RaiseAlarm): unknown;
  clear(key: string): void;
}

const WARNING = 2;
const SEVERITY_OF: Partial<Record<RiskClass, AlarmSeverity>> = {
  Warning: 'warning',
  Alarm: 'alarm',
  Runaway: 'critical',
};

export const modelAlarmKey = (deviceId: string, cell: number) => `model.risk:${deviceId}#${cell}`;

function message(p: Prediction): string {
  return `${p.deviceId} cell ${p.cell}: the risk model puts it at ${p.className} (${Math.round(p.confidence * 100)} % confident, reliability ${p.reliability === 'not-applicable' ? 'not applicable' : p.reliability})`;
}

export class ModelAlarms {
  /** What this class raised and has not cleared, by key (raised again as it was to keep it going). */
  private readonly raised = new Map<string, RaiseAlarm>();

  constructor(private readonly book: ModelAlarmSink) {}

  onPredictions(u: Pick<PredictionsUpdate, 'modelState' | 'predictions'>): void {
    const seen = new Set<string>();
    if (u.modelState === 'loaded')
      for (const p of u.predictions) {
        const key = modelAlarmKey(p.deviceId, p.cell);
        seen.add(key);
        if (p.reliability === 'not-applicable') continue;
        if (p.ruleOverride !== null) {
          const going = this.raised.get(key);
          if (RISK_CLASSES.indexOf(p.rawClass) < WARNING) this.drop(key);
          else if (going) this.book.raise(going);
          continue;
        }
        const severity = SEVERITY_OF[p.className];
        if (p.classIndex >= WARNING && severity) {
          const r: RaiseAlarm = {
            key,
            code: p.className,
            severity,
            source: 'model',
            deviceId: p.deviceId,
            cell: p.cell,
            message: message(p),
          };
          this.book.raise(r);
          // Kept at its worst: the book does not step an alarm down, and neither does its keep-alive.
          const was = this.raised.get(key);
          if (!was || SEVERITY_RANK[severity] > SEVERITY_RANK[was.severity]) this.raised.set(key, r);
        } else this.drop(key);
      }
    // A cell the update no longer holds has gone with its device (or the model went away).
    for (const key of [...this.raised.keys()]) if (!seen.has(key)) this.drop(key);
  }

  private drop(key: string): void {
    if (!this.raised.delete(key)) return;
    this.book.clear(key);
  }
}
