/**
 * How far past its own cell's limits a temperature or voltage is, judged by the lines the station
 * judges it by (the device status's `limits`, from the session's chemistry), never by numbers kept in
 * the UI. The levels follow the rules' raise lines: a reading on a line is past it, as T_WARN, T_ALARM
 * and T_MAX raise at it. A voltage is 'alarm' past the line where V_LOW or V_HIGH start counting their
 * hold, so the colour shows ahead of the held alarm, and 'warn' once it is half way from the window's
 * edge to that line: a cycler holds a charge at V_max and ends a discharge at V_min, its reading a few
 * mV either side every cycle (safety-limits.ts), and a mark at the edge itself would blink each cycle.
 */
import {
  limitTempText,
  limitVoltText,
  type CellLimits,
  type CellReading,
  type DeviceStatus,
} from '../../../native-bridge/contract/index.js';

export type LimitLevel = 'ok' | 'warn' | 'alarm' | 'critical';
export type LimitQuantity = 'temp' | 'volt';

export const LEVEL_RANK: Readonly<Record<LimitLevel, number>> = { ok: 0, warn: 1, alarm: 2, critical: 3 };

/** A value past a limit: its level and the limit in words, for the tooltip, the screen reader and the hint. */
export interface LimitJudgement {
  level: LimitLevel;
  /** "above the 60 °C limit"; empty when ok. */
  words: string;
  /** Which way it is past: a non-colour cue printed beside the value. */
  direction: 'above' | 'below' | null;
}

const OK: LimitJudgement = Object.freeze({ level: 'ok', words: '', direction: null });

export function tempJudgement(tempC: number | null, l: CellLimits | null | undefined): LimitJudgement {
  if (tempC === null || !Number.isFinite(tempC) || !l) return OK;
  if (tempC >= l.tempMaxC)
    return { level: 'critical', words: `above the ${limitTempText(l.tempMaxC)} maximum`, direction: 'above' };
  if (tempC >= l.tempAlarmC)
    return { level: 'alarm', words: `above the ${limitTempText(l.tempAlarmC)} limit`, direction: 'above' };
  if (tempC >= l.tempWarnC)
    return { level: 'warn', words: `above the ${limitTempText(l.tempWarnC)} warning line`, direction: 'above' };
  return OK;
}

export function voltJudgement(voltageV: number | null, l: CellLimits | null | undefined): LimitJudgement {
  if (voltageV === null || !Number.isFinite(voltageV) || !l) return OK;
  if (voltageV < l.voltLowAlarmV)
    return {
      level: 'alarm',
      words: `below the ${limitVoltText(l.voltLowAlarmV)} under-voltage line`,
      direction: 'below',
    };
  if (voltageV > l.voltHighAlarmV)
    return {
      level: 'alarm',
      words: `above the ${limitVoltText(l.voltHighAlarmV)} over-voltage line`,
      direction: 'above',
    };
  if (voltageV < (l.voltMinV + l.voltLowAlarmV) / 2)
    return { level: 'warn', words: `below the ${limitVoltText(l.voltMinV)} cut-off`, direction: 'below' };
  if (voltageV > (l.voltMaxV + l.voltHighAlarmV) / 2)
    return { level: 'warn', words: `above the ${limitVoltText(l.voltMaxV)} charge limit`, direction: 'above' };
  return OK;
}

export function judge(q: LimitQuantity, value: number | null, l: CellLimits | null | undefined): LimitJudgement {
  return q === 'temp' ? tempJudgement(value, l) : voltJudgement(value, l);
}

/** Each device's limits by its id: a reading is judged by its own device's. */
export function limitsByDevice(devices: readonly DeviceStatus[] | null | undefined): Map<string, CellLimits> {
  const out = new Map<string, CellLimits>();
  for (const d of devices ?? []) if (d.deviceId !== null && d.limits) out.set(d.deviceId, d.limits);
  return out;
}

/** The reading furthest past its limits for `q` (the first of equals, so the newest in a newest-first list), or null when none is. */
export function worstReading(
  q: LimitQuantity,
  readings: readonly CellReading[],
  limits: ReadonlyMap<string, CellLimits>,
): { reading: CellReading; judgement: LimitJudgement } | null {
  let worst: { reading: CellReading; judgement: LimitJudgement } | null = null;
  for (const r of readings) {
    const j = judge(q, q === 'temp' ? r.tempC : r.voltageV, limits.get(r.deviceId));
    if (j.level !== 'ok' && (!worst || LEVEL_RANK[j.level] > LEVEL_RANK[worst.judgement.level]))
      worst = { reading: r, judgement: j };
  }
  return worst;
}

/** The stat card's tone for a level: the card keeps two tones of its own. */
export function cardTone(level: LimitLevel): 'normal' | 'warn' | 'error' {
  return level === 'ok' ? 'normal' : level === 'warn' ? 'warn' : 'error';
}
