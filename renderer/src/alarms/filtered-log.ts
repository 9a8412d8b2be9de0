/**
 * The log the Alarms tab shows under a filter. The renderer holds only the newest LOG_LIMIT alarms of
 * every device: filtered there, a week-long campaign's quiet device or its last critical alarm would
 * fall out of view behind a noisy neighbour. So a filtered log is asked of the station (which reads its
 * store), and the held list only answers until that reply comes.
 */
import { ALARM_SEVERITIES, type Alarm, type AlarmFilter } from '../../../native-bridge/contract/index.js';
import { STATION_ROW, filterLog, type LogFilter } from './alarm-filter.js';

/** How many of the newest matching alarms a filtered log shows (the contract allows up to 5000). */
export const FILTERED_LOG_LIMIT = 2_000;

/** The station's query for a filter; null when nothing is filtered (the held log is the answer). */
export function logQuery(f: LogFilter): (AlarmFilter & { limit: number }) | null {
  const severity = f.minSeverity === ALARM_SEVERITIES[0] ? {} : { minSeverity: f.minSeverity };
  // Alarms of no device cannot be asked for by id: they are asked by severity and picked here.
  const device = f.deviceId === '' || f.deviceId === STATION_ROW ? {} : { deviceId: f.deviceId };
  if (f.deviceId === '' && !('minSeverity' in severity)) return null;
  return { ...severity, ...device, limit: FILTERED_LOG_LIMIT };
}

export interface FilteredLog {
  rows: Alarm[];
  /** True when the rows may stop short of every match: the station's answer filled its limit. */
  truncated: boolean;
}

/**
 * The rows to show: the station's answer for this filter when there is one, kept current by the held
 * log's newer versions of the same alarms (a push lands there first), else the held log filtered.
 */
export function filteredRows(held: readonly Alarm[], f: LogFilter, answer: readonly Alarm[] | null): FilteredLog {
  const fromHeld = filterLog(held, f);
  if (answer === null) return { rows: fromHeld, truncated: false };
  const byId = new Map(filterLog(answer, f).map((a) => [a.id, a]));
  for (const a of fromHeld) byId.set(a.id, a);
  const rows = [...byId.values()].sort((a, b) => b.raisedAtMs - a.raisedAtMs || b.id - a.id);
  return { rows, truncated: answer.length >= FILTERED_LOG_LIMIT };
}
