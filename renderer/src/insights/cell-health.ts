/**
 * What the health panel says about one cell, decided without React so it can be tested with fixed
 * predictions: the badge in words, severity, confidence, reliability with its reasons, the
 * recommendation, the five class probabilities, the drivers in words, the rule that outranked the
 * model and the time to runaway. When the model cannot speak for the cell (missing, disabled, loading,
 * inputs outside its training range, or no current data) it says so and the rules' state leads.
 */
import {
  RISK_CLASSES,
  type DeviceStatus,
  type ModelState,
  type Prediction,
  type Reliability,
  type RiskClass,
  type RiskSeverity,
  type TimeToRunaway,
} from '../../../native-bridge/contract/index.js';
import { formatAge } from '../format/units.js';
import { driversSentence, reasonInWords } from './feature-words.js';
import { ruleName } from '../../../native-bridge/contract/index.js';
import { SEVERITY_LABEL } from '../alarms/alarm-words.js';
import type { RuleState } from './rule-state.js';

export const SEVERITY_WORDS: Record<RiskClass, RiskSeverity> = {
  Normal: 'none',
  Watch: 'low',
  Warning: 'medium',
  Alarm: 'high',
  Runaway: 'critical',
};

export const RELIABILITY_WORDS: Record<Reliability, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  'not-applicable': 'Not applicable',
};

/** Why the model does not speak for this cell; null when it does. */
export type Silence =
  'model-missing' | 'model-disabled' | 'model-loading' | 'not-applicable' | 'no-prediction' | 'device-not-streaming';

export interface HealthInput {
  deviceId: string;
  cell: number;
  prediction: Prediction | null;
  modelState: ModelState | null;
  /** Why the model is not loaded, as the station put it. */
  modelError: string | null;
  device: Pick<DeviceStatus, 'state' | 'label'> | null;
  rules: RuleState;
  /** Station time of the data, for the age of a prediction. */
  nowMs: number;
}

export interface ProbabilityBar {
  riskClass: RiskClass;
  pct: number;
}

export interface HealthView {
  title: string;
  /** "BATTERY HEALTH: WARNING"; with the model silent, the rules' state in its place. */
  badge: string;
  /** Colour key of the badge: a risk severity, or `unknown` (grey) when nothing vouches for the cell. */
  tone: RiskSeverity | 'unknown';
  /** The class shown (model after hysteresis and rules), or null when the model does not speak. */
  riskClass: RiskClass | null;
  severity: string;
  confidence: string;
  reliability: string;
  reliabilityReasons: string[];
  recommendation: string;
  bars: ProbabilityBar[] | null;
  drivers: string | null;
  /** Which rule outranked the model, in words; null if none did. */
  outranked: string | null;
  timeToRunaway: string;
  timeToRunawayNote: string | null;
  /** The model's silence in words (the panel's leading line then), or null. */
  silence: Silence | null;
  silenceText: string | null;
  /** The safety rules' own state of the cell. */
  ruleState: string;
}

