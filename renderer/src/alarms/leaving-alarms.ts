/**
 * Before Settings disconnects or replaces a streaming device that has an active alarm, the operator is
 * asked: the station stops watching that rig, while its cell may still be heating. Pure, so what is
 * asked and when is tested without a browser.
 */
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { SEVERITY_RANK, alarmName, type Alarm } from '../../../native-bridge/contract/index.js';
import { SEVERITY_LABEL, alarmWhere } from './alarm-words.js';

const NAMED = 3;

/** The question, or null when none of the devices leaving has an open alarm. */
export function leavingAlarmsQuestion(
  leaving: readonly Pick<DeviceLinkInfo, 'deviceId' | 'label'>[],
  active: readonly Alarm[],
  action: string,
): string | null {
  const ids = new Set(leaving.map((l) => l.deviceId).filter((d): d is string => d !== null));
  const open = active
    .filter((a) => a.clearedAtMs === null && a.deviceId !== null && ids.has(a.deviceId))
    .sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity]);
  if (open.length === 0) return null;
  const devices = [...new Set(open.map((a) => a.deviceId!))].join(', ');
  const named = open.slice(0, NAMED).map((a) => `• ${SEVERITY_LABEL[a.severity]}: ${alarmName(a)}, ${alarmWhere(a)}`);
  const more = open.length > NAMED ? [`• and ${open.length - NAMED} more`] : [];
  return [
    `${devices} ${open.length === 1 ? 'has an active alarm' : `has ${open.length} active alarms`}:`,
    ...named,
    ...more,
    '',
    `${action} anyway? The station stops watching ${ids.size === 1 ? 'this rig' : 'these rigs'}; the alarms stay in the log.`,
  ].join('\n');
}
