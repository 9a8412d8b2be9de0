/**
 * Lead time of a session: from the first warning (a safety rule or the risk model at Warning or
 * higher) to the onset of thermal runaway (the GB 38031 rule firing, or the model's Runaway class).
 * A pure function over what History stores, so the report and its tests read the same definition.
 */
import type { AlarmSeverity } from '../contract/index.js';

export interface AlarmChangePoint {
  tMs: number;
  severity: AlarmSeverity;
  code: string;
  source: string;
  cell: number | null;
}

export interface RiskPoint {
  tMs: number;
  /** 0 Normal, 1 Watch, 2 Warning, 3 Alarm, 4 Runaway. */
  cls: number;
  cell: number | null;
}

export interface LeadTime {
  onset: { tMs: number; by: string; cell: number | null } | null;
  firstWarning: { tMs: number; by: string; cell: number | null } | null;
  /** onset − first warning, when both exist and the warning came first. */
  leadMs: number | null;
}

export const RISK_WARNING = 2;
export const RISK_RUNAWAY = 4;
const isRunawayCode = (code: string) => /RUNAWAY/i.test(code);
const WARN_RANK: Record<AlarmSeverity, number> = { info: 0, warning: 1, alarm: 2, critical: 3 };

export function leadTime(changes: AlarmChangePoint[], risk: RiskPoint[]): LeadTime {
  let onset: LeadTime['onset'] = null;
  for (const c of changes)
    if (isRunawayCode(c.code) && (onset === null || c.tMs < onset.tMs))
      onset = { tMs: c.tMs, by: `rule ${c.code}`, cell: c.cell };
  for (const r of risk)
    if (r.cls >= RISK_RUNAWAY && (onset === null || r.tMs < onset.tMs))
      onset = { tMs: r.tMs, by: 'model: Runaway', cell: r.cell };

  let first: LeadTime['firstWarning'] = null;
  const before = (t: number) => onset === null || t <= onset.tMs;
  for (const c of changes) {
    // Link and store alarms say nothing about the cells' risk.
    if (c.source !== 'rule' && c.source !== 'model') continue;
    if (WARN_RANK[c.severity] < WARN_RANK.warning || !before(c.tMs)) continue;
    if (first === null || c.tMs < first.tMs) first = { tMs: c.tMs, by: `${c.source} ${c.code}`, cell: c.cell };
  }
  for (const r of risk)
    if (r.cls >= RISK_WARNING && before(r.tMs) && (first === null || r.tMs < first.tMs))
      first = { tMs: r.tMs, by: `model class ${r.cls}`, cell: r.cell };

  return {
    onset,
    firstWarning: first,
    leadMs: onset && first && first.tMs <= onset.tMs ? onset.tMs - first.tMs : null,
  };
}
