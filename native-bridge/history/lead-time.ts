/**
 * Lead time of a session: from the first warning to the onset of thermal runaway. The onset is the
 * station's one definition (native-bridge/safety/runaway-onset.ts), as the safety layer's RUNAWAY alarm
 * recorded it; a model's Runaway class is a prediction, not an onset. The first warning is the earliest
 * rule alarm of warning severity or higher, or the model at Warning or higher, before the onset; the
 * model's and the limit rules' own first warnings are reported beside it, because a minute of warning
 * that came from a fixed temperature limit says nothing about the model. A pure function over what
 * History stores, so the report and its tests read the same definition.
 */
import { RISK_CLASSES, type AlarmSeverity } from '../contract/index.js';
import { RUNAWAY_CODE } from '../safety/runaway-onset.js';

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

export interface Warned {
  tMs: number;
  by: string;
  cell: number | null;
}

export interface LeadTime {
  onset: Warned | null;
  /** The earliest warning of either kind. */
  firstWarning: Warned | null;
  /** onset − first warning, when both exist and the warning came first. */
  leadMs: number | null;
  /** The risk model's own first Warning-or-higher, and its lead. */
  model: { firstWarning: Warned | null; leadMs: number | null };
  /** The safety rules' own first warning (limits, held rise; not the onset itself), and its lead. */
  rules: { firstWarning: Warned | null; leadMs: number | null };
}

export const RISK_WARNING = 2;
const WARN_RANK: Record<AlarmSeverity, number> = { info: 0, warning: 1, alarm: 2, critical: 3 };

const earlier = (a: Warned | null, b: Warned | null) => (a === null ? b : b === null || a.tMs <= b.tMs ? a : b);

export function leadTime(changes: AlarmChangePoint[], risk: RiskPoint[]): LeadTime {
  let onset: Warned | null = null;
  for (const c of changes)
    if (c.source === 'rule' && c.code === RUNAWAY_CODE && (onset === null || c.tMs < onset.tMs))
      onset = { tMs: c.tMs, by: `rule ${c.code}`, cell: c.cell };

  const before = (t: number) => onset === null || t <= onset.tMs;
  let rule: Warned | null = null;
  for (const c of changes) {
    // Link and store alarms say nothing about the cells' risk; the onset is not its own warning.
    if (c.source !== 'rule' || c.code === RUNAWAY_CODE) continue;
    if (WARN_RANK[c.severity] < WARN_RANK.warning || !before(c.tMs)) continue;
    if (rule === null || c.tMs < rule.tMs) rule = { tMs: c.tMs, by: `rule ${c.code}`, cell: c.cell };
  }
  let model: Warned | null = null;
  for (const c of changes)
    if (c.source === 'model' && WARN_RANK[c.severity] >= WARN_RANK.warning && before(c.tMs))
      model = earlier(model, { tMs: c.tMs, by: `risk model at ${c.code}`, cell: c.cell });
  for (const r of risk)
    if (r.cls >= RISK_WARNING && before(r.tMs))
      model = earlier(model, {
        tMs: r.tMs,
        by: `risk model at ${RISK_CLASSES[r.cls] ?? `class ${r.cls}`}`,
        cell: r.cell,
      });

  const lead = (w: Warned | null) => (onset && w && w.tMs <= onset.tMs ? onset.tMs - w.tMs : null);
  const first = earlier(model, rule);
  return {
    onset,
    firstWarning: first,
    leadMs: lead(first),
    model: { firstWarning: model, leadMs: lead(model) },
    rules: { firstWarning: rule, leadMs: lead(rule) },
  };
}
