/**
 * Whether pushed news must reach a view at once, even while it is paused: a cell whose
 * class rose above what the view shows, or an alarm raised, escalated or returned at Warning or worse. A
 * de-escalation waits for the next refresh: the operator paused to read, and calmer news can wait.
 */
import { useEffect, useRef } from 'react';
import type { AlarmChange, Prediction, StationApi } from '../../../native-bridge/contract/index.js';
import { SEVERITY_RANK, isAlarmOnset } from '../../../native-bridge/contract/index.js';
import { cellKey } from './chart-series.js';

export function predictionsEscalate(shown: readonly Prediction[] | null, pushed: readonly Prediction[]): boolean {
  const before = new Map((shown ?? []).map((p) => [cellKey(p.deviceId, p.cell), p.classIndex]));
  return pushed.some((p) => p.classIndex > (before.get(cellKey(p.deviceId, p.cell)) ?? 0));
}

export function alarmEscalates(c: AlarmChange): boolean {
  return isAlarmOnset(c.change) && SEVERITY_RANK[c.alarm.severity] >= SEVERITY_RANK.warning;
}

/**
 * Refreshes a polled view at once when pushed predictions or alarms escalate past what it shows,
 * paused or not: the view's own poll is what keeps its parts consistent, so escalation pulls through
 * it rather than patching the pushed predictions in beside older readings.
 */
export function useEscalationRefresh(
  station: StationApi,
  shown: readonly Prediction[] | null,
  refreshNow: () => void,
): void {
  const shownRef = useRef(shown);
  useEffect(() => {
    shownRef.current = shown;
  }, [shown]);
  useEffect(() => {
    const offP = station.on('onPredictions', (u) => {
      if (predictionsEscalate(shownRef.current, u.predictions)) refreshNow();
    });
    const offA = station.on('onAlarmChanged', (c) => {
      if (alarmEscalates(c)) refreshNow();
    });
    return () => {
      offP();
      offA();
    };
  }, [station, refreshNow]);
}
