/**
 * The module overview's tiles: every cell of every device the station has now, with its shown class
 * (or the rules' state when the model is silent) and its newest temperature. A device the station no
 * longer has is not drawn at all — its last prediction is history, not a cell on the bench — and a
 * device that stopped streaming is drawn grey with "no data", never in a reassuring colour. Its
 * temperature and voltage are judged against the device's own limits (live/limit-level.ts).
 */
import type {
  Alarm,
  CellReading,
  DeviceStatus,
  ModelState,
  Prediction,
  RiskSeverity,
} from '../../../native-bridge/contract/index.js';
import { RUNAWAY_STANDING, strongestFloorRule } from '../../../native-bridge/contract/index.js';
import { judge, type LimitJudgement } from '../live/limit-level.js';
import { SEVERITY_WORDS } from './cell-health.js';
import { cellRuleState } from './rule-state.js';

export interface CellTile {
  key: string;
  deviceId: string;
  cell: number;
  tempC: number | null;
  voltageV: number | null;
  /** Each against the device's limits: ok until the device has limits. */
  temp: LimitJudgement;
  volt: LimitJudgement;
  /** Class, rule severity or "No data", as the tile prints it. */
  label: string;
  tone: RiskSeverity | 'unknown';
  /** 0 Normal … 4 Runaway, the rules' floor when the model is silent; -1 when nothing is known. */
  rank: number;
  /**
   * What put the tile at Warning or above when the label does not say: the rule whose floor holds the
   * class, or the model's own word. A neighbour of a burning cell at Alarm at 30 °C must say why.
   */
  cause: string | null;
  prediction: Prediction | null;
  device: DeviceStatus;
}

export interface DeviceTiles {
  device: DeviceStatus;
  deviceId: string;
  tiles: CellTile[];
}

export const tileKey = (deviceId: string, cell: number) => `${deviceId}#${cell}`;

const RULE_RANK: Record<string, { rank: number; tone: RiskSeverity }> = {
  info: { rank: 1, tone: 'low' },
  warning: { rank: 2, tone: 'medium' },
  alarm: { rank: 3, tone: 'high' },
  critical: { rank: 4, tone: 'critical' },
};

export interface TileInputs {
  devices: readonly DeviceStatus[];
  predictions: readonly Prediction[];
  latestByCell: readonly CellReading[];
  alarms: readonly Alarm[];
  modelState: ModelState | null;
}

export function buildTiles(i: TileInputs): DeviceTiles[] {
  const preds = new Map(i.predictions.map((p) => [tileKey(p.deviceId, p.cell), p]));
  const latest = new Map(i.latestByCell.map((r) => [tileKey(r.deviceId, r.cell), r]));
  const modelOn = i.modelState === 'loaded';
  const out: DeviceTiles[] = [];
  const seen = new Set<string>();
  for (const device of i.devices) {
    const deviceId = device.deviceId;
    if (deviceId === null || seen.has(deviceId)) continue;
    seen.add(deviceId);
    let count = device.cellCount ?? 0;
    for (const p of i.predictions) if (p.deviceId === deviceId) count = Math.max(count, p.cell);
    for (const r of i.latestByCell) if (r.deviceId === deviceId) count = Math.max(count, r.cell);
    const streaming = device.state === 'streaming';
    const tiles: CellTile[] = [];
    for (let cell = 1; cell <= count; cell++) {
      const key = tileKey(deviceId, cell);
      const p = preds.get(key) ?? null;
      const rules = cellRuleState(i.alarms, deviceId, cell);
      const worstRule = rules.worst;
      const byRule = worstRule ? RULE_RANK[worstRule.severity]! : null;
      let label: string;
      let tone: CellTile['tone'];
      let rank: number;
      let cause: string | null = null;
      if (!streaming) {
        [label, tone, rank] = ['No data', 'unknown', byRule?.rank ?? -1];
      } else if (modelOn && p && (p.reliability !== 'not-applicable' || p.className !== 'Normal')) {
        // Past the model's training range the class shown is what the rules and standing alarms hold
        // (the health panel's badge says the same); only a bare Normal there means nothing.
        const unvouched = p.className === 'Normal' && p.reliability === 'low';
        [label, tone, rank] = unvouched
          ? ['Unknown', 'unknown', -1]
          : [p.className, SEVERITY_WORDS[p.className], p.classIndex];
        if (!unvouched) cause = tileCause(p, rules.all);
      } else if (byRule && worstRule) {
        [label, tone, rank] = [`Rule: ${worstRule.code}`, byRule.tone, byRule.rank];
      } else {
        [label, tone, rank] = [modelOn && p ? 'Model n/a' : modelOn ? 'Waiting' : 'Rules: OK', 'unknown', -1];
      }
      const r = streaming ? latest.get(key) : undefined;
      const tempC = r?.tempC ?? null;
      const voltageV = r?.voltageV ?? null;
      tiles.push({
        key,
        deviceId,
        cell,
        tempC,
        voltageV,
        temp: judge('temp', tempC, device.limits),
        volt: judge('volt', voltageV, device.limits),
        label,
        tone,
        rank,
        cause,
        prediction: p,
        device,
      });
    }
    out.push({ device, deviceId, tiles });
  }
  return out;
}

const WARNING_RANK = 2;

/**
 * Short enough for a 90 px tile: the rule's code, "runaway held" for a standing runaway, the rules, or
 * the model. `openRules`: the cell's open rule alarms, worst first.
 */
export function tileCause(p: Prediction, openRules: readonly Pick<Alarm, 'code'>[]): string | null {
  if (p.classIndex < WARNING_RANK) return null;
  if (!p.ruleOverride) {
    if (p.reliability !== 'not-applicable') return 'by model';
    // Past its training range the model's class means nothing: what is shown is the rules'
    // (cell-health.ts), so the rule named is the one whose floor decides the class — RUNAWAY, not T_MAX
    // beside it (both critical, but T_MAX holds a cell at Alarm only).
    const deciding = strongestFloorRule(openRules.map((a) => a.code)) ?? openRules[0]?.code;
    return deciding ? `by ${deciding}` : 'by rules';
  }
  return p.ruleOverride.rule === RUNAWAY_STANDING ? 'runaway held' : `by ${p.ruleOverride.rule}`;
}

/** The cell to show when the operator has not picked one: the highest rank, then the hottest. */
export function worstTile(devices: readonly DeviceTiles[]): CellTile | null {
  let worst: CellTile | null = null;
  for (const d of devices)
    for (const t of d.tiles)
      if (
        !worst ||
        t.rank > worst.rank ||
        (t.rank === worst.rank && (t.tempC ?? -Infinity) > (worst.tempC ?? -Infinity))
      )
        worst = t;
  return worst;
}

/** Every cell at Alarm or Runaway (or a rule of that severity): listed above the grid by name. */
export function criticalTiles(devices: readonly DeviceTiles[]): CellTile[] {
  return devices.flatMap((d) => d.tiles.filter((t) => t.rank >= 3)).sort((a, b) => b.rank - a.rank);
}
