/**
 * What holds a cell's shown class up: its open rule alarms (each rule's floor, ml/rule-floor.ts), and
 * any runaway alarm of the cell that still stands — the GB 38031 rule's RUNAWAY or the model's
 * Runaway, open or cleared before anyone acknowledged it.
 *
 * Why a standing runaway holds the class at Runaway: a cell that has run away does not recover. What
 * ends the runaway on screen is the operator having seen it (acknowledged) and its condition having
 * gone; until then the tile, the health panel and the banner say the same thing. Without this hold the
 * oven run (seed 6, 60×) showed Runaway for a few seconds and then "Alarm" beside a critical Runaway
 * banner: the model, once its inputs left the range it was trained on, said Normal, its hysteresis let
 * go after 10 device-seconds, and only T_MAX's Alarm floor was left.
 */
import type { Alarm } from '../contract/index.js';
import { RUNAWAY_STANDING, isStanding } from '../contract/index.js';
import { RUNAWAY_CODE } from './runaway-onset.js';

export interface FloorAlarm {
  code: string;
  message: string;
  cell: number | null;
}

export const isRunawayAlarm = (a: Pick<Alarm, 'source' | 'code'>): boolean =>
  (a.source === 'rule' && a.code === RUNAWAY_CODE) || (a.source === 'model' && a.code === 'Runaway');

/** The floors the standing alarms of one device set (the book's standingFor). */
export function floorAlarms(standing: Iterable<Readonly<Alarm>>): FloorAlarm[] {
  const out: FloorAlarm[] = [];
  for (const a of standing) {
    if (a.source === 'rule' && a.clearedAtMs === null) out.push({ code: a.code, message: a.message, cell: a.cell });
    else if (isRunawayAlarm(a) && isStanding(a))
      out.push({
        code: RUNAWAY_STANDING,
        message: `${a.message} — held at Runaway until that alarm is acknowledged and its condition has gone`,
        cell: a.cell,
      });
  }
  return out;
}
