/**
 * The renderer's copy of the station's alarms: the answer of getAlarms, kept current between fetches
 * by the pushed transitions (onAlarmChanged), so a raise reaches the banner at once and a later fetch
 * only corrects it. Pure, so the merge rules are tested without a station.
 */
import {
  SEVERITY_RANK,
  isStanding,
  type Alarm,
  type AlarmChange,
  type AlarmList,
} from '../../../native-bridge/contract/index.js';

export interface AlarmsState {
  /** Standing alarms (open, or cleared before anyone acknowledged them), worst first. */
  active: Alarm[];
  /** The log, newest raised first. */
  recent: Alarm[];
  /** False until the first getAlarms answer: "no alarms" is not said before the station has. */
  loaded: boolean;
}

export const EMPTY_ALARMS: AlarmsState = { active: [], recent: [], loaded: false };

const worstFirst = (x: Alarm, y: Alarm) =>
  SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || x.raisedAtMs - y.raisedAtMs || x.id - y.id;
const newestFirst = (x: Alarm, y: Alarm) => y.raisedAtMs - x.raisedAtMs || y.id - x.id;

export function fromAlarmList(list: AlarmList): AlarmsState {
  return { active: list.active, recent: list.recent, loaded: true };
}

/** The log keeps at most `keep` entries; the station's own log is the full one. */
export function applyAlarmChange(state: AlarmsState, { alarm }: AlarmChange, keep = 500): AlarmsState {
  const others = (list: Alarm[]) => list.filter((a) => a.id !== alarm.id);
  const active = isStanding(alarm) ? [...others(state.active), alarm].sort(worstFirst) : others(state.active);
  const recent = [...others(state.recent), alarm].sort(newestFirst).slice(0, keep);
  return { ...state, active, recent };
}

/** Devices that have a standing alarm now: Settings asks before it disconnects or replaces one. */
export function devicesWithActiveAlarms(state: AlarmsState): Set<string> {
  return new Set(state.active.filter((a) => a.clearedAtMs === null && a.deviceId !== null).map((a) => a.deviceId!));
}