/** Whole minutes above two minutes, seconds below: "45 s", "4 min", "1 h 10 min". */
export function formatDurationS(s: number): string {
  if (s < 120) return `${Math.round(s)} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

export function timeToRunawayText(t: TimeToRunaway | null): string {
  if (!t) return '—';
  const high = t.highS === null ? `more than ${formatDurationS(t.horizonS)}` : formatDurationS(t.highS);
  if (t.medianS === 0 && t.lowS === 0) return t.highS === 0 ? 'now: the onset is under way' : `now (up to ${high})`;
  return `about ${formatDurationS(t.medianS)} (80 % interval ${formatDurationS(t.lowS)} – ${high})`;
}

function silenceOf(i: HealthInput): Silence | null {
  if (i.modelState === 'unavailable') return 'model-missing';
  if (i.modelState === 'disabled') return 'model-disabled';
  if (i.modelState === 'loading' || i.modelState === null) return 'model-loading';
  if (i.device && i.device.state !== 'streaming') return 'device-not-streaming';
  if (!i.prediction) return 'no-prediction';
  if (i.prediction.reliability === 'not-applicable') return 'not-applicable';
  return null;
}

function silenceText(s: Silence, i: HealthInput): string {
  switch (s) {
    case 'model-missing':
      return `The risk model is not loaded${i.modelError ? ` (${i.modelError})` : ''}. Only the safety rules watch this cell.`;
    case 'model-disabled':
      return 'The risk model is turned off. Only the safety rules watch this cell.';
    case 'model-loading':
      return 'The risk model is still loading. Until it runs, only the safety rules watch this cell.';
    case 'device-not-streaming':
      return `No current data from ${i.device?.label ?? i.deviceId} (${i.device?.state ?? 'unknown'}): the model cannot judge this cell until data flows again.`;
    case 'no-prediction':
      return 'No prediction for this cell yet (the model needs a few seconds of data). The safety rules are running.';
    case 'not-applicable':
      return 'The model does not apply to this cell now: its inputs are outside what the model was trained on, so its class means nothing. The safety rules decide.';
  }
}

function ruleStateText(r: RuleState): string {
  if (!r.worst) return 'Safety rules: no limit crossed.';
  const list = r.all.map((a) => `${ruleName(a.code)} (${a.code})`).join('; ');
  return `Safety rules: ${SEVERITY_LABEL[r.worst.severity].toUpperCase()} — ${list}. ${r.worst.message}`;
}

const RULE_TONE: Record<string, RiskSeverity> = { info: 'low', warning: 'medium', alarm: 'high', critical: 'critical' };

export function cellHealth(i: HealthInput): HealthView {
  const p = i.prediction;
  const silence = silenceOf(i);
  const title = `${i.deviceId} · cell ${i.cell}`;
  const ruleState = ruleStateText(i.rules);
  const reliabilityReasons = p ? p.reasons.map(reasonInWords) : [];
  if (!p || (silence !== null && silence !== 'not-applicable')) {
    // Nothing from the model counts: the rules' state is the badge.
    const worst = i.rules.worst;
    return {
      title,
      badge: worst
        ? `RULES: ${SEVERITY_LABEL[worst.severity].toUpperCase()} (${worst.code})`
        : 'BATTERY HEALTH: NOT ASSESSED BY THE MODEL',
      tone: worst ? RULE_TONE[worst.severity]! : 'unknown',
      riskClass: null,
      severity: worst ? `${worst.severity} (safety rule)` : 'not assessed',
      confidence: '—',
      reliability: 'Not applicable',
      reliabilityReasons: silence === 'device-not-streaming' ? reliabilityReasons : [],
      recommendation: worst
        ? 'A safety rule stands for this cell: act on it (see the Alarms tab) and check the rig.'
        : 'Watch the cell’s temperature and voltage yourself until the model can judge it again.',
      bars: null,
      drivers: null,
      outranked: null,
      timeToRunaway: '—',
      timeToRunawayNote: null,
      silence,
      silenceText: silenceText(silence ?? 'no-prediction', i),
      ruleState,
    };
  }
  const notApplicable = silence === 'not-applicable';
  const cls = p.className;
  // A "Normal" the model cannot vouch for is no all-clear (ARCHITECTURE.md: unknown is never Normal).
  const unvouched = cls === 'Normal' && (p.reliability === 'low' || notApplicable);
  const age = i.nowMs - p.tHostMs;
  return {
    title,
    badge: unvouched ? 'BATTERY HEALTH: UNKNOWN' : `BATTERY HEALTH: ${cls.toUpperCase()}`,
    tone: unvouched ? 'unknown' : SEVERITY_WORDS[cls],
    riskClass: cls,
    severity: unvouched ? 'unknown' : SEVERITY_WORDS[cls],
    confidence: notApplicable ? '—' : `${Math.round(p.confidence * 100)} %`,
    reliability: RELIABILITY_WORDS[p.reliability],
    reliabilityReasons:
      reliabilityReasons.length > 0 || p.reliability !== 'high'
        ? reliabilityReasons
        : ['fresh, sound data inside the model’s training range'],
    recommendation: p.recommendation,
    bars: notApplicable ? null : RISK_CLASSES.map((c, k) => ({ riskClass: c, pct: (p.probabilities[k] ?? 0) * 100 })),
    drivers: notApplicable ? null : driversSentence(p.drivers, p.cell),
    outranked: outrankedText(p, notApplicable),
    timeToRunaway: timeToRunawayText(p.timeToRunaway),
    timeToRunawayNote:
      p.timeToRunaway === null
        ? notApplicable
          ? 'No estimate: the model does not apply to this cell now.'
          : 'No estimate: an onset within the model’s horizon is less likely than not.'
        : age > 5_000
          ? `Estimated ${formatAge(age)} ago.`
          : null,
    silence,
    silenceText: silence ? silenceText(silence, i) : null,
    ruleState,
  };
}

/**
 * What set the class shown, when it is not simply the model's: a rule's floor, the model not applying,
 * or a standing alarm (the runaway hold) or the escalation hold keeping the class above the model's
 * current one. "None" would claim the model's authority for a class it did not give.
 */
function outrankedText(p: Prediction, notApplicable: boolean): string | null {
  if (p.ruleOverride)
    return `${ruleName(p.ruleOverride.rule)} (${p.ruleOverride.rule}) holds this cell at ${p.ruleOverride.floorClass} or above; the model alone said ${p.rawClass}. ${p.ruleOverride.message}`;
  if (notApplicable)
    return 'The model does not apply to this cell now: the class shown is what the safety rules and standing alarms hold.';
  if (p.rawClass !== p.className)
    return `Held at ${p.className} by a standing alarm or the escalation hold; the model alone says ${p.rawClass} now.`;
  return null;
}
