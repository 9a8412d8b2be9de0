/**
 * The alarms of a window as one strip of the worst severity standing at each moment. Overlapping
 * alarms (a runaway raises T_WARN, T_ALARM, T_MAX and RUNAWAY within seconds, per cell) used to be
 * shaded one over another until the plot was solid orange; a strip drawn once per stretch shows when
 * alarms stood and how bad they were without piling up over the traces. Pure, so it is tested
 * without a canvas.
 */
import {
  ALARM_SEVERITIES,
  SEVERITY_RANK,
  type AlarmSeverity,
  type StoredAlarm,
} from '../../../../native-bridge/contract/index.js';

/** A stretch of time with the same worst standing severity; `toMs` is Infinity while one is still open. */
export interface AlarmStretch {
  fromMs: number;
  toMs: number;
  severity: AlarmSeverity;
}

type Span = Pick<StoredAlarm, 'raisedAtMs' | 'clearedAtMs' | 'peakSeverity'>;

/** Stretches in time order, none overlapping, each at the worst peak severity of the alarms open in it. */
export function alarmStretches(alarms: readonly Span[]): AlarmStretch[] {
  // A sweep over raise (+1) and clear (−1) edges, counting the alarms open at each severity.
  const edges: { tMs: number; rank: number; step: 1 | -1 }[] = [];
  for (const a of alarms) {
    const rank = SEVERITY_RANK[a.peakSeverity];
    edges.push({ tMs: a.raisedAtMs, rank, step: 1 });
    // An alarm cleared the moment it was raised still stood: it keeps a millisecond, drawn at least a line wide.
    if (a.clearedAtMs !== null) edges.push({ tMs: Math.max(a.raisedAtMs + 1, a.clearedAtMs), rank, step: -1 });
  }
  edges.sort((x, y) => x.tMs - y.tMs);
  const open = ALARM_SEVERITIES.map(() => 0);
  const out: AlarmStretch[] = [];
  for (let i = 0; i < edges.length;) {
    const tMs = edges[i]!.tMs;
    for (; i < edges.length && edges[i]!.tMs === tMs; i++) open[edges[i]!.rank]! += edges[i]!.step;
    const worst = open.findLastIndex((n) => n > 0);
    const last = out[out.length - 1];
    if (last && last.toMs === Infinity) last.toMs = tMs;
    if (worst < 0) continue;
    const severity = ALARM_SEVERITIES[worst]!;
    if (last && last.toMs === tMs && last.severity === severity) last.toMs = Infinity;
    else out.push({ fromMs: tMs, toMs: Infinity, severity });
  }
  return out;
}
